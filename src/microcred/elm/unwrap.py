"""Find the credential inside the envelopes EDC credentials travel in.

* the issuer-upload wrapper ``{"credential": {...}, "deliveryDetails": {...}}`` (no ``@context``: the EDC VC
  1.1 contexts are assumed);
* JAdES / JWS JSON serialisation ``{"payload": ..., "signatures": [...]}`` or flattened ``{"payload",
  "protected", "signature"}``: the payload is the credential JSON (EDC seals with ``b64: false``) or its
  base64url encoding;
* a compact JWS (``header.payload.signature``), with the VC-JWT 1.1 ``vc`` claim unwrapped;
* a Data Integrity secured credential: the ``proof`` is left out.

Unwrapping does not verify anything; it only finds the data.
"""

from __future__ import annotations

from typing import Any

from ..base64url import b64url_decode_lenient
from ..errors import JsonParseError, MappingError, MicrocredError
from ..jsonio import loads_strict
from .terms import CONTEXTS


def _b64url_json(text: str, what: str) -> Any:
    try:
        return loads_strict(b64url_decode_lenient(text, what=what), source=what)
    except MicrocredError as exc:
        raise JsonParseError(f"{what} is neither JSON nor base64url-encoded JSON: {exc}") from exc


def _payload(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise MappingError("JWS payload must be a string", path="payload")
    text = value.strip()
    if text.startswith("{"):
        try:
            return loads_strict(text, source="JWS payload")
        except MicrocredError as exc:
            raise JsonParseError(f"JWS payload is not valid JSON: {exc}", path="payload") from exc
    return _b64url_json(text, "JWS payload")


def unwrap_credential(document: Any) -> dict[str, Any]:
    """The credential object inside ``document`` (a copy; the input is not changed)."""
    doc = document
    for _ in range(4):  # envelopes nest at most a few levels deep
        if isinstance(doc, str):
            parts = doc.strip().split(".")
            if len(parts) != 3:
                raise MappingError("a string credential must be a compact JWS (header.payload.signature)")
            doc = _b64url_json(parts[1], "compact JWS payload")
            continue
        if not isinstance(doc, dict):
            raise MappingError(f"expected a JSON object, found {type(doc).__name__}")
        if "payload" in doc and ("signatures" in doc or "signature" in doc):
            doc = _payload(doc["payload"])
            continue
        if "vc" in doc and isinstance(doc["vc"], dict) and "credentialSubject" not in doc:
            doc = doc["vc"]
            continue
        if "credential" in doc and isinstance(doc["credential"], dict) and "credentialSubject" not in doc:
            inner = dict(doc["credential"])
            inner.setdefault("@context", list(CONTEXTS["v1"]))
            doc = inner
            continue
        break
    if not isinstance(doc, dict) or "credentialSubject" not in doc:
        raise MappingError("no credential found (expected credentialSubject)", path="credentialSubject")
    return {k: v for k, v in doc.items() if k != "proof"}
