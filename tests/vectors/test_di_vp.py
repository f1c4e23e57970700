"""Digital Bazaar's Data Integrity presentations (tests/vectors/di-vp/SOURCE.md), positive and negative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred import verify
from microcred.verification.policy import VerificationPolicy
from microcred.verification.results import VerificationResult

DIR = Path(__file__).parent / "di-vp"
NOW = "2026-12-07T03:00:00Z"
EXPECTED = VerificationPolicy(challenge="abc123", domain="verifier.example")

#: file -> (presentation proof code, credential verified)
CASES: dict[str, tuple[str, bool]] = {
    "presentation-eddsa-rdfc-2022.json": ("PROOF_VALID", True),
    "presentation-eddsa-rdfc-2022.challenge-changed.json": ("PROOF_CHALLENGE_MISMATCH", True),
    "presentation-eddsa-rdfc-2022.credential-tampered.json": ("PROOF_SIGNATURE_INVALID", False),
}


def _verify(name: str, policy: VerificationPolicy = EXPECTED) -> VerificationResult:
    return verify(json.loads((DIR / name).read_text()), now=NOW, policy=policy)


def test_every_vector_is_listed() -> None:
    assert sorted(p.name for p in DIR.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_vector(name: str) -> None:
    proof_code, credential_ok = CASES[name]
    result = _verify(name)
    assert result.format == "eddsa-rdfc-2022"
    assert result.check("presentation").passed
    assert [c.code for c in result.by_name("proof")] == [proof_code]
    assert len(result.credentials) == 1 and result.credentials[0].verified is credential_ok
    assert not result.verified  # the positive one: the subject is not the holder (see SOURCE.md)


def test_positive_vector_fails_only_holder_binding() -> None:
    result = _verify("presentation-eddsa-rdfc-2022.json")
    assert [(c.name, c.code) for c in result.errors] == [("holder", "HOLDER_BINDING_MISMATCH")]
    assert result.check("holder").code == "HOLDER_IS_PRESENTER"


@pytest.mark.parametrize(
    ("policy", "code"),
    [
        (VerificationPolicy(challenge="abc124", domain="verifier.example"), "PROOF_CHALLENGE_MISMATCH"),
        (VerificationPolicy(challenge="abc123", domain="other.example"), "PROOF_DOMAIN_MISMATCH"),
    ],
)
def test_positive_vector_fails_with_another_challenge_or_domain(
    policy: VerificationPolicy, code: str
) -> None:
    result = _verify("presentation-eddsa-rdfc-2022.json", policy)
    assert code in [c.code for c in result.by_name("proof")]
