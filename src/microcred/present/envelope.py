"""Enveloped credentials (VC DM 2.0 §4.13.1 "Enveloped Verifiable Credentials"): a token as a ``data:`` URL."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError

#: Media types of the tokens microcred envelops and reads back, by the token's shape.
ENVELOPED_MEDIA_TYPES: tuple[str, ...] = (
    "application/vc+jwt",
    "application/dc+sd-jwt",
    "application/vc+sd-jwt",
)


def media_type_of(token: str) -> str:
    """``application/dc+sd-jwt`` for an SD-JWT (it has ``~`` separators), else ``application/vc+jwt``."""
    return "application/dc+sd-jwt" if "~" in token else "application/vc+jwt"


def envelop(token: str) -> dict[str, Any]:
    """An ``EnvelopedVerifiableCredential`` whose ``id`` is the token as a ``data:`` URL (§4.13.1)."""
    text = token.strip()
    if not text or any(c.isspace() for c in text):
        raise UsageError("an enveloped credential must be one compact token without white space")
    return {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": f"data:{media_type_of(text)},{text}",
        "type": "EnvelopedVerifiableCredential",
    }


def unenvelop(url: str) -> tuple[str, str] | None:
    """``(media type, token)`` of a ``data:`` URL this module writes, or None for anything else."""
    for media_type in ENVELOPED_MEDIA_TYPES:
        prefix = f"data:{media_type},"
        if url.startswith(prefix):
            return media_type, url[len(prefix) :]
    return None
