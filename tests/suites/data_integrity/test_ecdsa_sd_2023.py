"""ecdsa-sd-2023 end to end (issue -> derive -> verify) and the ways a derived proof must fail.

Negative cases start from the W3C employ vector (fixed keys) and change one thing each; every one is a failed
``proof`` check with its own code.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred import derive, issue, verify
from microcred.errors import InputError, KeyMaterialError, SigningError, UsageError
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.suites.sd_proof_value import (
    BaseProofValue,
    parse_base_proof_value,
    parse_derived_proof_value,
    serialize_base_proof_value,
    serialize_derived_proof_value,
)
from microcred.verification.results import VerificationResult

from .sd_vectors import SD_VECTORS, SdVector

NOW = "2025-01-15T12:00:00Z"
EMPLOY = SD_VECTORS[0]
assert EMPLOY.name == "employ"


def derived(vector: SdVector = EMPLOY) -> dict[str, Any]:
    document = vector.step("derivedRevealDocument.json")
    assert isinstance(document, dict)
    return document


def run(document: dict[str, Any], vector: SdVector = EMPLOY) -> VerificationResult:
    return verify(document, resolver=vector.resolver(), now=NOW)


def proof_failures(result: VerificationResult) -> list[str]:
    return [c.code for c in result.checks if c.name == "proof" and not c.passed]


def with_value(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The derived document with fields of its parsed proofValue replaced."""
    out = copy.deepcopy(document)
    value = parse_derived_proof_value(out["proof"]["proofValue"])
    fields = vars(value) | changes
    out["proof"]["proofValue"] = serialize_derived_proof_value(type(value)(**fields))
    return out


# -- round trips ---------------------------------------------------------------------------------------------
def test_plain_credential_round_trip(keys: dict[str, Key]) -> None:
    key = keys["P-256"]
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana", "description": "born 2001-02-03"},
    }
    base = issue(credential, key, format="ecdsa-sd-2023", mandatory_pointers=["/issuer"], now=NOW)
    assert isinstance(base, dict) and base["proof"]["proofValue"].startswith("u2V0A")
    assert proof_failures(verify(base, now=NOW)) == ["PROOF_BASE_NOT_VERIFIABLE"]
    shown = derive(base, ["/credentialSubject/name"])
    assert shown["credentialSubject"] == {"id": "did:example:learner", "name": "Ana"}
    assert "validFrom" not in shown and shown["proof"]["proofValue"].startswith("u2V0B")
    result = verify(shown, now=NOW)
    assert result.verified, [c.to_dict() for c in result.errors]
    shown["credentialSubject"]["name"] = "Mallory"
    assert proof_failures(verify(shown, now=NOW)) == ["PROOF_STATEMENT_SIGNATURE_INVALID"]


def test_microcredential_with_date_of_birth_withheld(keys: dict[str, Key]) -> None:
    key = keys["P-256"]
    now = "2026-01-15T12:00:00Z"
    base = issue(
        example_microcredential(), key, format="ecdsa-sd-2023", mandatory_pointers=["/issuer"], now=now
    )
    assert isinstance(base, dict)
    claims = ["/credentialSubject/hasClaim", "/credentialSubject/fullName", "/validFrom", "/validUntil"]
    shown = derive(base, claims)
    assert "dateOfBirth" not in shown["credentialSubject"]
    assert shown["credentialSubject"]["fullName"] == base["credentialSubject"]["fullName"]  # a language map
    result = verify(shown, now=now)
    assert result.verified, [c.to_dict() for c in result.errors]


def test_issue_refuses_what_it_cannot_do(keys: dict[str, Key]) -> None:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": str(keys["P-256"].controller),
        "credentialSubject": {"name": "Ana"},
    }
    with pytest.raises(SigningError, match="/nowhere"):  # a wrong mandatory pointer
        issue(credential, keys["P-256"], format="ecdsa-sd-2023", mandatory_pointers=["/nowhere"], now=NOW)
    with pytest.raises(UsageError, match="mandatory_pointers"):
        issue(credential, keys["P-256"], format="ecdsa-rdfc-2019", mandatory_pointers=["/issuer"], now=NOW)
    with pytest.raises(UsageError, match="JSON Pointer"):
        issue(credential, keys["P-256"], format="ecdsa-sd-2023", mandatory_pointers=["issuer"], now=NOW)
    other = credential | {"issuer": str(keys["Ed25519"].controller)}
    with pytest.raises(KeyMaterialError, match="P-256"):
        issue(other, keys["Ed25519"], format="ecdsa-sd-2023", now=NOW)


def test_derive_refuses_what_it_cannot_do() -> None:
    with pytest.raises(SigningError, match="/credentialSubject/nothing"):
        derive(EMPLOY.base, ["/credentialSubject/nothing"])
    with pytest.raises(InputError):  # a derived proof is not a base proof
        derive(derived(), ["/credentialSubject/birthCountry"])
    with pytest.raises(UsageError):
        derive(EMPLOY.unsecured, ["/issuer"])
    with pytest.raises(UsageError):
        derive(EMPLOY.base, "/issuer")  # type: ignore[arg-type]
    changed = copy.deepcopy(EMPLOY.base)
    changed["credentialSubject"]["name"] = "an added statement"
    with pytest.raises(SigningError, match="does not belong"):
        derive(changed, ["/credentialSubject/birthCountry"])


# -- negative vectors ----------------------------------------------------------------------------------------
def test_control_verifies() -> None:
    assert run(derived()).verified


def test_tampered_revealed_claim() -> None:
    document = derived()
    document["credentialSubject"]["birthCountry"] = "Utopia"  # a selectively disclosed statement
    assert proof_failures(run(document)) == ["PROOF_STATEMENT_SIGNATURE_INVALID"]


def test_tampered_mandatory_claim() -> None:
    document = derived()
    document["issuer"]["image"] = "data:image/png;base64,AAAA"  # selected by the mandatory pointer /issuer
    assert proof_failures(run(document)) == ["PROOF_SIGNATURE_INVALID"]


def test_added_claim() -> None:
    document = derived()
    document["credentialSubject"]["givenName"] = "JOHN"
    assert proof_failures(run(document)) == ["PROOF_SIGNATURE_COUNT_MISMATCH"]


def test_wrong_mandatory_indexes() -> None:
    value = parse_derived_proof_value(derived()["proof"]["proofValue"])
    moved = [i + 1 for i in value.mandatory_indexes]
    assert proof_failures(run(with_value(derived(), mandatory_indexes=moved))) == ["PROOF_SIGNATURE_INVALID"]
    out_of_range = [*value.mandatory_indexes[:-1], 99]
    codes = proof_failures(run(with_value(derived(), mandatory_indexes=out_of_range)))
    assert codes == ["PROOF_MANDATORY_INDEXES_INVALID"]


def test_wrong_signature_count() -> None:
    value = parse_derived_proof_value(derived()["proof"]["proofValue"])
    fewer = with_value(derived(), signatures=value.signatures[:-1])
    assert proof_failures(run(fewer)) == ["PROOF_SIGNATURE_COUNT_MISMATCH"]
    swapped = with_value(derived(), signatures=list(reversed(value.signatures)))
    assert proof_failures(run(swapped)) == ["PROOF_STATEMENT_SIGNATURE_INVALID"]


def test_wrong_hmac_key() -> None:
    """A holder deriving with another HMAC key gets other blank node labels: the issuer's signatures fail."""
    base = copy.deepcopy(EMPLOY.base)
    value = parse_base_proof_value(base["proof"]["proofValue"])
    fields = vars(value) | {"hmac_key": bytes(32)}
    base["proof"]["proofValue"] = serialize_base_proof_value(BaseProofValue(**fields))
    codes = proof_failures(run(derive(base, EMPLOY.selective_pointers)))
    assert codes == ["PROOF_SIGNATURE_INVALID"]


def test_wrong_label_map() -> None:
    value = parse_derived_proof_value(derived()["proof"]["proofValue"])
    labels = dict(value.label_map)
    labels["c14n0"], labels["c14n1"] = labels["c14n1"], labels["c14n0"]
    assert proof_failures(run(with_value(derived(), label_map=labels))) == ["PROOF_SIGNATURE_INVALID"]
    missing = {k: v for k, v in value.label_map.items() if k != "c14n1"}
    assert proof_failures(run(with_value(derived(), label_map=missing))) == ["PROOF_LABEL_MAP_INVALID"]


@pytest.mark.parametrize(
    ("cryptosuite", "code"),
    [("ecdsa-rdfc-2019", "PROOF_VALUE_LENGTH_INVALID"), ("eddsa-jcs-2022", "KEY_TYPE_MISMATCH")],
)
def test_wrong_cryptosuite_name(cryptosuite: str, code: str) -> None:
    """Another suite's name routes the proof to that suite, which fails it (never a pass)."""
    document = derived()
    document["proof"]["cryptosuite"] = cryptosuite
    assert code in proof_failures(run(document))


def test_unknown_cryptosuite_name() -> None:
    document = derived()
    document["proof"]["cryptosuite"] = "ecdsa-sd-2024"
    result = run(document)
    assert not result.verified and result.check("format").code == "UNSUPPORTED_FORMAT"


@pytest.mark.parametrize(
    "proof_value",
    ["z3Mgs", "u", "u2V0C", "u2V0BgA", "u2V0Bhw", "uAAAA", 42],
    ids=["base58", "empty", "unknown-header", "empty-array", "wrong-length", "not-cbor-header", "number"],
)
def test_malformed_proof_value(proof_value: Any) -> None:
    document = derived()
    document["proof"]["proofValue"] = proof_value
    codes = proof_failures(run(document))
    assert codes and set(codes) <= {"PROOF_VALUE_INVALID"}, codes


def test_changed_proof_option() -> None:
    document = derived()
    document["proof"]["created"] = "2024-01-01T00:00:00Z"
    assert proof_failures(run(document)) == ["PROOF_SIGNATURE_INVALID"]


def test_proof_scoped_key_not_on_the_curve() -> None:
    document = with_value(derived(), public_key=b"\x80\x24\x02" + bytes(32))
    assert proof_failures(run(document)) in (["PROOF_VALUE_INVALID"], ["PROOF_SIGNATURE_INVALID"])


def test_mutated_proof_values_never_raise() -> None:
    """Hostile input: random byte edits of the CBOR proof value are failed checks, never exceptions or passes."""
    import random

    from microcred.base64url import b64url_decode_strict, b64url_encode

    rng = random.Random(2023)
    original = b64url_decode_strict(derived()["proof"]["proofValue"][1:])
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(data))
            data[position] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        document = derived()
        document["proof"]["proofValue"] = "u" + b64url_encode(bytes(data))
        result = run(document)
        assert not result.verified and proof_failures(result), proof_failures(result)
