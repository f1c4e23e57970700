"""The SD-JWT spec examples and the reference implementation's test cases (tests/data/sd_jwt, see SOURCE.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


def _rfc_layout(text: str) -> dict[str, Any]:
    """sd-jwt 0.10.4 writes disclosures/kb_jwt at the top level (pre-RFC); RFC 9901 §8.1 puts them in the header."""
    data: dict[str, Any] = json.loads(text)
    moved = {k: data.pop(k) for k in ("disclosures", "kb_jwt") if k in data}
    if "signatures" in data:
        data["signatures"][0].setdefault("header", {}).update(moved)
    else:
        data.setdefault("header", {}).update(moved)
    return data


@pytest.mark.parametrize("case", json_serialization_dirs(), ids=lambda c: c.name)
def test_json_serialization_of_the_reference(case: Path) -> None:
    """RFC 9901 §8 with the reference's files moved into the RFC layout; its KB-JWT predates §8.1's sd_hash."""
    written = read_json(
        case, "sd_jwt_presentation.json"
    )  # the generator stored the JSON text as a JSON string
    with pytest.raises(SdJwtError, match="unprotected header"):
        verify_sd_jwt(written, issuer_key(case), now=KB_IAT)
    token = _rfc_layout(written)
    header = token["signatures"][0]["header"] if "signatures" in token else token["header"]
    kb_jwt = header.pop("kb_jwt")
    result = verify_sd_jwt(token, issuer_key(case), now=KB_IAT)
    assert result.claims == read_json(case, "verified_contents.json")
    header["kb_jwt"] = kb_jwt
    issued = verify_sd_jwt(_rfc_layout(read_json(case, "sd_jwt_issuance.json")), issuer_key(case), now=KB_IAT)
    expected = read_json(case, "user_claims.json")
    assert {k: v for k, v in issued.claims.items() if k in expected} == expected
    # sd-jwt 0.10.4 does not hash the compact equivalent (§8.1) for JSON, so its KB-JWT does not bind this form
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(token, issuer_key(case), now=KB_IAT, key_binding=_kb(case))
    assert info.value.reason == "KB_JWT_SD_HASH_MISMATCH"


@pytest.mark.parametrize("general", [False, True], ids=["flattened", "general"])
def test_json_serialization_with_key_binding(general: bool) -> None:
    """A compact SD-JWT+KB rewritten in the §8 JSON form verifies with its KB-JWT; a dropped Disclosure breaks it."""
    case = next(c for c in CASES if c.name == "key_binding")
    issuer, holder = issuer_key(case), holder_key(case)
    token = issue_sd_jwt(sd_claims(case), issuer, holder=holder)
    shown = present(
        token, ["given_name", "family_name"], holder=holder, aud="https://v", nonce="n", iat=KB_IAT
    )
    jwt, *disclosures, kb = shown.split("~")
    protected, payload, signature = jwt.split(".")
    header = {"disclosures": disclosures, "kb_jwt": kb}
    entry = {"protected": protected, "header": header, "signature": signature}
    data: dict[str, Any] = (
        {"payload": payload, "signatures": [entry]} if general else {"payload": payload, **entry}
    )
    expect = KbExpectations(aud="https://v", nonce="n")
    result = verify_sd_jwt(json.dumps(data), issuer, now=KB_IAT, key_binding=expect)
    assert {"given_name", "family_name"} <= set(result.claims)
    header["disclosures"] = disclosures[:-1]
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(data, issuer, now=KB_IAT, key_binding=expect)
    assert info.value.reason == "KB_JWT_SD_HASH_MISMATCH"
    if general:
        data["signatures"].append(entry)
        with pytest.raises(SdJwtError, match="exactly one signature"):
            verify_sd_jwt(data, issuer, now=KB_IAT)
