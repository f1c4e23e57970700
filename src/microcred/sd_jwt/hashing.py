"""Digests of Disclosures (RFC 9901 §4.2.3) and the ``_sd_alg`` claim (RFC 9901 §4.1.1).

The hash algorithm names come from the IANA "Named Information Hash Algorithm" registry, as §4.1.1 requires;
only the SHA-2 and SHA-3 members of it are accepted (the truncated ``sha-256-*`` ones are not collision resistant
enough, §9.2). ``hashlib`` provides them all, so no third-party library is needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from ..base64url import b64url_encode
from ..errors import SdJwtError
from ..verification.codes import CheckCode

#: RFC 9901 §4.1.1: the default when ``_sd_alg`` is absent.
DEFAULT_SD_ALG = "sha-256"

#: IANA Named Information Hash Algorithm names accepted for ``_sd_alg``.
SD_ALGS: dict[str, Callable[[bytes], Any]] = {
    "sha-256": hashlib.sha256,
    "sha-384": hashlib.sha384,
    "sha-512": hashlib.sha512,
    "sha3-256": hashlib.sha3_256,
    "sha3-384": hashlib.sha3_384,
    "sha3-512": hashlib.sha3_512,
}


def sd_alg_of(payload: dict[str, Any]) -> str:
    """The ``_sd_alg`` of an Issuer-signed JWT payload (RFC 9901 §4.1.1), checked against :data:`SD_ALGS`."""
    alg = payload.get("_sd_alg", DEFAULT_SD_ALG)
    if not isinstance(alg, str):
        raise SdJwtError("'_sd_alg' must be a string", reason=CheckCode.SD_ALG_INVALID, path="$._sd_alg")
    if alg not in SD_ALGS:
        raise SdJwtError(
            f"'_sd_alg' {alg!r} is not supported (supported: {', '.join(SD_ALGS)})",
            reason=CheckCode.SD_ALG_UNSUPPORTED,
            path="$._sd_alg",
        )
    return alg


def sd_digest(alg: str, text: str) -> str:
    """base64url(hash(ASCII(text))): the digest of a Disclosure (§4.2.3) or of a presentation (``sd_hash``, §4.3.1)."""
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise SdJwtError("only ASCII text is hashed", reason=CheckCode.SD_JWT_MALFORMED) from exc
    return b64url_encode(SD_ALGS[alg](data).digest())
