"""``validate``: check a credential against the EDC SHACL shapes and microcred's Annex I shape (pyshacl)."""

from __future__ import annotations

from typing import Any

import pyshacl

from ..elm import to_elm, unwrap_credential
from ..errors import ShapeValidationError
from ..jsonld.loader import DocumentLoader
from ..model import MicroCredential
from .profiles import PROFILES, shapes_graph
from .rdf import to_graph_with_problems
from .report import ValidationReport, Violation, violations_from

Profile = str


def credential_document(credential: Any) -> dict[str, Any]:
    """The JSON-LD credential to validate: a model is mapped with :func:`to_elm`; envelopes are unwrapped."""
    if isinstance(credential, MicroCredential):
        return to_elm(credential)
    return unwrap_credential(credential)


def validate(
    credential: Any, *, profile: Profile = "all", loader: DocumentLoader | None = None
) -> ValidationReport:
    """Validate ``credential`` against ``profile`` (see :data:`~microcred.shacl.profiles.PROFILES`).

    ``credential`` may be a :class:`MicroCredential`, an EDC credential dict, the issuer-upload wrapper, a
    JAdES JSON serialisation, a Data Integrity secured credential or a compact JWS (see
    :func:`microcred.elm.unwrap_credential`). Terms the ``@context`` does not define are reported as
    violations too: JSON-LD drops them, so no shape would see them. JSON-LD that cannot be processed at all
    (an unknown context, a protected-term clash) raises :class:`~microcred.errors.JsonLdError` or a loader
    error. With ``profile="loq"``, ``credential`` may also be a catalogue entry or catalogue (LOQ JSON-LD,
    docs/catalogue.md).
    """
    if profile not in PROFILES:
        raise ShapeValidationError(f"unknown validation profile {profile!r}; known: {', '.join(PROFILES)}")
    if profile == "loq" and isinstance(credential, dict) and "credentialSubject" not in credential:
        document = credential  # a catalogue entry (LOQ JSON-LD), not a credential
    else:
        document = credential_document(credential)
    data, problems = to_graph_with_problems(document, loader)
    violations = [
        Violation(
            path=problem.path,
            term=problem.term,
            focus_node=str(document.get("id", "")),
            message=problem.message,
            severity="Violation",
            shape="jsonld:DroppedData",
        )
        for problem in problems
    ]
    shapes = shapes_graph(profile)
    try:
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=False, meta_shacl=False
        )
    except Exception as exc:  # pyshacl raises its own error types for bad shapes or data
        raise ShapeValidationError(f"SHACL validation failed to run: {exc}") from exc
    violations.extend(violations_from(results, shapes))
    return ValidationReport(
        profile=profile, conforms=bool(conforms) and not violations, violations=violations
    )
