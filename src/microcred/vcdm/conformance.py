"""Both sides of VC Data Model conformance: ``issue()`` refuses a non-conforming document, the verifier fails
the ``schema`` check with the rule's code.

Related resources are compared with the contexts microcred bundles (the resources a credential most often
pins with ``relatedResource``, VC DM 2.0 §5.3); nothing is fetched.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..errors import MicrocredError, NonConformingCredentialError
from ..jsonld.contexts import bundled_contexts
from ..verification.codes import CheckName
from ..verification.results import Check
from .document import data_model_violations
from .rules import Violation


@cache
def bundled_resource(url: str) -> bytes | None:
    """The bytes of a bundled context served at ``url`` (None for anything else)."""
    entry = bundled_contexts().get(url)
    if entry is None:
        return None
    try:
        return entry.path.read_bytes()
    except OSError:
        return None


def violations(document: Any) -> list[Violation]:
    """:func:`~microcred.vcdm.document.data_model_violations` with the bundled contexts as retrievable."""
    return data_model_violations(document, retrieve=bundled_resource)


def describe(found: list[Violation]) -> str:
    """One line naming each violation: ``CODE at PATH: message (section)``."""
    return "; ".join(f"{v.code} at {v.path}: {v.message} ({v.rule_ref})" for v in found)


def require_conforming(document: Any) -> None:
    """Raise :class:`~microcred.errors.NonConformingCredentialError` naming each rule ``document`` breaks."""
    found = violations(document)
    if found:
        raise NonConformingCredentialError(
            "the credential breaks the VC Data Model, so it is not signed: " + describe(found),
            path=found[0].path,
            details={"violations": [v.to_dict() for v in found]},
        )


def conformance_check(credential: Any) -> Check | None:
    """A failed ``schema`` check whose code is the first broken rule's (all of them in ``details``), or None."""
    try:
        found = violations(credential)
    except MicrocredError as exc:  # never raise for bad input
        return Check.error(CheckName.SCHEMA, exc.code, f"the VC Data Model rules could not run: {exc}")
    if not found:
        return None
    return Check.fail(
        CheckName.SCHEMA,
        found[0].code,
        describe(found),
        violations=[v.to_dict() for v in found],
        problems=[f"{v.path}: {v.message}" for v in found],
    )
