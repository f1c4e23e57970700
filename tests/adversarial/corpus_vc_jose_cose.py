"""Cases for vc+jwt (VC-JOSE-COSE §3.1.1, VC 2.0): header attacks are hand-made and correctly signed, so each one
is refused by the rule it targets and not merely by a broken signature."""

from __future__ import annotations

import copy
import zlib
from typing import Any

from cryptography.hazmat.primitives import serialization

from microcred.keys import Key
from microcred.model import example_microcredential

from .corpus import VERIFIED, Corpus, expect
from .corpus_jose_kit import (
    EXPIRED_TS,
    FUTURE_TS,
    SIGNED_AT_TS,
    clique,
    common_signature_cases,
    der,
    hs256_with_public_key,
    jwt_profile,
    nested,
    static_key_cases,
    x5c_of,
)
from .corpus_kit import (
    CRED,
    Keys,
    b64e,
    compact,
    datetime_value,
    jbytes,
    sign,
    token_parts,
    v1_credential,
    v2_credential,
    with_payload,
    with_signature,
)
from .corpus_status import status_cases

#: Codes that mean "could not check" (an ``error``), not "checked and wrong".
COULD_NOT_CHECK = frozenset({"VERIFICATION_METHOD_UNRESOLVED"})


def vc_jose_cose_cases(c: Corpus, keys: Keys) -> None:
    fmt, key = "vc+jwt", keys.p256
    credential = v2_credential(key.controller)
    token = sign(credential, key, fmt)
    assert isinstance(token, str)
    header, claims, _ = token_parts(token)

    def hand(
        changes: dict[str, Any] | None = None,
        payload: Any = None,
        signer: Key | None = None,
        alg: str | None = None,
    ) -> str:
        h = {**header, **(changes or {})}
        h = {k: v for k, v in h.items() if v is not None}
        return compact(h, claims if payload is None else payload, signer or key, alg)

    c.add(fmt, "control-valid", "control", "the untampered token verifies", token, VERIFIED)
    c.add(
        fmt,
        "control-enveloped",
        "control",
        "the token inside an EnvelopedVerifiableCredential (VC 2.0 §4.13)",
        {
            "@context": "https://www.w3.org/ns/credentials/v2",
            "type": "EnvelopedVerifiableCredential",
            "id": "data:application/vc+jwt," + token,
        },
        VERIFIED,
    )
    elm = sign(example_microcredential(), key, fmt)
    c.add(
        fmt,
        "control-elm-example",
        "control",
        "the example micro-credential (ELM, VC 2.0) verifies",
        elm,
        VERIFIED,
    )
    bad = expect("proof", "failed", "SIGNATURE_INVALID")
    edits = {
        "subject-name": (
            "the learner's name is changed",
            lambda d: d["credentialSubject"].update(name="Mallory"),
        ),
        "issuer-and-iss": (
            "issuer and iss both replaced by the attacker's DID",
            lambda d: d.update(issuer=keys.mallory_p256.controller, iss=keys.mallory_p256.controller),
        ),
        "expiry-extended": (
            "validUntil moved to 2099",
            lambda d: d.update(validUntil="2099-01-01T00:00:00Z"),
        ),
    }
    for name, (note, edit) in edits.items():
        changed = copy.deepcopy(claims)
        edit(changed)  # type: ignore[no-untyped-call]
        c.add(
            fmt,
            f"tampered-{name}",
            "tampered-claims",
            f"payload re-encoded after signing: {note}",
            with_payload(token, changed),
            bad,
        )
    common_signature_cases(c, fmt, token)
    c.add(
        fmt,
        "signature-der-encoded",
        "tampered-proof",
        "the ES256 signature in DER instead of r||s",
        with_signature(token, der(token_parts(token)[2])),
        expect("proof", "failed", "SIGNATURE_LENGTH_INVALID"),
    )
    # -- header ---------------------------------------------------------------------------------------------
    unsigned_none = f"{b64e(jbytes({**header, 'alg': 'none'}))}.{b64e(jbytes(claims))}."
    rsa = keys.rsa
    rsa_claims = {**claims, "issuer": rsa.controller, "iss": rsa.controller}
    pem = rsa.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    headers: list[tuple[str, str, str, str | dict[str, Any], str, str]] = [
        (
            "alg-none-unsigned",
            "alg 'none' and no signature",
            "jose-header",
            unsigned_none,
            "proof",
            "ALG_NONE",
        ),
        (
            "alg-none-signed",
            "alg 'none' over a valid ES256 signature",
            "jose-header",
            hand({"alg": "none"}, alg="ES256"),
            "proof",
            "ALG_NONE",
        ),
        (
            "alg-hs256-public-key",
            "HS256 keyed with the issuer's RSA public key (PEM): key confusion",
            "jose-header",
            hs256_with_public_key({**header, "alg": "HS256", "kid": rsa.kid}, rsa_claims, pem),
            "proof",
            "ALG_SYMMETRIC",
        ),
        (
            "alg-es384-for-p256-key",
            "alg ES384 for a P-256 key",
            "jose-header",
            hand({"alg": "ES384"}, alg="ES256"),
            "proof",
            "ALG_KEY_MISMATCH",
        ),
        (
            "alg-eddsa-for-p256-key",
            "alg EdDSA for a P-256 key",
            "jose-header",
            hand({"alg": "EdDSA"}, alg="ES256"),
            "proof",
            "ALG_KEY_MISMATCH",
        ),
        (
            "alg-unknown",
            "alg 'ES999'",
            "jose-header",
            hand({"alg": "ES999"}, alg="ES256"),
            "proof",
            "ALG_UNSUPPORTED",
        ),
        (
            "kid-missing",
            "no kid: the key cannot be found",
            "jose-header",
            hand({"kid": None}),
            "proof",
            "KID_MISSING",
        ),
        (
            "kid-other-key",
            "kid names the issuer's Ed25519 key; the signature is ES256",
            "swapped-key",
            hand({"kid": keys.ed25519.kid}),
            "proof",
            "ALG_KEY_MISMATCH",
        ),
        (
            "kid-unresolvable",
            "kid is a did:web the offline verifier cannot resolve (could not check)",
            "swapped-key",
            hand({"kid": "did:web:registrar.example.edu#key-1"}),
            "proof",
            "VERIFICATION_METHOD_UNRESOLVED",
        ),
        (
            "jwk-injected-no-kid",
            "the attacker's key as 'jwk', no kid, signed by her",
            "jose-header",
            hand({"kid": None, "jwk": keys.mallory_p256.to_jwk()}, signer=keys.mallory_p256),
            "proof",
            "KID_MISSING",
        ),
        (
            "jwk-injected",
            "the attacker's key as 'jwk' under the issuer's kid, signed by her",
            "jose-header",
            hand({"jwk": keys.mallory_p256.to_jwk()}, signer=keys.mallory_p256),
            "proof",
            "SIGNATURE_INVALID",
        ),
        (
            "x5c-injected",
            "the attacker's certificate chain as 'x5c' under the issuer's kid, signed by her",
            "jose-header",
            hand({"x5c": x5c_of(keys.mallory_seal)}, signer=keys.mallory_seal),
            "proof",
            "SIGNATURE_INVALID",
        ),
        (
            "jku-injected",
            "a 'jku' pointing at the attacker's key set",
            "jose-header",
            hand({"jku": "https://evil.example/jwks.json"}, signer=keys.mallory_p256),
            "proof",
            "SIGNATURE_INVALID",
        ),
        (
            "crit-unknown",
            "crit names an extension nobody understands",
            "jose-header",
            hand({"crit": ["exp"], "exp": SIGNED_AT_TS}),
            "proof",
            "CRIT_UNKNOWN",
        ),
        ("crit-empty", "crit is an empty list", "jose-header", hand({"crit": []}), "proof", "CRIT_INVALID"),
        (
            "crit-registered-name",
            "crit lists 'alg' (a registered name)",
            "jose-header",
            hand({"crit": ["alg"]}),
            "proof",
            "CRIT_INVALID",
        ),
        (
            "b64-false-critical",
            "b64:false listed in crit: vc+jwt understands no header extension",
            "jose-header",
            hand({"b64": False, "crit": ["b64"]}),
            "proof",
            "CRIT_UNKNOWN",
        ),
        (
            "b64-not-critical",
            "b64 present but not listed in crit",
            "jose-header",
            hand({"b64": True}),
            "proof",
            "B64_NOT_CRITICAL",
        ),
        (
            "zip",
            "a DEFLATE-compressed payload ('zip')",
            "jose-header",
            hand({"zip": "DEF"}, payload=zlib.compress(jbytes(claims))[2:-4]),
            "proof",
            "COMPRESSION_NOT_ALLOWED",
        ),
        (
            "enc-header",
            "an 'enc' member: a JWE header on a three-segment token",
            "jose-header",
            hand({"enc": "A256GCM"}),
            "proof",
            "JWE_NOT_ACCEPTED",
        ),
        ("typ-missing", "no typ", "jose-header", hand({"typ": None}), "proof", "TYP_INVALID"),
        (
            "typ-vp",
            "typ vp+jwt: a presentation offered as a credential",
            "jose-header",
            hand({"typ": "vp+jwt"}),
            "format",
            "PRESENTATION_NOT_CREDENTIAL",
        ),
        ("cty-wrong", "cty 'json'", "jose-header", hand({"cty": "json"}), "proof", "CTY_INVALID"),
        (
            "nested",
            "a protected header nested 10 levels deep",
            "deep-nesting",
            hand({"x": nested(10)}),
            "format",
            "NESTING_TOO_DEEP",
        ),
    ]
    for name, note, kind, content, check, code in headers:
        c.add(
            fmt,
            f"header-{name}",
            kind,
            note,
            content,
            expect(check, "error" if code in COULD_NOT_CHECK else "failed", code),
        )
    duplicate = b64e(b'{"alg":"ES256","kid":"' + str(key.kid).encode() + b'","typ":"vc+jwt","typ":"JWT"}')
    c.add(
        fmt,
        "header-duplicate-typ",
        "duplicate-keys",
        "the protected header has 'typ' twice",
        compact(duplicate, claims, key),
        expect("format", "failed", "DUPLICATE_JSON_KEY"),
    )
    five = ".".join(
        [
            b64e(jbytes({"alg": "RSA-OAEP-256", "enc": "A256GCM", "typ": "vc+jwt"})),
            "AAAA",
            "AAAA",
            "AAAA",
            "AAAA",
        ]
    )
    c.add(
        fmt,
        "jwe-five-segments",
        "jose-header",
        "a compact JWE (five segments)",
        five,
        expect("format", "failed", "UNSUPPORTED_FORMAT"),
    )
    mallory = keys.mallory_p256
    c.add(
        fmt,
        "mallory-signs-with-own-key",
        "swapped-key",
        "the attacker signs a credential naming the issuer, with her own key and kid",
        hand({"kid": mallory.kid}, signer=mallory),
        expect("issuer", "failed", "ISSUER_MISMATCH"),
    )
    # -- payload --------------------------------------------------------------------------------------------
    duplicate_payload = jbytes(claims)[:-1] + b',"iss":"' + str(mallory.controller).encode() + b'"}'
    payloads: list[tuple[str, str, str, Any, str, str, str]] = [
        (
            "payload-duplicate-iss",
            "duplicate-keys",
            "'iss' written twice in the signed payload",
            duplicate_payload,
            "proof",
            "failed",
            "DUPLICATE_JSON_KEY",
        ),
        (
            "payload-nested-70",
            "deep-nesting",
            "a signed payload nested 70 levels deep",
            {**claims, "credentialSubject": {**claims["credentialSubject"], "description": nested(70)}},
            "proof",
            "failed",
            "NESTING_TOO_DEEP",
        ),
        (
            "payload-not-an-object",
            "jose-claims",
            "the signed payload is a JSON array",
            [claims],
            "proof",
            "failed",
            "PAYLOAD_INVALID",
        ),
        (
            "payload-not-json",
            "jose-claims",
            "the signed payload is not JSON",
            b"credential: yes",
            "proof",
            "failed",
            "JSON_PARSE_ERROR",
        ),
        (
            "claims-vc-claim",
            "jose-claims",
            "a VC-JWT 1.1 'vc' claim inside a VC-JOSE-COSE token",
            {**claims, "vc": credential},
            "format",
            "failed",
            "VC_VP_CLAIM_PRESENT",
        ),
        (
            "claims-vc-1-1",
            "jose-claims",
            "a VC 1.1 credential as the payload",
            v1_credential(key.controller),
            "format",
            "failed",
            "NOT_VC_DM_2",
        ),
        (
            "claims-iss-mismatch",
            "jose-claims",
            "iss names the attacker while issuer names the registrar",
            {**claims, "iss": mallory.controller},
            "issuer",
            "failed",
            "ISS_MISMATCH",
        ),
        (
            "claims-exp-passed",
            "validity",
            "the JWT exp passed on 2026-01-12",
            {**claims, "exp": EXPIRED_TS},
            "validity",
            "failed",
            "EXPIRED",
        ),
        (
            "claims-nbf-future",
            "validity",
            "the JWT nbf is 2026-06-01",
            {**claims, "nbf": FUTURE_TS},
            "validity",
            "failed",
            "NOT_YET_VALID",
        ),
        (
            "claims-exp-not-a-number",
            "jose-claims",
            "exp is a string",
            {**claims, "exp": "2031-01-01"},
            "proof",
            "failed",
            "CLAIM_INVALID",
        ),
        (
            "undefined-term",
            "undefined-term",
            "a signed claim under a term no context defines",
            {**claims, "credentialSubject": {**claims["credentialSubject"], "nickname": "Ana"}},
            "schema",
            "failed",
            "DATA_LOSS_DETECTION_ERROR",
        ),
        (
            "relative-subject-id",
            "relative-iri",
            "a signed relative credentialSubject.id",
            {**claims, "credentialSubject": {**claims["credentialSubject"], "id": "learners/ana"}},
            "schema",
            "failed",
            "VCDM_ID_NOT_URL",  # VC DM 2.0 §4.4; JSON-LD would also drop it (DATA_LOSS_DETECTION_ERROR)
        ),
        (
            "context-unknown-url",
            "context",
            "a signed context URL the offline loader does not serve",
            {**claims, "@context": [*claims["@context"], "https://contexts.example/evil/v1"]},
            "schema",
            "error",
            "CONTEXT_UNAVAILABLE",
        ),
        (
            "context-redefines-protected-term",
            "context",
            "a signed inline context redefining the protected 'name'",
            {**claims, "@context": [*claims["@context"], {"name": "https://evil.example/vocab#name"}]},
            "schema",
            "failed",
            "JSONLD_INVALID",
        ),
    ]
    for name, kind, note, payload, check, status, code in payloads:
        c.add(fmt, name, kind, note, hand(payload=payload), expect(check, status, code))
    expired_claims = {**claims, "validUntil": "2026-01-12T00:00:00Z"}
    c.add(
        fmt,
        "expired",
        "validity",
        "validUntil passed on 2026-01-12",
        hand(payload=expired_claims),
        expect("validity", "failed", "EXPIRED"),
    )
    hidden = {k: v for k, v in expired_claims.items() if k != "validUntil"}
    hidden[CRED + "validUntil"] = datetime_value("2026-01-12T00:00:00Z")
    c.add(
        fmt,
        "expiry-as-full-iri",
        "full-iri",
        "validUntil (passed) written as its full IRI by the signer: same JSON-LD, invisible to a JSON reader",
        hand(payload=hidden),
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    c.add(
        fmt,
        "enveloped-other-media-type",
        "structure",
        "an EnvelopedVerifiableCredential holding an SD-JWT",
        {
            "@context": "https://www.w3.org/ns/credentials/v2",
            "type": "EnvelopedVerifiableCredential",
            "id": "data:application/vc+sd-jwt," + token,
        },
        expect("format", "failed", "UNSUPPORTED_FORMAT"),
    )
    protected, payload, signature = token.split(".")
    c.add(
        fmt,
        "json-serialization",
        "structure",
        "the same signature in the JWS JSON serialization",
        {"payload": payload, "signatures": [{"protected": protected, "signature": signature}]},
        expect("proof", "failed", "COMPACT_SERIALIZATION_REQUIRED"),
    )
    c.add(
        fmt,
        "format-not-allowed",
        "structure",
        "a format the verifier's policy does not accept",
        token,
        expect("format", "failed", "FORMAT_NOT_ALLOWED"),
        options={"policy": {"allowed_formats": ["eddsa-rdfc-2022"]}},
    )
    static_key_cases(c, fmt, key, v2_credential)
    c.add(
        fmt,
        "control-blank-node-clique",
        "control",
        "neutral: a signed clique of 14 blank nodes costs a JOSE verifier nothing (no canonicalization, no hang)",
        hand(payload=clique(claims)),
        VERIFIED,
    )
    status_cases(c, fmt, key, mallory, credential, full=False, profile=jwt_profile(fmt, key, mallory))
