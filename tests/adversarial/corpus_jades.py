"""Cases for ``jades``: JAdES baseline-B seals in the JWS JSON serialization (as Europass EDC seals credentials).

Every case is verified with the test CA of ``seal-rsa`` as trust anchor unless it is about the anchor.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from microcred.keys import Key

from .corpus import VERIFIED, Corpus, expect
from .corpus_kit import (
    CRED,
    REGISTRAR,
    Keys,
    b64d,
    b64e,
    datetime_value,
    flip,
    jades_header,
    jades_seal,
    jbytes,
    json_text,
    seal_issuer,
    sign,
    v1_credential,
)
from .corpus_status import StatusProfile, status_cases

FMT = "jades"
ANCHOR = {"trust_anchors": ["seal-rsa-ca.pem"]}


def _nested(depth: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"name": "bottom"}
    for _ in range(depth):
        inner = {"description": inner}
    return inner


def _sealed(doc: dict[str, Any], key: Key) -> dict[str, Any]:
    out = sign(doc, key, FMT)
    assert isinstance(out, dict)
    return out


def _profile(keys: Keys) -> StatusProfile:
    other_issuer = {"id": "https://other-university.example/issuer", "legalName": {"en": "microcred test"}}
    return StatusProfile(
        FMT,
        seal_issuer(),
        "v1",
        lambda doc: _sealed(doc, keys.seal_rsa),
        lambda doc: _sealed(doc, keys.seal_p256),
        other_issuer,
        options={"trust_anchors": ["seal-rsa-ca.pem", "seal-p256-ca.pem"]},
    )


def jades_cases(c: Corpus, keys: Keys) -> None:
    key = keys.seal_rsa
    credential = v1_credential(seal_issuer())
    sealed = _sealed(credential, key)
    payload = sealed["payload"]
    header = jades_header(key)

    def add(name: str, kind: str, note: str, content: Any, expected: dict[str, Any], **options: Any) -> None:
        c.add(FMT, name, kind, note, content, expected, options={**ANCHOR, **options})

    def seal(changes: dict[str, Any] | None = None, body: str | None = None) -> dict[str, Any]:
        """The registrar's RS256 seal over ``body`` with a changed protected header."""
        h = {k: v for k, v in {**header, **(changes or {})}.items() if v is not None}
        return jades_seal(payload if body is None else body, h, key, "RS256")

    add("control-valid", "control", "the untampered seal verifies against the test CA", sealed, VERIFIED)
    p256 = _sealed(credential, keys.seal_p256)
    c.add(
        FMT,
        "control-p256-seal",
        "control",
        "an ES256 seal (P-256 certificate) verifies",
        p256,
        VERIFIED,
        options={"trust_anchors": ["seal-p256-ca.pem"]},
    )
    flat = {"payload": payload, **sealed["signatures"][0]}
    add("control-flattened", "control", "the flattened JWS JSON syntax verifies", flat, VERIFIED)
    etsi_u = {
        **sealed,
        "signatures": [{**sealed["signatures"][0], "header": {"etsiU": [b64e(jbytes({"xVals": []}))]}}],
    }
    add(
        "control-etsiu-unprotected",
        "control",
        "neutral: an unsigned etsiU holding no validation data changes nothing that is signed",
        etsi_u,
        VERIFIED,
    )
    empty_tst = {
        **sealed,
        "signatures": [{**sealed["signatures"][0], "header": {"etsiU": [b64e(jbytes({"sigTst": {}}))]}}],
    }
    add(
        "etsiu-empty-sigtst",
        "structure",
        "a sigTst without tstTokens: a B-T claim with no time-stamp in it",
        empty_tst,
        expect("timestamp", "failed", "ETSIU_MALFORMED"),
    )
    # -- payload and signature -------------------------------------------------------------------------------
    bad = expect("proof", "failed", "SIGNATURE_INVALID")
    changed = json.loads(payload)
    changed["credentialSubject"]["name"] = "Mallory"
    add(
        "tampered-subject-name",
        "tampered-claims",
        "the learner's name is changed in the payload",
        {**sealed, "payload": json_text(changed)},
        bad,
    )
    changed = json.loads(payload)
    changed["issuer"]["legalName"]["en"] = "microcred test "
    add(
        "tampered-issuer-name",
        "tampered-claims",
        "the issuer's legal name gets a trailing space",
        {**sealed, "payload": json_text(changed)},
        bad,
    )
    add(
        "payload-reserialized",
        "tampered-claims",
        "the same JSON re-serialized with indentation: JAdES signs the payload bytes, so it no longer verifies",
        {**sealed, "payload": json.dumps(json.loads(payload), indent=2)},
        bad,
    )
    signature = b64d(sealed["signatures"][0]["signature"])
    add(
        "signature-bit-flip",
        "tampered-proof",
        "one bit of the signature is flipped",
        {**sealed, "signatures": [{**sealed["signatures"][0], "signature": b64e(flip(signature))}]},
        bad,
    )
    add(
        "signature-truncated",
        "tampered-proof",
        "the signature loses its last byte",
        {**sealed, "signatures": [{**sealed["signatures"][0], "signature": b64e(signature[:-1])}]},
        expect("proof", "failed", "SIGNATURE_LENGTH_INVALID"),
    )
    # -- header -----------------------------------------------------------------------------------------------
    other = jades_header(keys.seal_p256)
    mallory = keys.mallory_seal
    forged = jades_seal(payload, jades_header(mallory), mallory)
    add(
        "x5c-injected",
        "x509",
        "sealed by the attacker with her own certificate, which claims the registrar's name: the chain is untrusted",
        forged,
        expect("trust", "failed", "TRUST_CHAIN_INVALID"),
    )
    headers: list[tuple[str, str, dict[str, Any], str]] = [
        (
            "x5c-of-other-certificate",
            "x5c holds another certificate than the one x5t#S256 names",
            {"x5c": other["x5c"]},
            "X5T_MISMATCH",
        ),
        (
            "x5c-x5t-kid-of-other-certificate",
            "x5c, x5t#S256 and kid name the P-256 seal; an RSA key signed",
            {"x5c": other["x5c"], "x5t#S256": other["x5t#S256"], "kid": other["kid"]},
            "ALG_KEY_MISMATCH",
        ),
        (
            "x5t-missing",
            "no x5t#S256 (the signing certificate reference)",
            {"x5t#S256": None},
            "X5T_MISMATCH",
        ),
        (
            "kid-of-other-certificate",
            "kid is the IssuerSerial of another certificate",
            {"kid": other["kid"]},
            "KID_MISMATCH",
        ),
        ("x5c-missing", "no x5c: no signing certificate", {"x5c": None}, "X5C_INVALID"),
        ("x5c-garbage", "x5c holds bytes that are not a certificate", {"x5c": ["AAAA"]}, "X5C_INVALID"),
        ("sigt-missing", "no sigT (and crit without it)", {"sigT": None, "crit": ["b64"]}, "SIGT_MISSING"),
        ("sigt-not-critical", "sigT present but not listed in crit", {"crit": ["b64"]}, "SIGT_MISSING"),
        ("sigt-in-future", "sigT is 2027-01-01", {"sigT": "2027-01-01T00:00:00Z"}, "SIGT_IN_FUTURE"),
        (
            "sigt-before-certificate",
            "sigT is 2020-01-01, before the certificate was valid",
            {"sigT": "2020-01-01T00:00:00Z"},
            "SIGT_OUTSIDE_CERTIFICATE_VALIDITY",
        ),
        ("sigt-not-a-date", "sigT is not a date", {"sigT": "yesterday"}, "SIGT_INVALID"),
        ("alg-none", "alg 'none'", {"alg": "none"}, "ALG_NONE"),
        ("alg-hs256", "alg HS256", {"alg": "HS256"}, "ALG_SYMMETRIC"),
        ("alg-es256-for-rsa-key", "alg ES256 for an RSA certificate", {"alg": "ES256"}, "ALG_KEY_MISMATCH"),
        ("alg-eddsa", "alg EdDSA (not a JAdES algorithm)", {"alg": "EdDSA"}, "ALG_UNSUPPORTED"),
        (
            "crit-unknown",
            "crit names an extension microcred does not process",
            {"crit": ["b64", "sigT", "sigD"], "sigD": {}},
            "CRIT_UNKNOWN",
        ),
        ("zip", "a compressed payload ('zip')", {"zip": "DEF"}, "COMPRESSION_NOT_ALLOWED"),
        (
            "typ-jwt",
            "typ JWT in the JSON serialization (a JWT must be compact)",
            {"typ": "JWT"},
            "COMPACT_SERIALIZATION_REQUIRED",
        ),
        ("b64-true", "b64:true while the payload is unencoded JSON", {"b64": True}, "BASE64URL_ERROR"),
    ]
    for name, note, changes, code in headers:
        add(
            f"header-{name}",
            "x509" if name.startswith(("x5", "kid", "sigt")) else "jose-header",
            note,
            seal(changes),
            expect("proof", "failed", code),
        )
    moved = {k: v for k, v in header.items() if k != "kid"}
    add(
        "header-kid-unprotected",
        "jose-header",
        "kid moved to the unprotected (unsigned) header",
        jades_seal(payload, moved, key, unprotected={"kid": header["kid"]}),
        expect("proof", "failed", "UNPROTECTED_HEADER_NOT_ALLOWED"),
    )
    without_x5c = {k: v for k, v in header.items() if k != "x5c"}
    add(
        "header-x5c-unprotected",
        "jose-header",
        "x5c left out of the signed header and the attacker's put unprotected",
        jades_seal(payload, without_x5c, key, unprotected={"x5c": jades_header(mallory)["x5c"]}),
        expect("proof", "failed", "UNPROTECTED_HEADER_NOT_ALLOWED"),
    )
    entry = sealed["signatures"][0]
    add(
        "two-signatures",
        "structure",
        "a second signature entry (a seal has one)",
        {**sealed, "signatures": [entry, entry]},
        expect("proof", "failed", "TOO_MANY_SIGNATURES"),
    )
    add(
        "general-and-flattened",
        "structure",
        "general and flattened syntax mixed",
        {**sealed, "signature": entry["signature"]},
        expect("proof", "failed", "JWS_MALFORMED"),
    )
    add(
        "signatures-empty",
        "structure",
        "an empty signatures array",
        {"payload": payload, "signatures": []},
        expect("proof", "failed", "JWS_MALFORMED"),
    )
    add(
        "payload-not-a-string",
        "structure",
        "the payload as a JSON object instead of a string",
        {**sealed, "payload": json.loads(payload)},
        expect("proof", "failed", "JWS_MALFORMED"),
    )
    # -- trust and issuer -------------------------------------------------------------------------------------
    c.add(
        FMT,
        "trust-anchor-missing",
        "x509",
        "no trust anchor given: the seal cannot be trusted (could not check)",
        sealed,
        expect("trust", "error", "TRUST_ANCHOR_MISSING"),
    )
    c.add(
        FMT,
        "trust-anchor-other-ca",
        "x509",
        "the P-256 test CA as the only anchor: the RSA chain does not lead to it",
        sealed,
        expect("trust", "failed", "TRUST_CHAIN_INVALID"),
        options={"trust_anchors": ["seal-p256-ca.pem"]},
    )
    add(
        "issuer-legal-name-mismatch",
        "x509",
        "the seal's organisation is not the issuer's legal name",
        _sealed(v1_credential(seal_issuer("Other University")), key),
        expect("issuer", "failed", "ISSUER_CERTIFICATE_MISMATCH"),
    )
    add(
        "issuer-only-an-id",
        "x509",
        "the issuer is only a URL: nothing to compare with the certificate",
        _sealed(v1_credential(REGISTRAR), key),
        expect("issuer", "error", "ISSUER_UNCHECKED"),
    )
    # -- payload content --------------------------------------------------------------------------------------
    duplicate = payload[:-1] + ',"issuer":"https://evil.example/issuer"}'
    add(
        "payload-duplicate-issuer",
        "duplicate-keys",
        "'issuer' written twice in the sealed payload",
        seal(body=duplicate),
        expect("proof", "failed", "DUPLICATE_JSON_KEY"),
    )
    outer = json.dumps(sealed, indent=2)
    outer = outer.replace('\n  "signatures"', '\n  "payload": "{}",\n  "signatures"', 1)
    add(
        "outer-duplicate-payload",
        "duplicate-keys",
        "the JWS JSON object has 'payload' twice",
        outer,
        expect("format", "failed", "DUPLICATE_JSON_KEY"),
    )
    nested = copy.deepcopy(credential)
    nested["credentialSubject"]["description"] = _nested(70)
    add(
        "payload-nested-70",
        "deep-nesting",
        "a sealed payload nested 70 levels deep",
        seal(body=json_text(nested)),
        expect("proof", "failed", "NESTING_TOO_DEEP"),
    )
    add(
        "payload-not-an-object",
        "structure",
        "the sealed payload is a JSON array",
        seal(body=json_text([credential])),
        expect("proof", "failed", "PAYLOAD_INVALID"),
    )
    undefined = copy.deepcopy(credential)
    undefined["credentialSubject"]["nickname"] = "Ana"
    add(
        "undefined-term",
        "undefined-term",
        "a sealed claim under a term no context defines",
        seal(body=json_text(undefined)),
        expect("schema", "failed", "DATA_LOSS_DETECTION_ERROR"),
    )
    unknown = {**credential, "@context": [*credential["@context"], "https://contexts.example/evil/v1"]}
    add(
        "context-unknown-url",
        "context",
        "a sealed context URL the offline loader does not serve",
        seal(body=json_text(unknown)),
        expect("schema", "error", "CONTEXT_UNAVAILABLE"),
    )
    add(
        "expired",
        "validity",
        "expirationDate passed on 2026-01-12",
        _sealed(v1_credential(seal_issuer(), expirationDate="2026-01-12T00:00:00Z"), key),
        expect("validity", "failed", "EXPIRED"),
    )
    add(
        "not-yet-valid",
        "validity",
        "issuanceDate is 2026-06-01",
        _sealed(v1_credential(seal_issuer(), issuanceDate="2026-06-01T00:00:00Z"), key),
        expect("validity", "failed", "NOT_YET_VALID"),
    )
    hidden = v1_credential(seal_issuer(), expirationDate=None)
    hidden[CRED + "expirationDate"] = datetime_value("2026-01-12T00:00:00Z")
    add(
        "expiry-as-full-iri",
        "full-iri",
        "expirationDate (passed) sealed under its full IRI: invisible to JSON readers",
        seal(body=json_text(hidden)),
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    c.add(
        FMT,
        "over-8-mib",
        "oversized",
        "a seal padded past the 8 MiB input limit (generated at test time)",
        None,
        expect("format", "failed", "INPUT_TOO_LARGE"),
        generate={
            "kind": "padded-json",
            "base": "cases/jades/control-valid.json",
            "bytes": 8 * 1024 * 1024 + 1,
        },
        options=dict(ANCHOR),
    )
    status_cases(c, FMT, key, mallory, credential, full=False, profile=_profile(keys))
