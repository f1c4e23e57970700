"""Cases for vc-jwt (VC Data Model 1.1 §6.3.1 JWT): header and claim attacks, hand-made and correctly signed."""

from __future__ import annotations

import zlib
from typing import Any

from cryptography.hazmat.primitives import serialization

from microcred.keys import Key
from microcred.model import example_microcredential

from .corpus import VERIFIED, Corpus, expect
from .corpus_jose_kit import (
    EXPIRED_TS,
    FUTURE_TS,
    common_signature_cases,
    hs256_with_public_key,
    jwt_profile,
    nested,
    static_key_cases,
)
from .corpus_kit import (
    CRED,
    Keys,
    compact,
    datetime_value,
    jbytes,
    sign,
    token_parts,
    v1_credential,
    with_payload,
)
from .corpus_status import status_cases


def vc_jwt_cases(c: Corpus, keys: Keys) -> None:
    fmt, key, mallory = "vc-jwt", keys.ed25519, keys.mallory
    credential = v1_credential(key.controller)
    token = sign(credential, key, fmt)
    assert isinstance(token, str)
    header, claims, _ = token_parts(token)
    vc = claims["vc"]

    def hand(
        changes: dict[str, Any] | None = None,
        payload: Any = None,
        signer: Key | None = None,
        alg: str | None = None,
    ) -> str:
        h = {k: v for k, v in {**header, **(changes or {})}.items() if v is not None}
        return compact(h, claims if payload is None else payload, signer or key, alg)

    c.add(fmt, "control-valid", "control", "the untampered token verifies", token, VERIFIED)
    c.add(
        fmt,
        "control-no-kid",
        "control",
        "no kid: the did:key in iss names its only key",
        hand({"kid": None}),
        VERIFIED,
    )
    elm = sign(example_microcredential(), key, fmt)
    c.add(
        fmt,
        "control-elm-example",
        "control",
        "the example micro-credential (ELM, VC 1.1) verifies",
        elm,
        VERIFIED,
    )
    bad = expect("proof", "failed", "SIGNATURE_INVALID")
    tampered = {
        "subject-name": (
            "the learner's name in vc is changed",
            {**claims, "vc": {**vc, "credentialSubject": {**vc["credentialSubject"], "name": "Mallory"}}},
        ),
        "exp-extended": ("exp moved to 2099", {**claims, "exp": 4070908800}),
        "sub-swapped": ("sub names another learner", {**claims, "sub": "did:example:mallory"}),
    }
    for name, (note, payload) in tampered.items():
        c.add(
            fmt,
            f"tampered-{name}",
            "tampered-claims",
            f"payload re-encoded after signing: {note}",
            with_payload(token, payload),
            bad,
        )
    common_signature_cases(c, fmt, token)
    public = key.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    cases: list[tuple[str, str, str, str, str, str]] = [
        (
            "header-alg-none",
            "jose-header",
            "alg 'none'",
            hand({"alg": "none"}, alg="EdDSA"),
            "proof",
            "ALG_NONE",
        ),
        (
            "header-alg-hs256-public-key",
            "jose-header",
            "HS256 keyed with the issuer's raw Ed25519 public key",
            hs256_with_public_key({**header, "alg": "HS256"}, claims, public),
            "proof",
            "ALG_SYMMETRIC",
        ),
        (
            "header-alg-rs256-for-ed25519-key",
            "jose-header",
            "alg RS256 for an Ed25519 key",
            hand({"alg": "RS256"}, alg="EdDSA"),
            "proof",
            "ALG_KEY_MISMATCH",
        ),
        (
            "header-typ-wrong",
            "jose-header",
            "typ 'vc+ld+json'",
            hand({"typ": "vc+ld+json"}),
            "proof",
            "TYP_INVALID",
        ),
        (
            "header-cty-jwt",
            "jose-header",
            "cty JWT: a nested token",
            hand({"cty": "JWT"}),
            "proof",
            "CTY_INVALID",
        ),
        (
            "header-crit-unknown",
            "jose-header",
            "crit names an unknown extension",
            hand({"crit": ["nope"], "nope": 1}),
            "proof",
            "CRIT_UNKNOWN",
        ),
        (
            "header-zip",
            "jose-header",
            "a DEFLATE-compressed payload ('zip'): no credential can be found in it",
            hand({"zip": "DEF"}, payload=zlib.compress(jbytes(claims))[2:-4]),
            "format",
            "UNSUPPORTED_FORMAT",
        ),
        (
            "header-jwk-injected",
            "jose-header",
            "the attacker's key as 'jwk' under the issuer's kid, signed by her",
            hand({"jwk": mallory.to_jwk()}, signer=mallory),
            "proof",
            "SIGNATURE_INVALID",
        ),
        (
            "mallory-no-kid",
            "swapped-key",
            "no kid; iss names the issuer's did:key, the attacker signed",
            hand({"kid": None}, signer=mallory),
            "proof",
            "SIGNATURE_INVALID",
        ),
        (
            "mallory-signs-with-own-key",
            "swapped-key",
            "the attacker's kid and key, iss naming the issuer",
            hand({"kid": mallory.kid}, signer=mallory),
            "issuer",
            "ISSUER_MISMATCH",
        ),
    ]
    for name, kind, note, content, check, code in cases:
        c.add(fmt, name, kind, note, content, expect(check, "failed", code))
    claim_cases: list[tuple[str, str, str, Any, str, str]] = [
        (
            "claims-iss-vs-vc-issuer",
            "jose-claims",
            "iss and vc.issuer disagree",
            {**claims, "vc": {**vc, "issuer": mallory.controller}},
            "proof",
            "CLAIM_MISMATCH",
        ),
        (
            "claims-jti-vs-id",
            "jose-claims",
            "jti and vc.id disagree",
            {**claims, "vc": {**vc, "id": "urn:uuid:00000000-0000-4000-8000-000000000000"}},
            "proof",
            "CLAIM_MISMATCH",
        ),
        (
            "claims-sub-vs-subject-id",
            "jose-claims",
            "sub and vc.credentialSubject.id disagree",
            {
                **claims,
                "vc": {**vc, "credentialSubject": {**vc["credentialSubject"], "id": "did:example:mallory"}},
            },
            "proof",
            "CLAIM_MISMATCH",
        ),
        (
            "claims-nbf-vs-issuance-date",
            "jose-claims",
            "nbf and vc.issuanceDate disagree",
            {**claims, "vc": {**vc, "issuanceDate": "2020-01-01T00:00:00Z"}},
            "proof",
            "CLAIM_MISMATCH",
        ),
        (
            "claims-vc-not-an-object",
            "jose-claims",
            "the vc claim is a string",
            {**claims, "vc": "credential"},
            "proof",
            "VC_CLAIM_MISSING",
        ),
        (
            "claims-iss-missing",
            "jose-claims",
            "no iss claim",
            {**{k: v for k, v in claims.items() if k != "iss"}, "vc": {**vc, "issuer": key.controller}},
            "issuer",
            "ISS_MISSING",
        ),
        (
            "claims-exp-passed",
            "validity",
            "exp passed on 2026-01-12",
            {**claims, "exp": EXPIRED_TS},
            "validity",
            "EXPIRED",
        ),
        (
            "claims-nbf-future",
            "validity",
            "nbf is 2026-06-01",
            {**claims, "nbf": FUTURE_TS},
            "validity",
            "NOT_YET_VALID",
        ),
        (
            "claims-iat-not-a-number",
            "jose-claims",
            "iat is a string",
            {**claims, "iat": "yesterday"},
            "proof",
            "CLAIM_INVALID",
        ),
        (
            "claims-no-vc",
            "jose-claims",
            "a JWT with neither vc nor @context",
            {k: v for k, v in claims.items() if k != "vc"},
            "format",
            "UNSUPPORTED_FORMAT",
        ),
        (
            "payload-duplicate-exp",
            "duplicate-keys",
            "'exp' written twice in the signed payload",
            jbytes(claims)[:-1] + b',"exp":4070908800}',
            "proof",
            "DUPLICATE_JSON_KEY",
        ),
        (
            "payload-nested-70",
            "deep-nesting",
            "a signed vc nested 70 levels deep",
            {
                **claims,
                "vc": {**vc, "credentialSubject": {**vc["credentialSubject"], "description": nested(70)}},
            },
            "proof",
            "NESTING_TOO_DEEP",
        ),
        (
            "undefined-term",
            "undefined-term",
            "a signed claim under a term no context defines",
            {**claims, "vc": {**vc, "credentialSubject": {**vc["credentialSubject"], "nickname": "Ana"}}},
            "schema",
            "DATA_LOSS_DETECTION_ERROR",
        ),
    ]
    for name, kind, note, payload, check, code in claim_cases:
        c.add(fmt, name, kind, note, hand(payload=payload), expect(check, "failed", code))
    hidden_vc = {k: v for k, v in vc.items()}
    hidden_vc[CRED + "expirationDate"] = datetime_value("2026-01-12T00:00:00Z")
    hidden = {k: v for k, v in claims.items() if k != "exp"} | {"vc": hidden_vc}
    c.add(
        fmt,
        "expiry-as-full-iri",
        "full-iri",
        "expirationDate (passed) written as its full IRI and no exp claim: invisible to a JSON reader",
        hand(payload=hidden),
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    static_key_cases(c, fmt, key, v1_credential)
    status_cases(c, fmt, key, mallory, credential, full=False, profile=jwt_profile(fmt, key, mallory))
