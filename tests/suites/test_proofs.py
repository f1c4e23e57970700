"""Proof sets and proof chains (VC Data Integrity §4.3, §4.5) with a keyless fake suite."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from microcred.clock import FixedClock
from microcred.errors import SigningError
from microcred.jsonld.loader import DocumentLoader
from microcred.suites.base import ProofOptions, VerifyOptions
from microcred.suites.proofs import add_proof, verify_proofs
from microcred.suites.registry import SuiteRegistry
from microcred.verification.policy import VerificationPolicy

from .fake_suite import FakeSuite

ISSUER = "did:example:issuer"
#: The fake suite signs nothing: a stand-in with the attributes add_proof reads.
KEY = cast(Any, SimpleNamespace(kid=f"{ISSUER}#key-1", controller=ISSUER, is_private=True))


#: Only the fake suite: these tests must not depend on real ones (a registry of its own, no globals touched).
SUITES = SuiteRegistry({}, {}, ()).with_suites(FakeSuite())


def credential() -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": ISSUER,
        "credentialSubject": {"id": "did:example:learner"},
    }


def opts(**kw: Any) -> ProofOptions:
    return ProofOptions(clock=FixedClock("2026-01-01T00:00:00Z"), verification_method=KEY.kid, **kw)


def vopts() -> VerifyOptions:
    return VerifyOptions(
        loader=DocumentLoader(),
        resolver=cast(Any, None),  # the fake suite resolves nothing
        clock=FixedClock("2026-01-02T00:00:00Z"),
        policy=VerificationPolicy(),
        suites=SUITES,
    )


def test_single_proof_round_trip() -> None:
    signed = add_proof(credential(), FakeSuite(), KEY, opts())
    assert isinstance(signed["proof"], dict)
    checks, verified = verify_proofs(signed, vopts())
    assert [c.code for c in checks] == ["PROOF_VALID"]
    assert verified[0][1].controller == ISSUER


def test_required_context_is_added_once() -> None:
    signed = add_proof(credential(), FakeSuite(), KEY, opts())
    assert signed["@context"][-1] == "https://w3id.org/security/data-integrity/v2"
    again = add_proof(signed, FakeSuite(), KEY, opts())
    assert signed["@context"] == again["@context"]


def test_proof_set_each_proof_reported() -> None:
    doc = add_proof(credential(), FakeSuite(), KEY, opts(proof_id="urn:p1"))
    doc = add_proof(doc, FakeSuite(), KEY, opts(proof_id="urn:p2"))
    assert len(doc["proof"]) == 2
    checks, verified = verify_proofs(doc, vopts())
    assert [c.details["index"] for c in checks] == [0, 1]
    assert all(c.passed for c in checks) and len(verified) == 2
    doc["proof"][1]["created"] = "2026-01-01T00:00:01Z"
    checks, _ = verify_proofs(doc, vopts())
    assert [c.passed for c in checks] == [True, False]


def test_proof_chain_signs_over_previous_proof() -> None:
    doc = add_proof(credential(), FakeSuite(), KEY, opts(proof_id="urn:p1"))
    doc = add_proof(doc, FakeSuite(), KEY, opts(proof_id="urn:p2", previous_proof="urn:p1"))
    checks, _ = verify_proofs(doc, vopts())
    assert all(c.passed for c in checks)
    # tampering with the first proof breaks both: it is signed by the chained one
    doc["proof"][0]["created"] = "2025-01-01T00:00:00Z"
    checks, _ = verify_proofs(doc, vopts())
    assert [c.passed for c in checks] == [False, False]


def test_chain_with_missing_previous_proof() -> None:
    doc = add_proof(credential(), FakeSuite(), KEY, opts(proof_id="urn:p1"))
    with pytest.raises(SigningError, match="urn:nope"):
        add_proof(doc, FakeSuite(), KEY, opts(previous_proof="urn:nope"))
    doc = add_proof(doc, FakeSuite(), KEY, opts(proof_id="urn:p2", previous_proof="urn:p1"))
    doc["proof"] = [doc["proof"][1]]
    checks, _ = verify_proofs(doc, vopts())
    assert checks[0].code == "PREVIOUS_PROOF_MISSING"


@pytest.mark.parametrize(
    ("proof", "code"),
    [
        ("not an object", "PROOF_MALFORMED"),
        ({"type": "MysteryProof2030"}, "PROOF_TYPE_UNSUPPORTED"),
        ([], "PROOF_MISSING"),
    ],
)
def test_bad_proofs_are_reported(proof: Any, code: str) -> None:
    doc = credential() | {"proof": proof}
    checks, verified = verify_proofs(doc, vopts())
    assert checks[0].code == code and not verified


def test_too_many_proofs() -> None:
    doc = credential() | {"proof": [{"type": "X"}] * 17}
    checks, _ = verify_proofs(doc, vopts())
    assert checks[0].code == "TOO_MANY_PROOFS"


# -- proof sets with a proof of a type microcred does not verify (VC Data Integrity §4.5) ---------------------
MYSTERY = {"id": "urn:uuid:mystery", "type": "MysteryProof2030", "proofPurpose": "assertionMethod"}


def _with_mystery(**options: Any) -> dict[str, Any]:
    return add_proof(credential() | {"proof": dict(MYSTERY)}, FakeSuite(), KEY, opts(**options))


def test_unsupported_proof_next_to_a_verified_one_is_skipped() -> None:
    checks, verified = verify_proofs(_with_mystery(), vopts())
    assert [(c.code, c.status.value) for c in checks] == [
        ("PROOF_SKIPPED", "passed"),
        ("PROOF_VALID", "passed"),
    ]
    assert checks[0].details["type"] == "MysteryProof2030"
    assert len(verified) == 1 and verified[0][0]["type"] == "DataIntegrityProof"


def test_unsupported_proof_is_an_error_when_the_policy_wants_every_proof() -> None:
    options = vopts()
    options.policy = VerificationPolicy(skip_unsupported_proofs=False)
    checks, verified = verify_proofs(_with_mystery(), options)
    assert len(verified) == 1
    assert [c.code for c in checks] == ["PROOF_TYPE_UNSUPPORTED", "PROOF_VALID"]
    assert checks[0].status.value == "error"


def test_unsupported_proof_is_not_skipped_when_nothing_else_verified() -> None:
    doc = _with_mystery()
    doc["proof"][1]["proofValue"] = "0" * 64
    checks, verified = verify_proofs(doc, vopts())
    assert [c.code for c in checks] == ["PROOF_TYPE_UNSUPPORTED", "PROOF_INVALID"] and not verified


def test_a_proof_chained_to_an_unsupported_proof_does_not_verify() -> None:
    checks, verified = verify_proofs(_with_mystery(previous_proof=MYSTERY["id"]), vopts())
    assert [c.code for c in checks] == ["PROOF_TYPE_UNSUPPORTED", "PREVIOUS_PROOF_NOT_VERIFIED"]
    assert not verified
