"""Tell a presentation from a credential before format detection (the verifier's routing hook)."""

from __future__ import annotations

from typing import Any

from ..errors import JwsError
from ..suites.jose import decode_segment, read_compact

_VP_TYPES = ("vp+jwt", "application/vp+jwt")


def _has_vp_type(document: dict[str, Any]) -> bool:
    # A document typed as both stays a credential (and fails as one): types are never trusted to reroute a
    # credential's verification.
    types = document.get("type")
    listed = types if isinstance(types, list) else [types]
    return "VerifiablePresentation" in listed and "VerifiableCredential" not in listed


def is_presentation(parsed: str | dict[str, Any]) -> bool:
    """True for a JSON object typed ``VerifiablePresentation`` or a compact JWS typed ``vp+jwt`` whose payload
    names that type (a credential with a ``vp+jwt`` header stays a credential and is refused as one)."""
    if isinstance(parsed, dict):
        return _has_vp_type(parsed)
    try:
        header, parts = read_compact(parsed, max_bytes=len(parsed), max_header_bytes=len(parsed))
        # (the payload, most of the bytes, is decoded only for a token typed as a presentation)
        if header.get("typ") not in _VP_TYPES:
            return False
        payload = decode_segment(parts[1], "payload")
    except JwsError:
        return False
    return b'"VerifiablePresentation"' in payload
