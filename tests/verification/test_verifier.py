"""The verifier pipeline (format -> proofs -> issuer -> validity -> schema) with a keyless fake suite.

Real cryptography is tested per suite; here the plumbing must report each check and never say "verified"
when something is wrong, and never raise for hostile input.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from microcred.clock import FixedClock
from microcred.errors import UsageError
from microcred.suites.base import ProofOptions
from microcred.suites.proofs import add_proof
from microcred.suites.registry import default_registry
from microcred.verification.policy import VerificationPolicy
from microcred.verification.results import CheckStatus
from microcred.verification.verifier import Verifier

from ..suites.fake_suite import FakeSuite

ISSUER = "did:example:issuer"
#: The fake suite signs nothing: a stand-in with the attributes add_proof reads.
KEY: Any = SimpleNamespace(kid=f"{ISSUER}#key-1", controller=ISSUER, is_private=True)
NOW = "2026-01-15T12:00:00Z"


#: The built-in formats plus the keyless fake suite: a registry of its own, no global state touched.
SUITES = default_registry().with_suites(FakeSuite())


def signed(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:5dccd919-f08c-425f-bf6b-67f84532bb58",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER,
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2027-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    doc.update(changes)
    doc = {k: v for k, v in doc.items() if v is not None}
    return add_proof(doc, FakeSuite(), KEY, ProofOptions(clock=FixedClock(NOW), verification_method=KEY.kid))


def verifier(**kw: Any) -> Verifier:
    return Verifier(resolver=object(), now=NOW, suites=SUITES, **kw)  # type: ignore[arg-type]


def statuses(result: Any) -> dict[str, str]:
    return {c.name: f"{c.status.value}:{c.code}" for c in result.checks}


def test_valid_credential_passes_every_check() -> None:
    result = verifier().verify(signed())
    assert result.verified, result.summary()
    assert [c.name for c in result.checks] == ["format", "proof", "issuer", "validity", "schema"]
    assert result.format == "fake-2024"
    assert result.credential is not None and "proof" not in result.credential


def test_accepts_json_text_and_bytes() -> None:
    text = json.dumps(signed())
    assert verifier().verify(text).verified
    assert verifier().verify(text.encode()).verified


def test_tampered_claim_fails_proof() -> None:
    doc = signed()
    doc["credentialSubject"]["id"] = "did:example:mallory"
    result = verifier().verify(doc)
    assert not result.verified
    assert result.check("proof").code == "PROOF_INVALID"
    assert result.check("issuer").status is CheckStatus.ERROR  # no verified proof to check the key of


def test_issuer_mismatch() -> None:
    doc = signed(issuer="did:example:someone-else")
    result = verifier().verify(doc)
    assert statuses(result)["issuer"] == "failed:ISSUER_MISMATCH"
    assert not result.verified


def test_issuer_as_object() -> None:
    assert verifier().verify(signed(issuer={"id": ISSUER, "name": "University"})).verified


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"validFrom": "2026-02-01T00:00:00Z"}, "NOT_YET_VALID"),
        ({"validUntil": "2026-01-15T12:00:00Z"}, "EXPIRED"),
        ({"validUntil": "soon"}, "VALIDITY_DATE_INVALID"),
        ({"validFrom": 2026}, "VALIDITY_DATE_INVALID"),
    ],
)
def test_validity(changes: dict[str, Any], code: str) -> None:
    result = verifier().verify(signed(**changes))
    assert result.check("validity").code == code
    assert not result.verified


def test_clock_skew_policy() -> None:
    doc = signed(validFrom="2026-01-15T12:00:30Z")
    assert not verifier().verify(doc).verified
    from datetime import timedelta

    assert verifier(policy=VerificationPolicy(clock_skew=timedelta(minutes=1))).verify(doc).verified


def test_v1_expiration_date() -> None:
    doc = signed(
        **{
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "validFrom": None,
            "validUntil": None,
            "issuanceDate": "2025-01-01T00:00:00Z",
            "expirationDate": "2026-01-01T00:00:00Z",
        }
    )
    result = verifier().verify(doc)
    assert result.check("validity").code == "EXPIRED"


@pytest.mark.parametrize(
    ("changes", "code", "fragment"),
    [
        ({"@context": ["https://example.org/ctx"]}, "VCDM_CONTEXT_FIRST", "@context"),
        ({"type": ["Credential"]}, "VCDM_TYPE_NOT_VC", "VerifiableCredential"),
        ({"credentialSubject": {}}, "VCDM_SUBJECT_EMPTY", "credentialSubject"),
        ({"id": "no-scheme"}, "VCDM_ID_NOT_URL", "$.id"),
        (
            {"@context": ["https://www.w3.org/2018/credentials/v1"]},
            "VCDM_ISSUANCE_DATE_MISSING",
            "issuanceDate",
        ),
    ],
)
def test_data_model_problems_fail_schema(changes: dict[str, Any], code: str, fragment: str) -> None:
    result = verifier().verify(signed(**changes))
    check = result.check("schema")
    assert check.code == code and fragment in check.message
    assert code in [v["code"] for v in check.details["violations"]]
    assert not result.verified


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ('{"a": 1, "a": 2}', "DUPLICATE_JSON_KEY"),
        ("[" * 5000 + "]" * 5000, "NESTING_TOO_DEEP"),
        ("{not json", "JSON_PARSE_ERROR"),
        ("x.y", "UNSUPPORTED_FORMAT"),
        ("a.b.c.d.e", "UNSUPPORTED_FORMAT"),
        ("[]", "INVALID_INPUT"),
        (b"\xff\xfe\x00", "INVALID_INPUT"),
        ('{"@context": "https://www.w3.org/ns/credentials/v2"}', "UNSUPPORTED_FORMAT"),
    ],
)
def test_hostile_input_is_reported_not_raised(data: Any, code: str) -> None:
    result = verifier().verify(data)
    assert not result.verified
    assert result.checks[0].name == "format"
    assert result.checks[0].code == code, result.checks[0]


def test_oversized_input() -> None:
    result = verifier(policy=VerificationPolicy(max_bytes=1000)).verify(json.dumps(signed()) + " " * 2000)
    assert not result.verified and result.checks[0].name == "format"


def test_format_allow_list() -> None:
    result = verifier(policy=VerificationPolicy(allowed_formats=frozenset({"jades"}))).verify(signed())
    assert result.check("format").code == "FORMAT_NOT_ALLOWED"
    assert not result.verified


def test_programmer_misuse_raises() -> None:
    with pytest.raises(UsageError):
        verifier().verify(12345)


def test_result_to_json_round_trip() -> None:
    data = json.loads(verifier().verify(signed()).to_json())
    assert data["verified"] is True
    assert {c["name"] for c in data["checks"]} == {"format", "proof", "issuer", "validity", "schema"}


def test_proof_set_with_an_unsupported_proof_verifies_when_another_proof_does() -> None:
    """VC Data Integrity §4.5: the verifiable subset of a proof set decides; docs/verification.md says so."""
    doc = signed()
    doc["proof"] = [{"type": "BbsBlsSignature2020", "proofPurpose": "assertionMethod"}, doc["proof"]]
    result = verifier().verify(doc)
    assert result.verified, result.summary()
    assert [c.code for c in result.by_name("proof")] == ["PROOF_SKIPPED", "PROOF_VALID"]
    strict = verifier(policy=VerificationPolicy(skip_unsupported_proofs=False)).verify(doc)
    assert not strict.verified and strict.by_name("proof")[0].code == "PROOF_TYPE_UNSUPPORTED"
    alone = signed()
    alone["proof"] = [{"type": "BbsBlsSignature2020", "proofPurpose": "assertionMethod"}]
    assert verifier().verify(alone).check("format").code == "UNSUPPORTED_FORMAT"
