"""An SD-JWT VC presentation (RFC 9901 §4.3, draft-ietf-oauth-sd-jwt-vc): chosen Disclosures and a KB-JWT.

The verifier's ``domain`` is the Key Binding JWT's ``aud`` and its ``challenge`` the ``nonce``; both are required
for key binding (RFC 9901 §4.3). See :func:`microcred.sd_jwt.present`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..errors import UsageError
from ..keys import Key
from ..sd_jwt import present as sd_jwt_present


def present_sd_jwt(
    credentials: list[Any],
    key: Key,
    *,
    challenge: str | None,
    domain: str | None,
    disclose: Iterable[str] | None,
    now: datetime,
) -> str:
    """Present one SD-JWT VC revealing the ``disclose`` paths, bound to the holder ``key`` by a KB-JWT."""
    if len(credentials) != 1:
        raise UsageError(f"an SD-JWT presentation carries exactly one credential, not {len(credentials)}")
    token = credentials[0]
    if not isinstance(token, str):
        raise UsageError("an SD-JWT presentation needs the SD-JWT VC as issued (a string)")
    if challenge is None or domain is None:
        raise UsageError("an SD-JWT presentation needs the verifier's challenge (nonce) and domain (aud)")
    return sd_jwt_present(
        token.strip(), list(disclose or ()), holder=key, aud=domain, nonce=challenge, iat=now
    )
