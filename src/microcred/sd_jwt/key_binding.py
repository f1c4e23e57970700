"""Key Binding JWTs (RFC 9901 §4.3) and their verification (§7.3).

A KB-JWT has ``typ`` ``kb+jwt`` and the claims ``iat``, ``aud``, ``nonce`` and ``sd_hash`` (the digest, with the
SD-JWT's ``_sd_alg``, of the presented SD-JWT up to and including the last ``~``). It is signed with the key in
the Issuer-signed JWT's ``cnf`` claim (RFC 7800 §3.2, ``cnf.jwk``). Codes: ``KB_JWT_MISSING``, ``KB_JWT_MALFORMED``,
``KB_JWT_ALG_NONE``, ``KB_JWT_TYP_INVALID``, ``KB_JWT_SIGNATURE_INVALID``, ``KB_JWT_CLAIM_MISSING``,
``KB_JWT_SD_HASH_MISMATCH``, ``KB_JWT_AUD_MISMATCH``, ``KB_JWT_NONCE_MISMATCH``, ``KB_JWT_IAT_OUT_OF_WINDOW``,
``CNF_MISSING``, ``CNF_INVALID``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import JwsError, MicrocredError, SdJwtError
from ..jsonio import loads_strict
from ..keys import Key
from ..suites import jose, jwt_claims
from ..verification.codes import CheckCode
from .hashing import sd_digest

KB_JWT_TYP = "kb+jwt"


@dataclass(frozen=True)
class KbExpectations:
    """What the verifier expects of the KB-JWT: its ``aud``, ``nonce`` and how old ``iat`` may be."""

    aud: str | None = None
    nonce: str | None = None
    #: ``iat`` must lie within [now - max_age - skew, now + skew] (RFC 9901 §7.3 step 5 "acceptable window").
    max_age: timedelta = timedelta(minutes=5)
    skew: timedelta = timedelta(seconds=30)


def holder_key(payload: dict[str, Any]) -> Key:
    """The holder's public key from ``cnf.jwk`` (RFC 7800 §3.2) of the Issuer-signed JWT payload."""
    cnf = payload.get("cnf")
    if cnf is None:
        raise SdJwtError(
            "the SD-JWT has no 'cnf' claim, so it cannot be key-bound", reason=CheckCode.CNF_MISSING
        )
    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if not isinstance(jwk, dict):
        raise SdJwtError("'cnf' must hold a 'jwk' object", reason=CheckCode.CNF_INVALID, path="$.cnf")
    try:
        key = Key.from_jwk(jwk)
    except MicrocredError as exc:
        raise SdJwtError(
            f"'cnf.jwk' is not a usable public key: {exc}", reason=CheckCode.CNF_INVALID, path="$.cnf.jwk"
        ) from exc
    if key.is_private:
        raise SdJwtError("'cnf.jwk' holds a private key", reason=CheckCode.CNF_INVALID, path="$.cnf.jwk")
    return key


def create_kb_jwt(sd_jwt: str, sd_alg: str, holder: Key, *, aud: str, nonce: str, iat: datetime) -> str:
    """Sign a KB-JWT over ``sd_jwt`` (the presentation without KB-JWT, ending in ``~``; RFC 9901 §4.3)."""
    claims = {
        "iat": jwt_claims.to_numeric_date(iat),
        "aud": aud,
        "nonce": nonce,
        "sd_hash": sd_digest(sd_alg, sd_jwt),
    }
    header = {"alg": holder.alg, "typ": KB_JWT_TYP}
    return jose.sign_compact(header, jose.json_bytes(claims), holder, holder.alg)


def verify_kb_jwt(
    kb_jwt: str, sd_jwt: str, sd_alg: str, holder: Key, expect: KbExpectations, now: datetime
) -> dict[str, Any]:
    """Verify a KB-JWT (RFC 9901 §7.3 step 5); return its claims or raise :class:`SdJwtError`."""
    try:
        jws = jose.parse_compact(kb_jwt, max_bytes=64 * 1024)
    except JwsError as exc:
        reason = "KB_JWT_ALG_NONE" if exc.reason == "ALG_NONE" else "KB_JWT_MALFORMED"
        raise SdJwtError(f"Key Binding JWT: {exc.message}", reason=reason) from exc
    if jws.header.get("typ") != KB_JWT_TYP:
        raise SdJwtError(
            f"the Key Binding JWT's typ must be {KB_JWT_TYP!r}", reason=CheckCode.KB_JWT_TYP_INVALID
        )
    try:
        jose.check_header(jws.header)
        alg = jose.select_alg(jws.header, holder)
        jose.verify_signature(jws, holder, alg)
    except JwsError as exc:
        reason = "KB_JWT_ALG_NONE" if exc.reason == "ALG_NONE" else "KB_JWT_SIGNATURE_INVALID"
        raise SdJwtError(f"Key Binding JWT: {exc.message}", reason=reason) from exc
    try:
        claims = loads_strict(jws.payload, source="KB-JWT payload", max_bytes=64 * 1024, max_depth=8)
    except MicrocredError as exc:
        raise SdJwtError(
            f"the Key Binding JWT payload is not strict JSON: {exc}", reason=CheckCode.KB_JWT_MALFORMED
        ) from exc
    if not isinstance(claims, dict):
        raise SdJwtError("the Key Binding JWT payload is not an object", reason=CheckCode.KB_JWT_MALFORMED)
    missing = [c for c in ("iat", "aud", "nonce", "sd_hash") if c not in claims]
    if missing:
        raise SdJwtError(f"the Key Binding JWT lacks {missing}", reason=CheckCode.KB_JWT_CLAIM_MISSING)
    if claims["sd_hash"] != sd_digest(sd_alg, sd_jwt):
        raise SdJwtError(
            "the Key Binding JWT's sd_hash does not match the presentation",
            reason=CheckCode.KB_JWT_SD_HASH_MISMATCH,
        )
    if expect.aud is not None and claims["aud"] != expect.aud:
        raise SdJwtError(
            f"the Key Binding JWT is for {claims['aud']!r}, not {expect.aud!r}",
            reason=CheckCode.KB_JWT_AUD_MISMATCH,
        )
    if expect.nonce is not None and claims["nonce"] != expect.nonce:
        raise SdJwtError(
            "the Key Binding JWT's nonce is not the expected one", reason=CheckCode.KB_JWT_NONCE_MISMATCH
        )
    try:
        iat = jwt_claims.numeric_date(claims, "iat")
    except JwsError as exc:
        raise SdJwtError(f"Key Binding JWT: {exc.message}", reason=CheckCode.KB_JWT_MALFORMED) from exc
    assert iat is not None
    if not now - expect.max_age - expect.skew <= iat <= now + expect.skew:
        raise SdJwtError(
            f"the Key Binding JWT was issued at {iat.isoformat()}, outside the accepted window",
            reason=CheckCode.KB_JWT_IAT_OUT_OF_WINDOW,
        )
    return claims
