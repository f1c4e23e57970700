"""The unsecured VC DM 2.0 presentation a holder signs (VC DM 2.0 §4.13 Verifiable Presentations)."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..jsonld.contexts import CREDENTIALS_V2
from ..keys import Key


def holder_id(key: Key) -> str:
    """The holder's identifier: the DID (or controller) of the key that signs the presentation."""
    holder = key.did or key.controller
    if not holder:
        raise UsageError("the holder key has no DID or kid; make it with `microcred keygen` (did:key)")
    return holder


def presentation(credentials: list[Any], holder: str, presentation_id: str | None) -> dict[str, Any]:
    """§4.13: ``@context`` (the VC 2.0 context first), ``type`` VerifiablePresentation, ``holder``, credentials."""
    doc: dict[str, Any] = {"@context": [CREDENTIALS_V2], "type": ["VerifiablePresentation"]}
    if presentation_id is not None:
        doc["id"] = presentation_id
    doc["holder"] = holder
    doc["verifiableCredential"] = credentials
    return doc
