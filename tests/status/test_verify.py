"""The verifier side: one ``status`` check per entry, fail closed, through the real Verifier pipeline.

Lists and credentials are secured with the keyless fake suite, so the status list's own verification (proof,
issuer, validity) runs through :class:`microcred.verification.verifier.Verifier` exactly as with real suites.
"""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from microcred.clock import FixedClock
from microcred.errors import FetchError
from microcred.fetcher import FetchedResource, StaticFetcher
from microcred.status import (
    Bitstring,
    StatusRegistry,
    build_entry,
    build_status_list_credential,
    check_status,
)
from microcred.verification.results import Check, CheckStatus, VerificationResult

from .conftest import DATA, ISSUER, LIST_URL, NOW, SUSPENSION_URL, credential, load, make_verifier, sign

CID = "urn:uuid:2f0b2c3e-9f43-4b8e-9d53-6f0e2b1f6c11"
OTHER = SimpleNamespace(kid="did:example:other#key-1", controller="did:example:other", is_private=True)
INVALID_ENTRIES: dict[str, Any] = load(DATA / "invalid-entries.json")


def checks(cred: dict[str, Any], *lists: Any, fetcher: Any = "static", **kw: Any) -> list[Check]:
    if fetcher == "static":
        fetcher = StaticFetcher({doc["id"]: json.dumps(doc) for doc in lists})
    return check_status(
        cred, fetcher=fetcher, verify_list=make_verifier().verify, clock=FixedClock(NOW), **kw
    )


def codes(result: list[Check]) -> list[str]:
    return [f"{c.status.value}:{c.code}" for c in result]


def signed_list(
    purpose: str | list[str] = "revocation",
    *,
    url: str = LIST_URL,
    bits: Bitstring | None = None,
    encoded: str | None = None,
    key: Any = None,
    **kw: Any,
) -> dict[str, Any]:
    key = key or SimpleNamespace(kid=f"{ISSUER}#key-1", controller=ISSUER, is_private=True)
    doc = build_status_list_credential(
        url,
        issuer=key.controller,
        status_purpose=purpose,
        encoded_list=encoded if encoded is not None else (bits or Bitstring.zeros(131072)).encode(),
        **kw,
    )
    return sign(doc, key=key)


# -- through Verifier.verify: the whole pipeline -------------------------------------------------------------
def test_active_revoked_suspended_reinstated(registry: StatusRegistry) -> None:
    cred = credential(registry.allocate(CID))

    def verify() -> VerificationResult:
        lists = [registry.publish(LIST_URL, sign=sign), registry.publish(SUSPENSION_URL, sign=sign)]
        return make_verifier(lists).verify(cred)

    active = verify()
    assert active.verified, active.summary()
    assert codes(active.by_name("status")) == ["passed:STATUS_ACTIVE", "passed:STATUS_ACTIVE"]
    assert active.check("status").concept == "REVOCATION"

    registry.suspend(CID)
    suspended = verify()
    assert not suspended.verified
    assert codes(suspended.by_name("status")) == ["passed:STATUS_ACTIVE", "failed:STATUS_SUSPENDED"]

    registry.reinstate(CID)
    assert verify().verified

    registry.revoke(CID)
    revoked = verify()
    assert not revoked.verified
    first = revoked.by_name("status")[0]
    assert (first.status, first.code) == (CheckStatus.FAILED, "STATUS_REVOKED")
    assert first.details["statusListCredential"] == LIST_URL and first.details["status"] == 1


def test_no_list_and_no_fetcher_is_an_error_never_passed(registry: StatusRegistry) -> None:
    result = make_verifier().verify(credential(registry.allocate(CID, ("revocation",))))
    assert not result.verified
    assert codes(result.by_name("status")) == ["error:STATUS_LIST_UNAVAILABLE"]


def test_a_tampered_list_is_not_verified(registry: StatusRegistry) -> None:
    cred = credential(registry.allocate(CID, ("revocation",)))
    registry.revoke(CID)
    published: Any = registry.publish(LIST_URL, sign=sign)
    published["credentialSubject"]["encodedList"] = Bitstring.zeros(131072).encode()  # "un-revoke" it
    result = make_verifier([published]).verify(cred)
    assert codes(result.by_name("status")) == ["error:STATUS_LIST_NOT_VERIFIED"]
    assert not result.verified


# -- check_status directly -----------------------------------------------------------------------------------
def test_unreachable_list() -> None:
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred)) == ["error:STATUS_LIST_UNAVAILABLE"]
    assert codes(checks(cred, fetcher=None)) == ["error:STATUS_LIST_UNAVAILABLE"]

    class Down:
        def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
            raise FetchError(f"fetching {url} returned HTTP 503")

    result = checks(cred, fetcher=Down())
    assert codes(result) == ["error:STATUS_LIST_UNAVAILABLE"] and "503" in result[0].message


def test_an_unsigned_list_is_not_verified() -> None:
    unsigned = build_status_list_credential(
        LIST_URL, issuer=ISSUER, status_purpose="revocation", encoded_list=Bitstring.zeros(131072).encode()
    )
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred, unsigned)) == ["error:STATUS_LIST_NOT_VERIFIED"]


def test_garbage_at_the_list_url_is_not_verified() -> None:
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred, fetcher=StaticFetcher({LIST_URL: b"\x00not json"}))) == [
        "error:STATUS_LIST_NOT_VERIFIED"
    ]


def test_verify_list_that_raises_is_an_error() -> None:
    from microcred.errors import ResolutionError

    def broken(data: Any) -> VerificationResult:
        raise ResolutionError("did:example:university cannot be resolved")

    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    fetcher = StaticFetcher({LIST_URL: json.dumps(signed_list())})
    result = check_status(cred, fetcher=fetcher, verify_list=broken, clock=FixedClock(NOW))
    assert codes(result) == ["error:STATUS_LIST_NOT_VERIFIED"]


def test_list_issuer_must_be_the_credential_issuer() -> None:
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    foreign = signed_list(key=OTHER)
    result = checks(cred, foreign)
    assert codes(result) == ["failed:STATUS_LIST_ISSUER_MISMATCH"]
    assert result[0].details["listIssuer"] == "did:example:other"
    # The REC allows a separate status authority; a verifier can opt in.
    assert codes(checks(cred, foreign, require_same_issuer=False)) == ["passed:STATUS_ACTIVE"]


@pytest.mark.parametrize(
    ("dates", "code"),
    [
        ({"valid_until": "2026-01-01T00:00:00Z"}, "STATUS_LIST_EXPIRED"),
        ({"valid_from": "2026-02-01T00:00:00Z"}, "STATUS_LIST_NOT_YET_VALID"),
    ],
)
def test_list_outside_its_validity_period(dates: dict[str, str], code: str) -> None:
    from microcred.clock import parse_datetime

    when: dict[str, Any] = {k: parse_datetime(v) for k, v in dates.items()}
    lst = signed_list(**when)
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred, lst)) == [f"error:{code}"]


def test_a_list_inside_its_validity_period() -> None:
    from microcred.clock import parse_datetime

    lst = signed_list(
        valid_from=parse_datetime("2026-01-15T00:00:00Z"), valid_until=parse_datetime("2026-01-16T00:00:00Z")
    )
    assert codes(checks(credential(build_entry(LIST_URL, 5, "revocation")), lst)) == ["passed:STATUS_ACTIVE"]


def test_a_short_list_is_an_error(tmp_path: Any) -> None:
    with StatusRegistry(tmp_path / "s.sqlite", clock=NOW) as reg:
        reg.create_list(LIST_URL, size=1024, min_size=8, issuer=ISSUER)
        cred = credential(reg.allocate(CID))
        lst = reg.publish(LIST_URL, sign=sign)
    assert codes(checks(cred, lst)) == ["error:STATUS_LIST_TOO_SHORT"]
    assert codes(checks(cred, lst, min_entries=1024)) == [
        "passed:STATUS_ACTIVE"
    ]  # an ecosystem's lower bound


def test_index_out_of_range() -> None:
    cred = credential(build_entry(LIST_URL, 131072, "revocation"))
    result = checks(cred, signed_list())
    assert codes(result) == ["error:STATUS_INDEX_OUT_OF_RANGE"]
    assert codes(checks(credential(build_entry(LIST_URL, 131071, "revocation")), signed_list())) == [
        "passed:STATUS_ACTIVE"
    ]


def test_purpose_mismatch() -> None:
    cred = credential(build_entry(LIST_URL, 5, "suspension"))
    assert codes(checks(cred, signed_list("revocation"))) == ["error:STATUS_PURPOSE_MISMATCH"]


def test_zip_bomb_list_is_cut_off() -> None:
    from microcred.status.bitstring import encode_list

    bomb = signed_list(encoded=encode_list(bytes(20 * 1024 * 1024)))  # 20 MiB > the 16 MiB default cap
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred, bomb)) == ["error:STATUS_LIST_TOO_LARGE"]
    assert codes(checks(cred, signed_list(), max_bytes=8 * 1024)) == ["error:STATUS_LIST_TOO_LARGE"]


@pytest.mark.parametrize(
    "encoded", ["H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", "uAAAA", "u!!"]
)
def test_malformed_encoded_list_is_an_error(encoded: str) -> None:
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    assert codes(checks(cred, signed_list(encoded=encoded))) == ["error:STATUS_LIST_INVALID"]


def test_list_of_the_wrong_type_or_url_is_invalid() -> None:
    cred = credential(build_entry(LIST_URL, 5, "revocation"))
    lst = build_status_list_credential(
        LIST_URL, issuer=ISSUER, status_purpose="revocation", encoded_list=Bitstring.zeros(131072).encode()
    )
    lst["type"] = ["VerifiableCredential", "StatusList2021Credential"]
    assert codes(checks(cred, sign(lst))) == ["error:STATUS_LIST_INVALID"]
    elsewhere = signed_list(url="https://registrar.example.edu/status/9")
    fetcher = StaticFetcher({LIST_URL: json.dumps(elsewhere)})
    assert codes(checks(cred, fetcher=fetcher)) == ["error:STATUS_LIST_INVALID"]


def test_unsupported_entry_type_is_an_error() -> None:
    cred = credential({"id": "https://example.edu/status/1", "type": "1EdTechRevocationList"})
    assert codes(checks(cred)) == ["error:STATUS_TYPE_UNSUPPORTED"]


@pytest.mark.parametrize("name", sorted(INVALID_ENTRIES))
def test_malformed_entry_fails(name: str) -> None:
    result = checks(credential(INVALID_ENTRIES[name]["entry"]))
    assert codes(result) == ["failed:STATUS_ENTRY_INVALID"]
    assert result[0].details["field"] == INVALID_ENTRIES[name]["field"]


@pytest.mark.parametrize(
    "status", ["revoked", [], [build_entry(LIST_URL, i, "revocation") for i in range(17)]]
)
def test_malformed_credential_status_fails(status: Any) -> None:
    assert codes(checks(credential(status), signed_list())) == ["failed:STATUS_ENTRY_INVALID"]


def test_no_credential_status_no_checks() -> None:
    assert checks(credential(None)) == []


def test_two_purposes_in_one_list_fetch_it_once() -> None:
    """REC A.4: one list, several purposes; the list is fetched and verified once."""
    bits = Bitstring.zeros(131072)
    bits.set_status(12345, 1)
    lst = signed_list(["revocation", "suspension"], bits=bits)
    fetched: list[str] = []
    inner = StaticFetcher({LIST_URL: json.dumps(lst)})

    class Counting:
        def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
            fetched.append(url)
            return inner.fetch(url, accept=accept)

    cred = credential(
        [build_entry(LIST_URL, 94567, "revocation"), build_entry(LIST_URL, 12345, "suspension")]
    )
    result = checks(cred, fetcher=Counting())
    assert codes(result) == ["passed:STATUS_ACTIVE", "failed:STATUS_SUSPENDED"]
    assert [c.details["entry"] for c in result] == ["$.credentialStatus[0]", "$.credentialStatus[1]"]
    assert fetched == [LIST_URL]


def test_status_size_two_and_status_messages() -> None:
    bits = Bitstring.zeros(131072, status_size=2)
    bits.set_status(7, 2, status_size=2)
    lst = signed_list("message", bits=bits)
    messages = {0: "pending_review", 1: "accepted", 2: "rejected", 3: "undefined"}
    entry = build_entry(LIST_URL, 7, "message", status_size=2, status_messages=messages)
    result = checks(credential(entry), lst)
    assert codes(result) == ["passed:STATUS_MESSAGE"]
    assert result[0].details["status"] == 2 and result[0].details["statusMessage"] == "rejected"
    # 131,072 two-bit entries need 262,144 bits: a 1-bit-sized list is too short for statusSize 2.
    assert codes(checks(credential(entry), signed_list("message"))) == ["error:STATUS_LIST_TOO_SHORT"]


def test_refresh_and_unknown_purposes() -> None:
    bits = Bitstring.zeros(131072)
    bits.set_status(3, 1)
    refresh = checks(credential(build_entry(LIST_URL, 3, "refresh")), signed_list("refresh", bits=bits))
    assert codes(refresh) == ["passed:STATUS_REFRESH_AVAILABLE"]
    custom = checks(credential(build_entry(LIST_URL, 3, "x-custom")), signed_list("x-custom", bits=bits))
    assert codes(custom) == ["failed:STATUS_SET"]


def test_statuslist2021_lists_are_read() -> None:
    lst = load(DATA / "statuslist2021-credential.json")
    lst["issuer"] = ISSUER
    lst["id"] = LIST_URL
    bits = Bitstring.zeros(131072)
    bits.set_status(94567, 1)
    lst["credentialSubject"]["encodedList"] = bits.encode(multibase=False)
    entry = load(DATA / "statuslist2021-vc.json")["credentialStatus"]
    entry["statusListCredential"] = LIST_URL
    revoked = checks(credential(entry), sign(lst))
    assert codes(revoked) == ["failed:STATUS_REVOKED"]
    entry["statusListIndex"] = "94566"
    assert codes(checks(credential(entry), sign(lst))) == ["passed:STATUS_ACTIVE"]
    # A StatusList2021 entry does not accept a Bitstring list (and vice versa).
    assert codes(checks(credential(entry), signed_list())) == ["error:STATUS_LIST_INVALID"]


def test_status_lists_given_to_the_verifier_as_files_are_used(registry: StatusRegistry) -> None:
    cred = credential(registry.allocate(CID, ("revocation",)))
    registry.revoke(CID)
    published = registry.publish(LIST_URL, sign=sign, valid_for=timedelta(days=1))
    result = make_verifier([json.loads(json.dumps(published))]).verify(json.dumps(cred))
    assert codes(result.by_name("status")) == ["failed:STATUS_REVOKED"]
