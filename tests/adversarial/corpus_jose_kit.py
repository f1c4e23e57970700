"""Shared by the compact JWT case builders (vc+jwt, vc-jwt): hand-made tokens and the cases both get."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
from typing import Any

from microcred.keys import Key

from .corpus import VERIFIED, Corpus, expect
from .corpus_kit import (
    REGISTRAR,
    b64e,
    flip,
    jbytes,
    sign,
    token_parts,
    with_signature,
)
from .corpus_status import StatusProfile

SIGNED_AT_TS = int(dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC).timestamp())
EXPIRED_TS = int(dt.datetime(2026, 1, 12, tzinfo=dt.UTC).timestamp())
FUTURE_TS = int(dt.datetime(2026, 6, 1, tzinfo=dt.UTC).timestamp())


def nested(depth: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"name": "bottom"}
    for _ in range(depth):
        inner = {"description": inner}
    return inner


def hs256_with_public_key(header: dict[str, Any], payload: dict[str, Any], secret: bytes) -> str:
    """The key-confusion forgery: an HMAC whose secret is the issuer's *public* key."""
    signing_input = f"{b64e(jbytes(header))}.{b64e(jbytes(payload))}"
    mac = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64e(mac)}"


def common_signature_cases(c: Corpus, fmt: str, token: str) -> None:
    bad = expect("proof", "failed", "SIGNATURE_INVALID")
    _, _, signature = token_parts(token)
    c.add(
        fmt,
        "signature-bit-flip",
        "tampered-proof",
        "one bit of the signature is flipped",
        with_signature(token, flip(signature)),
        bad,
    )
    c.add(
        fmt,
        "signature-truncated",
        "tampered-proof",
        "the signature loses its last byte",
        with_signature(token, signature[:-1]),
        expect("proof", "failed", "SIGNATURE_LENGTH_INVALID"),
    )
    c.add(
        fmt,
        "signature-empty",
        "tampered-proof",
        "the signature segment is empty (alg is not 'none')",
        token.rsplit(".", 1)[0] + ".",
        expect("proof", "failed", "SIGNATURE_MISSING"),
    )
    c.add(
        fmt,
        "signature-padded",
        "tampered-proof",
        "the signature segment carries base64 padding",
        token + "==" if len(signature) % 3 else token + "A=",
        expect("proof", "failed", "BASE64URL_ERROR"),
    )
    c.add(
        fmt,
        "over-8-mib",
        "oversized",
        "a token padded past the 8 MiB input limit (generated at test time, not committed)",
        None,
        expect("format", "failed", "INPUT_TOO_LARGE"),
        generate={
            "kind": "padded-token",
            "base": f"cases/{fmt}/control-valid.jwt",
            "bytes": 8 * 1024 * 1024 + 1,
        },
    )
    c.add(
        fmt,
        "header-over-64-kib",
        "oversized",
        "a protected header of 100 kB (generated at test time): refused before parsing it as a header",
        None,
        expect("proof", "failed", "JWS_TOO_LARGE"),
        generate={"kind": "big-header", "base": f"cases/{fmt}/control-valid.jwt", "bytes": 100_000},
    )


def jwt_profile(fmt: str, key: Key, mallory: Key) -> StatusProfile:
    def own(doc: dict[str, Any]) -> str:
        out = sign(doc, key, fmt)
        assert isinstance(out, str)
        return out

    def other(doc: dict[str, Any]) -> str:
        out = sign(doc, mallory, fmt)
        assert isinstance(out, str)
        return out

    return StatusProfile(
        fmt, key.controller, "v2" if fmt == "vc+jwt" else "v1", own, other, mallory.controller
    )


def static_key_cases(c: Corpus, fmt: str, key: Key, make: Any) -> None:
    """A registrar key from a static key file: listed for assertionMethod (verifies) or authentication only."""
    vm = f"{REGISTRAR}#key-1"
    token = sign(make(REGISTRAR), key.with_kid(vm, controller=REGISTRAR), fmt)

    def static(*relationships: str) -> dict[str, Any]:
        entry = {
            "type": "Multikey",
            "controller": REGISTRAR,
            "publicKeyMultibase": key.public_key_multibase,
            "relationships": list(relationships),
        }
        return {"resolver": {"static": {vm: entry}}}

    c.add(
        fmt,
        "control-static-key",
        "control",
        "a registrar key from a static key file, listed for assertionMethod",
        token,
        VERIFIED,
        options=static("assertionMethod"),
    )
    c.add(
        fmt,
        "key-not-authorized-for-assertion",
        "wrong-purpose",
        "the registrar lists the signing key for authentication only",
        token,
        expect("proof", "failed", "KEY_NOT_AUTHORIZED"),
        options=static("authentication"),
    )


def clique(claims: dict[str, Any], size: int = 14) -> dict[str, Any]:
    out = copy.deepcopy(claims)
    out["@context"] = [*out["@context"], {"knows": {"@id": "https://schema.org/knows", "@type": "@id"}}]
    out["credentialSubject"]["knows"] = [
        {"id": f"_:n{i}", "knows": [{"id": f"_:n{j}"} for j in range(size) if j != i]} for i in range(size)
    ]
    return out


def der(signature: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    half = len(signature) // 2
    return encode_dss_signature(
        int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
    )


def x5c_of(key: Key) -> list[str]:
    from microcred.keys import x5c_encode

    return x5c_encode(key.certificate_chain)
