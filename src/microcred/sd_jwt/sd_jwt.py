"""Issue, present and verify SD-JWTs (RFC 9901 §5 issuance, §6 presentation, §7 verification).

The Issuer-signed JWT goes through microcred's strict JOSE layer (:mod:`microcred.suites.jose`): compact JWS only,
strict JSON header and payload, ``alg`` from the key, never ``none``. Why not the PyPI ``sd-jwt`` package (the
IETF reference implementation)? It parses JSON leniently (duplicate names), has no input bounds, takes the
algorithm from the header, and reports failures as untyped exceptions; it is used as an interop check in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import JwsError, MicrocredError, SdJwtError
from ..jsonio import loads_strict
from ..keys import Key
from ..suites import jose
from ..verification.codes import CheckCode
from .disclosure import new_salt
from .hashing import DEFAULT_SD_ALG, sd_alg_of
from .issuance import build_payload
from .key_binding import KbExpectations, create_kb_jwt, holder_key, verify_kb_jwt
from .processing import Path, Processed, process_payload
from .serialization import DEFAULT_LIMITS, SdJwtLimits, SdJwtParts, split_sd_jwt


@dataclass(frozen=True)
class DecodedSdJwt:
    """An SD-JWT split and decoded, signature not yet checked."""

    parts: SdJwtParts
    jws: jose.Jws
    payload: dict[str, Any]
    sd_alg: str


@dataclass(frozen=True)
class VerifiedSdJwt:
    """A verified SD-JWT: the processed claims, the signed payload, the KB-JWT claims (if one was checked)."""

    claims: dict[str, Any]
    payload: dict[str, Any]
    header: dict[str, Any]
    disclosed_paths: tuple[Path, ...]
    kb_claims: dict[str, Any] | None


def issue_sd_jwt(
    claims: dict[str, Any],
    key: Key,
    *,
    typ: str = "sd+jwt",
    holder: Key | None = None,
    sd_alg: str = DEFAULT_SD_ALG,
    decoys: int = 0,
    header: dict[str, Any] | None = None,
    salt: Callable[[], str] = new_salt,
) -> str:
    """Sign claims (with :class:`~microcred.sd_jwt.issuance.Sd` markers) as an SD-JWT with every Disclosure.

    ``holder`` puts the holder's public key into ``cnf.jwk`` (RFC 9901 §4.1.2, RFC 7800) for key binding.
    """
    if holder is not None:
        if "cnf" in claims:
            raise MicrocredError("give either holder= or a 'cnf' claim, not both")
        claims = {**claims, "cnf": {"jwk": holder.public().to_jwk()}}
    built = build_payload(claims, sd_alg=sd_alg, decoys=decoys, salt=salt)
    protected: dict[str, Any] = {"alg": key.alg, "typ": typ, **(header or {})}
    if key.kid and "kid" not in protected:
        protected["kid"] = key.kid
    jwt = jose.sign_compact(protected, jose.json_bytes(built.payload), key, key.alg)
    return SdJwtParts(jwt, tuple(built.disclosures), None).serialize()


def decode_sd_jwt(token: object, *, limits: SdJwtLimits = DEFAULT_LIMITS) -> DecodedSdJwt:
    """Split the SD-JWT and parse the Issuer-signed JWT strictly (RFC 9901 §7.1 steps 1-2, without the signature)."""
    parts = split_sd_jwt(token, limits=limits)
    try:
        jws = jose.parse_compact(parts.jwt, max_bytes=limits.max_bytes)
        jose.check_header(jws.header)
        payload = loads_strict(
            jws.payload, source="SD-JWT payload", max_bytes=limits.max_bytes, max_depth=limits.max_depth
        )
    except JwsError as exc:
        raise SdJwtError(f"Issuer-signed JWT: {exc.message}", reason=exc.reason) from exc
    except MicrocredError as exc:
        raise SdJwtError(
            f"the Issuer-signed JWT payload is not strict JSON: {exc}", reason=CheckCode.SD_JWT_MALFORMED
        ) from exc
    if not isinstance(payload, dict):
        raise SdJwtError(
            "the Issuer-signed JWT payload is not a JSON object", reason=CheckCode.SD_JWT_MALFORMED
        )
    return DecodedSdJwt(parts, jws, payload, sd_alg_of(payload))


def check_issuer_signature(decoded: DecodedSdJwt, key: Key) -> None:
    """RFC 9901 §7.1 step 2: the Issuer-signed JWT's signature, with the algorithm the key allows."""
    try:
        alg = jose.select_alg(decoded.jws.header, key)
        jose.verify_signature(decoded.jws, key, alg)
    except JwsError as exc:
        raise SdJwtError(f"Issuer-signed JWT: {exc.message}", reason=exc.reason) from exc


def process(decoded: DecodedSdJwt, *, limits: SdJwtLimits = DEFAULT_LIMITS) -> Processed:
    """RFC 9901 §7.1 steps 3-5 on a decoded SD-JWT."""
    return process_payload(
        decoded.payload, decoded.parts.disclosures, alg=decoded.sd_alg, max_depth=limits.max_depth
    )


def check_key_binding(
    decoded: DecodedSdJwt, expect: KbExpectations | None, now: datetime, *, required: bool
) -> dict[str, Any] | None:
    """RFC 9901 §7.3: verify the KB-JWT when present; ``KB_JWT_MISSING`` when required and absent."""
    kb = decoded.parts.kb_jwt
    if kb is None:
        if required:
            raise SdJwtError(
                "a Key Binding JWT is required but the presentation has none", reason=CheckCode.KB_JWT_MISSING
            )
        return None
    holder = holder_key(decoded.payload)
    return verify_kb_jwt(kb, decoded.parts.sd_jwt, decoded.sd_alg, holder, expect or KbExpectations(), now)


def verify_sd_jwt(
    token: object,
    issuer_key: Key,
    *,
    now: datetime,
    key_binding: KbExpectations | None = None,
    require_key_binding: bool = False,
    typ: Iterable[str] | None = None,
    limits: SdJwtLimits = DEFAULT_LIMITS,
) -> VerifiedSdJwt:
    """Verify an SD-JWT or SD-JWT+KB with a known issuer key (RFC 9901 §7.1-§7.3); raises :class:`SdJwtError`.

    ``key_binding`` given means the KB-JWT is required and checked against its ``aud``/``nonce``/``iat`` window.
    ``typ`` restricts the Issuer-signed JWT's ``typ`` header.
    """
    decoded = decode_sd_jwt(token, limits=limits)
    allowed = None if typ is None else tuple(typ)
    if allowed is not None and decoded.jws.header.get("typ") not in allowed:
        raise SdJwtError(
            f"the Issuer-signed JWT's typ must be one of {list(allowed)}", reason=CheckCode.SD_JWT_TYP_INVALID
        )
    check_issuer_signature(decoded, issuer_key)
    processed = process(decoded, limits=limits)
    kb = check_key_binding(decoded, key_binding, now, required=require_key_binding or key_binding is not None)
    return VerifiedSdJwt(
        processed.claims, decoded.payload, decoded.jws.header, tuple(processed.paths.values()), kb
    )


def _selected(path: Path, wanted: list[Path]) -> bool:
    # A Disclosure goes in when it lies on the way to a wanted claim, or inside one.
    return any(path[: len(w)] == w or w[: len(path)] == path for w in wanted)


def present(
    token: str,
    disclose: Iterable[Path | str],
    *,
    holder: Key | None = None,
    aud: str | None = None,
    nonce: str | None = None,
    iat: datetime | None = None,
    limits: SdJwtLimits = DEFAULT_LIMITS,
) -> str:
    """The holder's presentation (RFC 9901 §6): the Disclosures for the chosen claim paths, and a KB-JWT.

    A path is a tuple (``("address", "locality")``, ``("nationalities", 0)``) or a dotted string
    (``"address.locality"``); choosing a claim discloses what leads to it and everything inside it. With
    ``holder``, a KB-JWT is added (``aud``, ``nonce`` and ``iat`` are then required).
    """
    decoded = decode_sd_jwt(token, limits=limits)
    processed = process(decoded, limits=limits)
    wanted = [
        tuple(int(p) if p.isdigit() else p for p in w.split(".")) if isinstance(w, str) else tuple(w)
        for w in disclose
    ]
    digests = {d: p for d, p in processed.paths.items() if _selected(p, wanted)}
    chosen = tuple(
        x for digest, x in processed.by_digest.items() if digest in digests
    )  # in the token's order
    parts = SdJwtParts(decoded.parts.jwt, chosen, None)
    if holder is None:
        return parts.serialize()
    if aud is None or nonce is None or iat is None:
        raise MicrocredError("a Key Binding JWT needs aud, nonce and iat")
    return parts.sd_jwt + create_kb_jwt(parts.sd_jwt, decoded.sd_alg, holder, aud=aud, nonce=nonce, iat=iat)
