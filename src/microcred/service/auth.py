"""Bearer-token authorization of the write endpoints (RFC 6750 §2.1 ``Authorization: Bearer``).

Tokens are configured as SHA-256 hashes; a presented token is hashed and compared with every configured hash
with :func:`hmac.compare_digest` (constant time, and no early exit across the configured hashes).
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from .config import hash_token
from .problems import Problem

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="microcred"'}


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_matches(token: str, hashes: frozenset[str]) -> bool:
    """Whether ``token`` hashes to one of ``hashes`` (each compared in constant time)."""
    digest = hash_token(token).encode("ascii")
    found = False
    for expected in sorted(hashes):
        found |= hmac.compare_digest(digest, expected.encode("ascii"))
    return found


def require_token(request: Request, hashes: frozenset[str]) -> None:
    """Raise a 401 problem unless the request carries a configured bearer token."""
    token = bearer_token(request)
    if token is None:
        raise Problem(
            401,
            "Unauthorized",
            "this endpoint needs an API bearer token",
            code="TOKEN_MISSING",
            headers=_CHALLENGE,
        )
    if not hashes or not token_matches(token, hashes):
        raise Problem(
            401,
            "Unauthorized",
            "the bearer token is not accepted",
            code="TOKEN_INVALID",
            headers={"WWW-Authenticate": 'Bearer realm="microcred", error="invalid_token"'},
        )
