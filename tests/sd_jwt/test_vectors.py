"""The SD-JWT spec examples and the reference implementation's test cases (tests/data/sd_jwt, see SOURCE.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from microcred.errors import SdJwtError
from microcred.sd_jwt import KbExpectations, issue_sd_jwt, present, verify_sd_jwt

from .vectors import (
    case_dirs,
    holder_key,
    issuer_key,
    json_serialization_dirs,
    read_json,
    read_token,
    sd_claims,
    settings,
    visible,
)

CASES = case_dirs()
KB_IAT = datetime.fromtimestamp(1796609614, tz=UTC)


def _kb(case: Path) -> KbExpectations | None:
    if not (case / "kb_jwt_payload.json").exists():
        return None
    s = settings(case)
    return KbExpectations(aud=s["identifiers"]["verifier"], nonce=s["key_binding_nonce"])


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.name}" for c in CASES])
def test_presentation_verifies_to_the_expected_claims(case: Path) -> None:
    token = read_token(case, "sd_jwt_presentation.txt")
    result = verify_sd_jwt(token, issuer_key(case), now=KB_IAT, key_binding=_kb(case))
    assert result.claims == read_json(case, "verified_contents.json")
    assert (result.kb_claims is not None) == (_kb(case) is not None)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.name}" for c in CASES])
def test_issuance_discloses_every_user_claim(case: Path) -> None:
    token = read_token(case, "sd_jwt_issuance.txt")
    result = verify_sd_jwt(token, issuer_key(case), now=KB_IAT)
    expected = read_json(case, "user_claims.json")
    assert {k: v for k, v in result.claims.items() if k in expected} == expected


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.name}" for c in CASES])
def test_microcred_reissues_the_case(case: Path) -> None:
    """Issue the case's claims with its !sd policy; full disclosure gives back exactly the user claims."""
    claims = sd_claims(case)
    token = issue_sd_jwt(claims, issuer_key(case), decoys=2)
    result = verify_sd_jwt(token, issuer_key(case).public(), now=KB_IAT)
    assert result.claims == read_json(case, "user_claims.json")
    # Presenting no Disclosure leaves exactly what the policy keeps always visible.
    assert verify_sd_jwt(present(token, []), issuer_key(case), now=KB_IAT).claims == visible(claims)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.name}" for c in CASES])
def test_presentation_with_another_issuer_key_fails(case: Path) -> None:
    other = holder_key(case)  # a valid P-256 key, but not the issuer's
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(read_token(case, "sd_jwt_presentation.txt"), other.public(), now=KB_IAT)
    assert info.value.reason == "SIGNATURE_INVALID"


@pytest.mark.parametrize("case", json_serialization_dirs(), ids=lambda c: c.name)
def test_json_serialization_is_refused_plainly(case: Path) -> None:
    token = (case / "sd_jwt_presentation.json").read_text()
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(token, issuer_key(case), now=KB_IAT)
    assert info.value.reason == "SD_JWT_MALFORMED"
