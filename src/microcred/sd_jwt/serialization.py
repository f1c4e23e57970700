"""The SD-JWT compact serialization (RFC 9901 §4): ``<Issuer-signed JWT>~<Disclosure 1>~...~<Disclosure N>~[KB-JWT]``.

The JWS JSON serialization (§8) is turned into this form first (:mod:`.json_serialization`). Every part is
bounded by :class:`SdJwtLimits` before anything is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SdJwtError
from ..verification.codes import CheckCode
from .disclosure import Disclosure, parse_disclosure


@dataclass(frozen=True)
class SdJwtLimits:
    """Caps for hostile input: whole token size, number and size of Disclosures, JSON nesting depth."""

    max_bytes: int = 1024 * 1024
    max_disclosures: int = 1024
    max_disclosure_bytes: int = 64 * 1024
    max_depth: int = 32


DEFAULT_LIMITS = SdJwtLimits()


@dataclass(frozen=True)
class SdJwtParts:
    """An SD-JWT split into its parts: the Issuer-signed JWT, the Disclosures and the optional KB-JWT."""

    jwt: str
    disclosures: tuple[Disclosure, ...]
    kb_jwt: str | None

    @property
    def sd_jwt(self) -> str:
        """The SD-JWT without the KB-JWT: the string ``sd_hash`` is computed over (RFC 9901 §4.3.1)."""
        return "".join([self.jwt, "~", *(d.encoded + "~" for d in self.disclosures)])

    def serialize(self) -> str:
        """The compact serialization (with the KB-JWT when there is one)."""
        return self.sd_jwt + (self.kb_jwt or "")


def looks_like_sd_jwt(token: str) -> bool:
    """Cheap test used to route a string to the SD-JWT verifier: a JWS followed by at least one ``~``."""
    head, sep, _ = token.strip().partition("~")
    return bool(sep) and head.count(".") == 2


def split_sd_jwt(token: object, *, limits: SdJwtLimits = DEFAULT_LIMITS) -> SdJwtParts:
    """Split and decode an SD-JWT or SD-JWT+KB (RFC 9901 §4, §7.1 step 1); :class:`SdJwtError` if malformed."""
    if isinstance(token, dict) or (isinstance(token, str) and token.lstrip().startswith("{")):
        from .json_serialization import compact_from_json  # RFC 9901 §8

        token = compact_from_json(token, max_bytes=limits.max_bytes)
    if not isinstance(token, str):
        raise SdJwtError(
            "an SD-JWT is a string (or a JWS JSON serialization object)", reason=CheckCode.SD_JWT_MALFORMED
        )
    token = token.strip()
    if len(token) > limits.max_bytes:
        raise SdJwtError(
            f"the SD-JWT is {len(token)} bytes; the limit is {limits.max_bytes}",
            reason=CheckCode.SD_JWT_TOO_LARGE,
        )
    parts = token.split("~")
    if len(parts) < 2:
        raise SdJwtError(
            "an SD-JWT has at least one '~' after the Issuer-signed JWT", reason=CheckCode.SD_JWT_MALFORMED
        )
    if len(parts) - 2 > limits.max_disclosures:
        raise SdJwtError(
            f"{len(parts) - 2} Disclosures; the limit is {limits.max_disclosures}",
            reason=CheckCode.SD_JWT_TOO_MANY_DISCLOSURES,
        )
    jwt, middle, last = parts[0], parts[1:-1], parts[-1]
    if jwt.count(".") != 2:
        raise SdJwtError("the Issuer-signed JWT is not a compact JWS", reason=CheckCode.SD_JWT_MALFORMED)
    if last and last.count(".") != 2:
        raise SdJwtError(
            "the part after the last '~' must be empty or a Key Binding JWT",
            reason=CheckCode.SD_JWT_MALFORMED,
        )
    disclosures = tuple(
        parse_disclosure(d, max_bytes=limits.max_disclosure_bytes, max_depth=limits.max_depth, index=i + 1)
        for i, d in enumerate(middle)
    )
    return SdJwtParts(jwt, disclosures, last or None)
