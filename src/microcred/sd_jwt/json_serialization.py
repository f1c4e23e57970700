"""The JWS JSON Serialization of an SD-JWT (RFC 9901 §8), read by turning it into the compact form.

The Disclosures are in the ``disclosures`` unprotected header and the KB-JWT in ``kb_jwt`` (§8.1), both in the
first (or only) signature's header (§8.3). §8.1 defines ``sd_hash`` over the compact serialization built from
``protected.payload.signature`` and those Disclosures, so verifying that compact form is exactly RFC 9901's
processing. microcred verifies one issuer signature: a general serialization with several is refused. Other
unprotected header members are not integrity protected (§8.1) and are ignored. ``disclosures``/``kb_jwt`` at the
top level (the layout of earlier drafts, which the reference implementation 0.10.4 still writes) are refused.
"""

from __future__ import annotations

from typing import Any

from ..errors import MicrocredError, SdJwtError
from ..jsonio import loads_strict
from ..verification.codes import CheckCode


def looks_like_sd_jwt_json(data: Any) -> bool:
    """A JWS JSON object whose (first) unprotected header has ``disclosures`` (§8.1)."""
    if not isinstance(data, dict) or "payload" not in data:
        return False
    if isinstance(data.get("signatures"), list) and data["signatures"]:
        first = data["signatures"][0]
        header = first.get("header") if isinstance(first, dict) else None
    else:
        header = data.get("header")
    return isinstance(header, dict) and "disclosures" in header


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise SdJwtError(
            f"JWS JSON serialization: '{what}' must be a non-empty string", reason=CheckCode.SD_JWT_MALFORMED
        )
    return value


def compact_from_json(data: Any, *, max_bytes: int) -> str:
    """The compact SD-JWT (or SD-JWT+KB) equivalent of a JWS JSON serialized one (§8.1-§8.3)."""
    if isinstance(data, str):
        try:
            data = loads_strict(data, source="SD-JWT JSON serialization", max_bytes=max_bytes, max_depth=8)
        except MicrocredError as exc:
            raise SdJwtError(
                f"the SD-JWT JSON serialization is not strict JSON: {exc}", reason=CheckCode.SD_JWT_MALFORMED
            ) from exc
    if not isinstance(data, dict):
        raise SdJwtError("a JWS JSON serialization is an object", reason=CheckCode.SD_JWT_MALFORMED)
    misplaced = sorted({"disclosures", "kb_jwt"} & set(data))
    if misplaced:  # the layout of pre-RFC drafts (and sd-jwt 0.10.4): refused rather than silently ignored
        msg = f"{misplaced} must be in the unprotected header, not at the top level (RFC 9901 §8.1)"
        raise SdJwtError(msg, reason=CheckCode.SD_JWT_MALFORMED)
    if "signatures" in data:
        entries = data["signatures"]
        if (
            not isinstance(entries, list)
            or len(entries) != 1
            or {"protected", "signature", "header"} & set(data)
        ):
            raise SdJwtError(
                "a general JWS JSON serialization with exactly one signature is accepted",
                reason=CheckCode.SD_JWT_MALFORMED,
            )
        entry = entries[0]
    else:
        entry = data
    if not isinstance(entry, dict):
        raise SdJwtError("a JWS signature entry is not an object", reason=CheckCode.SD_JWT_MALFORMED)
    header = entry.get("header", {})
    if not isinstance(header, dict):
        raise SdJwtError("the unprotected header is not an object", reason=CheckCode.SD_JWT_MALFORMED)
    disclosures = header.get("disclosures", [])
    if not isinstance(disclosures, list) or not all(isinstance(d, str) for d in disclosures):
        raise SdJwtError("'disclosures' must be an array of strings", reason=CheckCode.SD_JWT_MALFORMED)
    if any("~" in d for d in disclosures):
        raise SdJwtError("a Disclosure contains '~'", reason=CheckCode.DISCLOSURE_NOT_BASE64URL)
    kb_jwt = header.get("kb_jwt", "")
    if not isinstance(kb_jwt, str) or "~" in kb_jwt:
        raise SdJwtError("'kb_jwt' must be a compact JWT", reason=CheckCode.SD_JWT_MALFORMED)
    jwt = ".".join(
        _string(entry.get(k) if k != "payload" else data.get(k), k)
        for k in ("protected", "payload", "signature")
    )
    return "~".join([jwt, *disclosures, kb_jwt])
