"""eddsa-jcs-2022 / ecdsa-jcs-2019: the JSON is what is signed, and it must still be lossless JSON-LD.

A JCS proof secures the JSON bytes, not the RDF; microcred still requires the document and the proof options to
pass JSON-LD safe mode (VC DI 1.0 §2.4.3) and the verifier's data-model checks, exactly as for the RDFC suites.
The documents here are signed by hand (hash of the JCS, as vc-di-eddsa §3.3.4 says) so that the signature is
valid and only the JSON-LD checks can fail them.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from microcred import verify
from microcred.errors import InputError, SafeModeError
from microcred.issuer import issue
from microcred.jsonld.jcs import canonical_json
from microcred.keys import Key
from microcred.suites.proof_value import encode_proof_value
from microcred.verification.results import VerificationResult

NOW = "2026-01-15T12:00:00Z"
CRED = "https://www.w3.org/2018/credentials#"
V1 = ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"]


def credential(issuer: str, context: list[str] | None = None) -> dict[str, Any]:
    return {
        "@context": context or ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:1f0b9a43-8a5e-4b7a-9d0e-2d6c2c1e5b11",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana"},
    }


def sign_by_hand(document: dict[str, Any], key: Key, **extra: str) -> dict[str, Any]:
    """vc-di-eddsa §3.3.1-§3.3.6 without microcred's safe-mode check."""
    proof: dict[str, Any] = extra | {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": NOW,
        "verificationMethod": key.kid,
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    data = hashlib.sha256(canonical_json(proof).encode()).digest()
    data += hashlib.sha256(canonical_json(document).encode()).digest()
    proof["proofValue"] = encode_proof_value(key.sign(data, "EdDSA"))
    return document | {"proof": proof}


def failed(result: VerificationResult) -> dict[str, str]:
    return {c.name: c.code for c in result.checks if not c.passed}


def test_hand_signed_control_verifies(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    result = verify(sign_by_hand(credential(str(key.controller)), key), now=NOW)
    assert result.verified, failed(result)
    assert result.format == "eddsa-jcs-2022"


def test_undefined_term_is_refused_when_issuing(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    doc = credential(str(key.controller), V1) | {"issuanceDate": "2026-01-01T00:00:00Z"}
    del doc["validFrom"]
    doc["credentialSubject"]["undefinedTerm"] = "not in any context"
    with pytest.raises(SafeModeError):
        issue(doc, key, format="eddsa-jcs-2022", now=NOW)


def test_undefined_term_fails_like_the_rdfc_suites(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    doc = credential(str(key.controller), V1) | {"issuanceDate": "2026-01-01T00:00:00Z"}
    del doc["validFrom"]
    doc["credentialSubject"]["undefinedTerm"] = "not in any context"
    assert failed(verify(sign_by_hand(doc, key), now=NOW)).get("proof") == "DATA_LOSS_DETECTION_ERROR"


def test_undefined_proof_option_fails(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    doc = credential(str(key.controller), V1) | {"issuanceDate": "2026-01-01T00:00:00Z"}
    del doc["validFrom"]
    del doc["credentialSubject"]["name"]  # VC 1.1 has no @vocab: only defined terms
    control = verify(sign_by_hand(doc, key), now=NOW)
    assert control.verified, failed(control)
    signed = sign_by_hand(doc, key, undefinedOption="signed by JCS, but no JSON-LD meaning")
    assert failed(verify(signed, now=NOW)).get("proof") == "DATA_LOSS_DETECTION_ERROR"


def test_member_restated_as_full_iri_fails(keys: dict[str, Key]) -> None:
    """Non-compact members: validUntil under its full IRI is hidden from a JSON reader, signed or not."""
    key = keys["Ed25519"]
    doc = credential(str(key.controller))
    doc[CRED + "validUntil"] = {
        "@value": "2026-01-12T00:00:00Z",
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    }
    codes = failed(verify(sign_by_hand(doc, key), now=NOW))
    assert codes.get("schema") == "DATA_MODEL_INVALID", codes


def test_proof_context_must_be_the_document_context(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signed = sign_by_hand(credential(str(key.controller)), key)
    changed = copy.deepcopy(signed)
    changed["@context"] = [*changed["@context"], "https://www.w3.org/ns/credentials/examples/v2"]
    codes = [c.code for c in verify(changed, now=NOW).checks if c.name == "proof"]
    assert "PROOF_CONTEXT_MISMATCH" in codes


@pytest.mark.parametrize(("fmt", "alg"), [("eddsa-jcs-2022", "Ed25519"), ("ecdsa-jcs-2019", "P-384")])
def test_issued_proof_carries_the_context_and_any_change_fails(
    fmt: str, alg: str, keys: dict[str, Key]
) -> None:
    key = keys[alg]
    signed = issue(credential(str(key.controller)), key, format=fmt, now=NOW)
    assert isinstance(signed, dict) and signed["proof"]["@context"] == signed["@context"]
    assert verify(signed, now=NOW).verified
    signed["credentialSubject"]["name"] = "Mallory"
    assert failed(verify(signed, now=NOW))["proof"] == "PROOF_SIGNATURE_INVALID"


def test_integer_beyond_two_to_the_53_is_refused(keys: dict[str, Key]) -> None:
    """RFC 8785 writes numbers as doubles: 2^53 + 1 would be signed as 2^53, not what a reader sees."""
    key = keys["Ed25519"]
    doc = credential(str(key.controller))
    doc["credentialSubject"]["description"] = 2**53  # exactly representable: fine
    assert verify(sign_by_hand(doc, key), now=NOW).verified
    doc["credentialSubject"]["description"] = 2**53 + 1
    with pytest.raises(InputError, match="2\\^53"):
        issue(doc, key, format="eddsa-jcs-2022", now=NOW)
    assert failed(verify(sign_by_hand(doc, key), now=NOW))["proof"] == "PROOF_TRANSFORMATION_ERROR"
