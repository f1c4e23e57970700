"""Bind a credential to its holder at issuance (VC DM 2.0 §4.13 holder binding via ``credentialSubject.id``).

The holder's public key is given as a key; its DID (``did:key`` / ``did:jwk``, or the controller in its ``kid``)
becomes ``credentialSubject.id``, so a presentation signed by that key shows the presenter is the subject. (An
SD-JWT VC carries the key itself in ``cnf``, see :mod:`microcred.sd_jwt_vc.issue`.)
"""

from __future__ import annotations

from typing import Any

from .errors import SigningError, UsageError
from .keys import Key


def holder_did(holder: Any) -> str:
    """The DID that identifies the holder of ``holder`` (a public or private key)."""
    key = Key.coerce(holder)
    did = key.did or key.controller
    if not did:
        raise UsageError(
            "the holder key has no DID or kid (make it with `microcred keygen`, which uses did:key)"
        )
    return did


def bind_holder(document: dict[str, Any], holder: Any) -> dict[str, Any]:
    """Set ``credentialSubject.id`` of ``document`` (a single subject) to the holder's DID, in place."""
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        raise SigningError(
            "holder binding needs exactly one credentialSubject object", path="$.credentialSubject"
        )
    subject["id"] = holder_did(holder)
    return document
