"""VC Data Model conformance: the MUSTs of VC DM 2.0 (and 1.1) a document can break, as data.

``data_model_violations(document)`` lists :class:`Violation` values (code, JSON path, message, spec section);
:data:`RULES` holds every rule with its stable code. :func:`issuer_id` and :func:`data_model_version` are
the two facts every layer reads from a credential. ``issue()`` refuses to sign a document with a violation
and the verifier reports them as a failed ``schema`` check (:mod:`microcred.vcdm.checks`).
"""

from __future__ import annotations

from .document import data_model_violations, version_of
from .members import data_model_version, issuer_id
from .rules import RULES, Rule, Violation

__all__ = [
    "RULES",
    "Rule",
    "Violation",
    "data_model_version",
    "data_model_violations",
    "issuer_id",
    "version_of",
]
