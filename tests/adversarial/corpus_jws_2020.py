"""JsonWebSignature2020: the detached JWS header is attacker-controlled text; each header case is signed correctly."""

from __future__ import annotations

from typing import Any

from microcred.keys import Key

from .corpus import VERIFIED, Corpus, expect
from .corpus_di_kit import Profile
from .corpus_kit import (
    Keys,
    b64e,
    jbytes,
)


def jws_header_cases(c: Corpus, p: Profile, keys: Keys) -> None:
    """JsonWebSignature2020: the detached JWS header is attacker-controlled text; each one is signed correctly."""
    from microcred.suites.jws_2020 import JsonWebSignature2020

    from .corpus_kit import SIGNED_AT

    unsigned = p.credential()
    with_context = {
        **unsigned,
        "@context": [*unsigned["@context"], "https://w3id.org/security/suites/jws-2020/v1"],
    }
    proof = {
        "type": "JsonWebSignature2020",
        "created": SIGNED_AT,
        "verificationMethod": p.key.kid,
        "proofPurpose": "assertionMethod",
    }
    from microcred.jsonld.loader import DocumentLoader

    data = JsonWebSignature2020.verify_data(with_context, proof, DocumentLoader())

    def signed_with(header: dict[str, Any], key: Key | None = None, alg: str | None = None) -> dict[str, Any]:
        protected = b64e(jbytes(header))
        signer = key or p.key
        signature = signer.sign(protected.encode("ascii") + b"." + data, alg or header.get("alg"))
        return {**with_context, "proof": {**proof, "jws": f"{protected}..{b64e(signature)}"}}

    base = {"alg": "EdDSA", "b64": False, "crit": ["b64"]}
    c.add(
        p.fmt,
        "control-hand-made-jws",
        "control",
        "the hand-made detached JWS the header cases start from",
        signed_with(base),
        VERIFIED,
    )
    cases: list[tuple[str, str, dict[str, Any], str, Key | None, str | None]] = [
        ("alg-none", "alg 'none'", {**base, "alg": "none"}, "ALG_NONE", None, "EdDSA"),
        (
            "alg-hs256",
            "alg HS256 (the signature is still Ed25519)",
            {**base, "alg": "HS256"},
            "ALG_SYMMETRIC",
            None,
            "EdDSA",
        ),
        (
            "alg-es256-for-ed25519-key",
            "alg ES256 for an Ed25519 key",
            {**base, "alg": "ES256"},
            "ALG_KEY_MISMATCH",
            None,
            "EdDSA",
        ),
        (
            "b64-missing",
            "no b64:false (an attached-payload JWS)",
            {"alg": "EdDSA"},
            "B64_INVALID",
            None,
            None,
        ),
        (
            "b64-not-critical",
            "b64:false not listed in crit",
            {"alg": "EdDSA", "b64": False},
            "B64_NOT_CRITICAL",
            None,
            None,
        ),
        (
            "crit-unknown",
            "crit names an extension nobody understands",
            {**base, "crit": ["b64", "exp"], "exp": 1},
            "CRIT_UNKNOWN",
            None,
            None,
        ),
        (
            "zip",
            "a compressed payload ('zip')",
            {**base, "zip": "DEF"},
            "COMPRESSION_NOT_ALLOWED",
            None,
            None,
        ),
        (
            "jwk-injected",
            "the attacker's own key in the header, signed by her, under the issuer's kid",
            {**base, "jwk": keys.mallory.to_jwk()},
            "SIGNATURE_INVALID",
            keys.mallory,
            None,
        ),
    ]
    for name, what, header, code, key, alg in cases:
        c.add(
            p.fmt,
            f"header-{name}",
            "jose-header",
            f"detached JWS header: {what}",
            signed_with(header, key, alg),
            expect("proof", "failed", code),
        )
