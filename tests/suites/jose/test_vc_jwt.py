"""VC-JWT 1.1 (VC Data Model 1.1 §6.3.1): claims encoding, decoding, and the issuer rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcred
from microcred.clock import parse_datetime
from microcred.suites.base import ProofOptions
from microcred.suites.vc_jwt import VcJwt11

from .jose_helpers import NOW, craft, parts

#: VC 1.1 plus a term for the names used below (safe mode refuses undefined terms).
CTX: list[Any] = ["https://www.w3.org/2018/credentials/v1", {"name": "https://schema.org/name"}]


def _vc1(issuer: Any, **extra: Any) -> dict[str, Any]:
    return {
        "@context": CTX,
        "id": "urn:uuid:6f1c2a52-4b8e-4f51-9c39-0d6a2f3b7e10",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "issuanceDate": "2025-06-30T10:00:00Z",
        "expirationDate": "2030-06-30T23:59:59Z",
        "credentialSubject": {"id": "did:example:ana", "name": "Ana"},
        **extra,
    }


def _issue(credential: dict[str, Any], key: Any, **options: Any) -> str:
    return VcJwt11().issue(credential, key, ProofOptions(created=parse_datetime(NOW), **options))


def test_claims_replace_the_duplicated_members(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    header, claims, _ = parts(_issue(_vc1(key.controller), key))
    assert header == {"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}
    assert claims["iss"] == key.controller and claims["sub"] == "did:example:ana"
    assert claims["jti"] == "urn:uuid:6f1c2a52-4b8e-4f51-9c39-0d6a2f3b7e10"
    assert (claims["nbf"], claims["exp"], claims["iat"]) == (1751277600, 1909094399, 1768478400)
    assert claims["vc"] == {
        "@context": CTX,
        "type": ["VerifiableCredential"],
        "credentialSubject": {"name": "Ana"},
    }


def test_decoding_rebuilds_the_credential(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    original = _vc1({"id": key.controller, "name": "University of Zed"})
    result = microcred.verify(_issue(original, key), now=NOW)
    assert result.verified, result.summary()
    assert result.credential == original
    assert [c.code for c in result.checks if c.name == "issuer"] == ["ISSUER_MATCHES"]


def test_members_a_numeric_date_cannot_reproduce_stay_in_vc(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    original = _vc1(key.controller, issuanceDate="2025-06-30T12:00:00.164+02:00")
    token = _issue(original, key)
    _, claims, _ = parts(token)
    assert claims["vc"]["issuanceDate"] == "2025-06-30T12:00:00.164+02:00" and claims["nbf"] == 1751277600
    result = microcred.verify(token, now=NOW)
    assert result.verified and result.credential == original


def test_validuntil_gives_exp_when_there_is_no_expiration_date(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    original = {
        k: v
        for k, v in _vc1(key.controller, validUntil="2029-01-01T00:00:00Z").items()
        if k != "expirationDate"
    }
    _, claims, _ = parts(_issue(original, key))
    assert claims["exp"] == 1861920000 and claims["vc"]["validUntil"] == "2029-01-01T00:00:00Z"


def test_in_addition_style_tokens_verify(keys: dict[str, Any]) -> None:
    """EBSI keeps every member in vc *and* sets the claims: fine when they agree."""
    key = keys["Ed25519"]
    vc = _vc1(key.controller)
    claims = {
        "iss": key.controller,
        "sub": "did:example:ana",
        "jti": vc["id"],
        "nbf": 1751277600,
        "exp": 1909094399,
        "vc": vc,
    }
    result = microcred.verify(craft({"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}, claims, key), now=NOW)
    assert result.verified, result.summary()
    assert result.credential == vc


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("iss", "did:example:other"),
        ("jti", "urn:uuid:other"),
        ("sub", "did:example:bob"),
        ("nbf", 1751277601),
        ("exp", 1),
    ],
)
def test_claims_that_disagree_with_vc_fail(claim: str, value: Any, keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    vc = _vc1(key.controller)
    claims = {
        "iss": key.controller,
        "sub": "did:example:ana",
        "jti": vc["id"],
        "nbf": 1751277600,
        "exp": 1909094399,
        "vc": vc,
    }
    claims[claim] = value
    result = microcred.verify(craft({"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}, claims, key), now=NOW)
    assert result.check("proof").code == "CLAIM_MISMATCH"


def test_token_without_kid_uses_the_did_key_of_iss(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    _, claims, _ = parts(_issue(_vc1(key.controller), key))
    result = microcred.verify(craft({"alg": "EdDSA", "typ": "JWT"}, claims, key), now=NOW)
    assert result.verified, result.summary()


def test_kid_of_another_did_than_iss_fails_issuer(keys: dict[str, Any]) -> None:
    signer, named = keys["P-256"], keys["Ed25519"]
    _, claims, _ = parts(_issue(_vc1(named.controller), signer))
    assert claims["iss"] == named.controller
    result = microcred.verify(
        craft({"alg": "ES256", "kid": signer.kid, "typ": "JWT"}, claims, signer), now=NOW
    )
    assert (result.check("issuer").status.value, result.check("issuer").code) == ("failed", "ISSUER_MISMATCH")


def test_missing_iss_fails_issuer(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    vc = _vc1(key.controller)
    result = microcred.verify(craft({"alg": "ES256", "kid": key.kid, "typ": "JWT"}, {"vc": vc}, key), now=NOW)
    assert result.check("issuer").code == "ISS_MISSING"


@pytest.mark.parametrize(
    ("header", "claims_change", "code"),
    [
        ({"typ": "vc+ld+jwt"}, {}, "TYP_INVALID"),
        ({"cty": "JWT"}, {}, "CTY_INVALID"),
        ({}, {"vc": "a string"}, "VC_CLAIM_MISSING"),
        ({}, {"iat": "2026-01-15"}, "CLAIM_INVALID"),
        ({}, {"nbf": True}, "CLAIM_INVALID"),
    ],
)
def test_malformed_vc_jwt(
    header: dict[str, Any], claims_change: dict[str, Any], code: str, keys: dict[str, Any]
) -> None:
    key = keys["P-256"]
    _, claims, _ = parts(_issue(_vc1(key.controller), key))
    token = craft({"alg": "ES256", "kid": key.kid, "typ": "JWT", **header}, {**claims, **claims_change}, key)
    outcome = VcJwt11().verify(token, _options())
    assert [c.code for c in outcome.checks] == [code]


def test_expiry_comes_from_exp(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    token = _issue({k: v for k, v in _vc1(key.controller).items() if k != "expirationDate"}, key)
    assert "exp" not in parts(token)[1]
    from datetime import timedelta

    short = _issue(
        copy.deepcopy({k: v for k, v in _vc1(key.controller).items() if k != "expirationDate"}),
        key,
        jwt_lifetime=timedelta(hours=1),
    )
    assert parts(short)[1]["exp"] == 1768478400 + 3600
    later = microcred.verify(short, now="2026-01-15T13:00:01Z")
    assert (later.check("validity").code, later.check("validity").details.get("bound")) == (
        "EXPIRED",
        "expirationDate",
    )


def _options() -> Any:
    from microcred.clock import FixedClock
    from microcred.jsonld.loader import DocumentLoader
    from microcred.resolve import default_resolver
    from microcred.suites.base import VerifyOptions

    return VerifyOptions(loader=DocumentLoader(), resolver=default_resolver(), clock=FixedClock(NOW))
