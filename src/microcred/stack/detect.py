"""Is a credential a stack? The test the verifier runs on every credential, kept apart from the stack checks.

:func:`is_stack` reads only the credential's members; it imports nothing from the rest of :mod:`microcred.stack`
(which writes ELM and Open Badges and so loads the model), so verifying a credential that is not a stack loads
none of it.
"""

from __future__ import annotations

from typing import Any


def is_clr(credential: dict[str, Any]) -> bool:
    """True for a ``ClrCredential`` (CLR 2.0 §B.1.1)."""
    types = credential.get("type")
    return "ClrCredential" in (types if isinstance(types, list) else [types])


def claims(credential: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims (ELM ``hasClaim``) of the credential's first subject that are objects."""
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    found = subject.get("hasClaim") if isinstance(subject, dict) else None
    found = found if isinstance(found, list) else [found]
    return [c for c in found if isinstance(c, dict)]


def is_stack(credential: dict[str, Any]) -> bool:
    """True when ``credential`` is a stack: a claim with ``hasPart`` and some ``relatedResource`` (ELM), or a
    CLR 2.0 ``ClrCredential`` (Open Badges shape, :mod:`microcred.stack.clr_check`)."""
    if is_clr(credential):
        return True
    return "relatedResource" in credential and any("hasPart" in c for c in claims(credential))
