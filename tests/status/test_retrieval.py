"""The status list credential an entry names: fetched, verified and expanded once per URL (§3.2 steps 4, 8)."""

from __future__ import annotations

import json
from typing import Any

from microcred.clock import FixedClock
from microcred.fetcher import FetchedResource, StaticFetcher
from microcred.status import Bitstring, build_status_list_credential
from microcred.status.entry import StatusEntry, parse_entry
from microcred.status.retrieval import ACCEPT, LoadedList, StatusListLoader, status_check
from microcred.verification.results import Check, CheckStatus

from .conftest import ISSUER, LIST_URL, NOW, make_verifier, sign

WHERE = {"entry": "$.credentialStatus"}


class CountingFetcher(StaticFetcher):
    """A StaticFetcher that records each request (URL and media type)."""

    def __init__(self, resources: dict[str, bytes | str]) -> None:
        super().__init__(resources)
        self.requests: list[tuple[str, str]] = []

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        self.requests.append((url, accept))
        return super().fetch(url, accept=accept)


def entry(index: int = 5, url: str = LIST_URL) -> StatusEntry:
    return parse_entry(
        {
            "id": f"{url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": url,
        }
    )


def signed_list(url: str = LIST_URL) -> dict[str, Any]:
    doc = build_status_list_credential(
        url, issuer=ISSUER, status_purpose="revocation", encoded_list=Bitstring.zeros(131072).encode()
    )
    return sign(doc)


def loader(fetcher: Any) -> StatusListLoader:
    return StatusListLoader(fetcher, make_verifier().verify, FixedClock(NOW), 16 * 1024 * 1024)


def test_a_list_is_fetched_and_verified_once_per_url() -> None:
    fetcher = CountingFetcher({LIST_URL: json.dumps(signed_list())})
    lists = loader(fetcher)
    first = lists.load(entry(5), WHERE)
    again = lists.load(entry(7), WHERE)
    assert isinstance(first, LoadedList) and again is first
    assert first.document.id == LIST_URL
    assert fetcher.requests == [(LIST_URL, ACCEPT)]


def test_the_bitstring_is_expanded_once() -> None:
    lists = loader(StaticFetcher({LIST_URL: json.dumps(signed_list())}))
    loaded = lists.load(entry(), WHERE)
    assert isinstance(loaded, LoadedList) and loaded.bitstring is None
    bits = lists.bitstring(loaded, WHERE)
    assert isinstance(bits, Bitstring) and lists.bitstring(loaded, WHERE) is bits


def test_without_a_fetcher_the_list_is_unavailable() -> None:
    result = loader(None).load(entry(), WHERE)
    assert isinstance(result, Check)
    assert (result.name, result.status, result.code) == (
        "status",
        CheckStatus.ERROR,
        "STATUS_LIST_UNAVAILABLE",
    )
    assert result.details == WHERE


def test_a_list_served_under_another_url_is_invalid() -> None:
    other = "https://registrar.example.edu/status/9"
    result = loader(StaticFetcher({other: json.dumps(signed_list())})).load(entry(url=other), WHERE)
    assert isinstance(result, Check) and result.code == "STATUS_LIST_INVALID"
    assert LIST_URL in result.message


def test_status_check_drops_unknown_details() -> None:
    check = status_check(CheckStatus.FAILED, "STATUS_REVOKED", "m", entry="$.x", status=None)
    assert check.name == "status" and check.details == {"entry": "$.x"}


def test_the_old_import_path_still_works() -> None:
    from microcred.status import verify

    assert verify.ACCEPT is ACCEPT
    assert verify.VerifyList is not None and verify.MAX_ENTRIES == 16
