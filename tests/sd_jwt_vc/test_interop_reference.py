"""Interop with the IETF reference implementation (PyPI ``sd-jwt`` 0.10.4, dev extra), both directions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from microcred import verify
from microcred.base64url import b64url_decode_strict as b64url_decode
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.resolve import default_resolver
from microcred.sd_jwt import present
from microcred.sd_jwt_vc import MAXIMAL_SD, issue_sd_jwt_vc
from microcred.sd_jwt_vc.issue import sd_jwt_vc_claims
from microcred.verification.policy import VerificationPolicy

from .conftest import NOW
from .reference import to_reference

sd_jwt_holder = pytest.importorskip("sd_jwt.holder")
sd_jwt_issuer = pytest.importorskip("sd_jwt.issuer")
sd_jwt_verifier = pytest.importorskip("sd_jwt.verifier")

AUD, NONCE = "https://employer.example", "n-42"


@pytest.fixture(scope="module")
def p256_holder() -> Key:
    return Key.from_jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "d": "5K5SCos8zf9zRemGGUl6yfok-_NiiryNZsvANWMhF-I",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
        }
    )


def _reference_verify(token: str, issuer: Key, **kb: str) -> dict[str, Any]:
    verifier = sd_jwt_verifier.SDJWTVerifier(
        token,
        lambda iss, header: issuer.public().to_jwcrypto(),
        expected_aud=kb.get("aud"),
        expected_nonce=kb.get("nonce"),
    )
    return verifier.get_verified_payload()  # type: ignore[no-any-return]


@pytest.mark.parametrize("policy", ["default", "maximal"])
def test_microcred_sd_jwt_vc_verifies_with_the_reference(issuer: Key, p256_holder: Key, policy: str) -> None:
    sd = MAXIMAL_SD if policy == "maximal" else None
    token = issue_sd_jwt_vc(
        example_microcredential(),
        issuer,
        now=NOW,
        holder=p256_holder,
        **({"sd": sd} if sd else {}),  # type: ignore[arg-type]
    )
    ours = verify(token, now=NOW, resolver=default_resolver())
    assert ours.verified
    assert _reference_verify(token, issuer) == ours.credential
    shown = present(
        token,
        ["title", "learner.familyName", "learningOutcomes.1"],
        holder=p256_holder,
        aud=AUD,
        nonce=NONCE,
        iat=NOW,
    )
    ours = verify(shown, now=NOW, policy=VerificationPolicy(domain=AUD, challenge=NONCE))
    assert ours.verified, ours.summary()
    theirs = _reference_verify(shown, issuer, aud=AUD, nonce=NONCE)
    assert theirs == ours.credential and theirs["learner"] == {"familyName": {"en": "Andromeda"}}


def test_reference_rejects_a_microcred_presentation_for_another_verifier(
    issuer: Key, p256_holder: Key
) -> None:
    token = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, holder=p256_holder)
    shown = present(token, ["title"], holder=p256_holder, aud=AUD, nonce=NONCE, iat=NOW)
    with pytest.raises(ValueError, match="audience"):
        _reference_verify(shown, issuer, aud="https://other.example", nonce=NONCE)


def _reference_issue(issuer: Key, holder: Key) -> str:
    claims, _ = sd_jwt_vc_claims(example_microcredential(), issuer, now=NOW)
    reference = sd_jwt_issuer.SDJWTIssuer(
        to_reference(claims),
        issuer.to_jwcrypto(private=True),
        holder_key=holder.to_jwcrypto(),
        add_decoy_claims=True,
        extra_header_parameters={"typ": "dc+sd-jwt", "kid": issuer.kid},
    )
    return str(reference.sd_jwt_issuance)


def test_reference_sd_jwt_vc_verifies_with_microcred(issuer: Key, p256_holder: Key) -> None:
    token = _reference_issue(issuer, p256_holder)
    result = verify(token, now=NOW, resolver=default_resolver())
    assert result.verified, result.summary()
    expected = example_microcredential().to_dict()
    assert {k: v for k, v in (result.credential or {}).items() if k in expected} == expected
    # the holder side of the reference, with its key binding JWT (its iat is the wall clock: verify at that time)
    holder = sd_jwt_holder.SDJWTHolder(token)
    holder.create_presentation(
        {"title": True, "learner": {"fullName": True}},
        nonce=NONCE,
        aud=AUD,
        holder_key=p256_holder.to_jwcrypto(private=True),
        sign_alg="ES256",
    )
    shown = holder.sd_jwt_presentation
    kb_iat = json.loads(b64url_decode(shown.rsplit("~", 1)[1].split(".")[1]))["iat"]
    at = datetime.fromtimestamp(kb_iat, tz=UTC)
    presented = verify(shown, now=at, policy=VerificationPolicy(domain=AUD, challenge=NONCE))
    assert presented.check("holder").code == "KEY_BINDING_VALID", presented.summary()
    assert (presented.credential or {})["learner"] == {"fullName": {"en": "Ana Andromeda"}}
    assert (
        "learningOutcomes" in (presented.credential or {})
        and (presented.credential or {})["learningOutcomes"] == []
    )
