"""The JOSE layer: JWS / JWT (RFC 7515, RFC 7797, RFC 8725) and SD-JWT (RFC 9901, SD-JWT VC); each carries
a stable ``reason`` that verifiers report as their check's code."""

from __future__ import annotations

from .base import InputError


class JwsError(InputError):
    """A JWS / JWT is malformed or breaks the header policy (RFC 7515, RFC 7797, RFC 8725).

    ``reason`` is a stable sub-code (e.g. ``ALG_NONE``, ``CRIT_UNKNOWN``, ``SIGNATURE_INVALID``) that verifiers
    report as the ``proof`` check's code.
    """

    code = "JWS_INVALID"

    def __init__(self, message: str, *, reason: str = "JWS_INVALID", path: str | None = None) -> None:
        super().__init__(message, path=path, details={"reason": reason})
        self.reason = reason


class SdJwtError(InputError):
    """An SD-JWT breaks a rule of RFC 9901 (or of SD-JWT VC); ``reason`` is the stable sub-code of the check."""

    code = "SD_JWT_INVALID"

    def __init__(self, message: str, *, reason: str = "SD_JWT_INVALID", path: str | None = None) -> None:
        super().__init__(message, path=path, details={"reason": reason})
        self.reason = reason
