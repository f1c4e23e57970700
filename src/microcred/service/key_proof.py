"""OpenID4VCI 1.0 §F.1 ``jwt`` key proofs (``openid4vci-proof+jwt``): the holder's proof of possession.

Checked, in the order of the specification:

* JOSE header: ``typ`` is ``openid4vci-proof+jwt``; ``alg`` is in the allow-list (``proof_signing_alg_values_
  supported``; never ``none`` nor a MAC); exactly one of ``jwk`` (a public key: private members refused) or
  ``kid`` (a ``did:key`` / ``did:jwk`` URL, resolved offline); no ``x5c`` (not supported: refused, not ignored);
* the signature, with that key (RFC 7515 §5.2);
* claims: ``aud`` is the Credential Issuer Identifier; ``iat`` within the allowed window; ``nonce`` is a
  ``c_nonce`` from our Nonce Endpoint, used once (a bad one is ``invalid_nonce``, §8.3.1.2).

JOSE parsing and signature checks reuse :mod:`microcred.suites.jose` (the library's hardened JWS code).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..errors import JwsError, MicrocredError
from ..jsonio import loads_strict
from ..keys import Key
from ..suites import jose

PROOF_TYP = "openid4vci-proof+jwt"
#: JWS algorithms accepted for key proofs (asymmetric only).
PROOF_ALGS = ("EdDSA", "Ed25519", "ES256", "ES384")
MAX_PROOF_BYTES = 16 * 1024


class KeyProofError(Exception):
    """A refused key proof: ``error`` is the OpenID4VCI error code (``invalid_proof`` or ``invalid_nonce``)."""

    def __init__(self, message: str, error: str = "invalid_proof") -> None:
        super().__init__(message)
        self.error = error


def _holder_key(header: dict[str, Any]) -> Key:
    if ("jwk" in header) == ("kid" in header):
        raise KeyProofError("the proof header must carry exactly one of 'jwk' and 'kid'")
    if "x5c" in header:
        raise KeyProofError("x5c key proofs are not supported")
    try:
        if "jwk" in header:
            jwk = header["jwk"]
            if not isinstance(jwk, dict) or "d" in jwk or "p" in jwk or "k" in jwk:
                raise KeyProofError("'jwk' must be a public asymmetric key")
            return Key.from_jwk(jwk)
        kid = header["kid"]
        if not isinstance(kid, str) or not kid.startswith(("did:key:", "did:jwk:")):
            raise KeyProofError("'kid' must be a did:key or did:jwk DID URL")
        from ..resolve import default_resolver

        return default_resolver().resolve(kid).key
    except MicrocredError as exc:
        raise KeyProofError(f"the proof key cannot be used: {exc}") from exc


def verify_key_proof(
    token: Any,
    *,
    audience: str,
    now: datetime,
    max_age: float,
    skew: float,
    take_nonce: Callable[[str], bool],
) -> Key:
    """The holder's public key proven by ``token``; :class:`KeyProofError` when anything is wrong."""
    try:
        jws = jose.parse_compact(token, max_bytes=MAX_PROOF_BYTES)
        jose.check_header(jws.header)
        if jws.header.get("typ") != PROOF_TYP:
            raise KeyProofError(f"the proof 'typ' must be {PROOF_TYP!r}")
        key = _holder_key(jws.header)
        alg = jose.select_alg(jws.header, key, allowed=PROOF_ALGS)
        jose.verify_signature(jws, key, alg)
        claims = loads_strict(jws.payload, source="key proof", max_bytes=MAX_PROOF_BYTES, max_depth=8)
    except JwsError as exc:
        raise KeyProofError(f"the key proof is not a valid JWS: {exc}") from exc
    except MicrocredError as exc:
        raise KeyProofError(f"the key proof payload is not valid: {exc}") from exc
    if not isinstance(claims, dict):
        raise KeyProofError("the key proof payload must be a JSON object")
    if claims.get("aud") != audience:
        raise KeyProofError("the key proof 'aud' is not this Credential Issuer")
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        raise KeyProofError("the key proof has no numeric 'iat'")
    age = now.timestamp() - float(iat)
    if age > max_age + skew or age < -skew:
        raise KeyProofError("the key proof 'iat' is outside the accepted window")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise KeyProofError("the key proof has no 'nonce' (a c_nonce from the Nonce Endpoint is required)")
    if not take_nonce(nonce):
        raise KeyProofError(
            "the key proof 'nonce' is unknown, expired or already used", error="invalid_nonce"
        )
    return key.public()
