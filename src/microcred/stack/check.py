"""Verify a stack: the routing hook the verifier calls for a credential that is a stack.

:func:`~.detect.is_stack` recognises a stack (a claim with ``hasPart`` and ``relatedResource`` entries);
:func:`stack_checks` returns the ``stack`` checks and one nested :class:`~microcred.verification.results.VerificationResult`
per part. The checks: the number of parts (``STACK_TOO_MANY_PARTS``), each part's bytes against its
``digestSRI`` (``STACK_DIGEST_MISMATCH``), each part verified with the ordinary pipeline by a copy of the same
verifier (``STACK_PART_INVALID``, ``STACK_PART_UNREADABLE``), duplicates, cycles and learners (see
:mod:`microcred.stack.assess`), the ``hasPart`` links (``STACK_PART_LINK_MISMATCH``), the stated ECTS total
(``STACK_TOTAL_MISMATCH``) and level (``STACK_LEVEL_MISMATCH``: the stack's EQF level is not below any part's).
A stack in Open Badges shape (a CLR 2.0 ``ClrCredential``) has the same checks on its own members
(:mod:`microcred.stack.clr_check`).
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from typing import Any

from ..errors import MicrocredError
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, VerificationResult
from .assess import Finding, assess_parts, too_many
from .clr_check import clr_findings, clr_subject, is_clr_stack, listed, read_clr_parts
from .detect import claims, is_clr
from .learner import same_learner
from .parts import Part, achievement_link, digest_sri, ects_of, eqf_level, read_data_url, read_model
from .read import inner_verifier, read_part, stack_path
from .rules import DEFAULT_MAX_PARTS, MAX_DEPTH


def _totals(credential: dict[str, Any], parts: list[Part]) -> list[Finding]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, problem = read_model(credential)
    if model is None:
        return [Finding("STACK_TOTAL_MISMATCH", f"the stack's totals cannot be read: {problem}")]
    found: list[Finding] = []
    total = sum((p.ects for p in parts), Decimal(0))
    stated = ects_of(model)
    if stated != total:
        found.append(
            Finding(
                "STACK_TOTAL_MISMATCH",
                f"the stack states {stated} ECTS; its parts sum to {total}",
                {"stated": str(stated), "sum": str(total)},
            )
        )
    levels = [n for n in (eqf_level(p.model) for p in parts) if n is not None]
    own = eqf_level(model)
    if levels and (own is None or own < max(levels)):
        found.append(
            Finding(
                "STACK_LEVEL_MISMATCH",
                f"the stack's EQF level {own} is below its highest part's ({max(levels)})",
            )
        )
    readable = [p for p in parts if p.model is not None]
    if readable and readable[0].model is not None and not same_learner(model, readable[0].model)[0]:
        found.append(
            Finding(
                "STACK_LEARNER_MISMATCH",
                "the stack is not about the learner of its parts",
                {"part": readable[0].index},
            )
        )
    return found


def _links(credential: dict[str, Any], parts: list[Part]) -> list[Finding]:
    stated: list[Any] = []
    for claim in claims(credential):
        has_part = claim.get("hasPart")
        for node in has_part if isinstance(has_part, list) else [has_part]:
            stated.append(node.get("id") if isinstance(node, dict) else node)
    wanted = [achievement_link(p.id, p.index) for p in parts]
    if sorted(map(str, stated)) != sorted(wanted):
        return [
            Finding(
                "STACK_PART_LINK_MISMATCH",
                "the claim's hasPart achievements are not the parts carried",
                {"hasPart": stated, "parts": wanted},
            )
        ]
    return []


def stack_checks(
    credential: dict[str, Any], verifier: Any, *, max_parts: int = DEFAULT_MAX_PARTS
) -> tuple[list[Check], list[VerificationResult]]:
    """The ``stack`` checks of ``credential`` and one nested result per part (see the module docstring)."""
    clr = is_clr(credential)
    resources = credential.get("relatedResource")
    resources = resources if isinstance(resources, list) else [resources]
    if clr:
        resources = listed(clr_subject(credential), "verifiableCredential")
    ident = credential.get("id") if isinstance(credential.get("id"), str) else None
    path = stack_path(verifier)
    found: list[Finding] = []
    if len(path) >= MAX_DEPTH:
        return [
            Check.fail(CheckName.STACK, CheckCode.STACK_TOO_DEEP, f"stacks nest more than {MAX_DEPTH} deep")
        ], []
    limit = too_many(len(resources), max_parts)
    if limit is not None:
        return [Check.fail(CheckName.STACK, limit.code, limit.message, **limit.details)], []
    max_bytes = getattr(getattr(verifier, "policy", None), "max_bytes", 8 * 1024 * 1024)
    if clr:
        carried, embedded, found = read_clr_parts(credential, verifier, max_bytes=max_bytes)
        summary = None if is_clr_stack(credential) else "credentials of a CLR verified, same learner"
        return _report(found or clr_findings(credential, carried, embedded), carried, summary)
    inner = inner_verifier(verifier, ident)
    parts: list[Part] = []
    for index, res in enumerate(resources):
        url = res.get("id") if isinstance(res, dict) else None
        try:
            _, raw = read_data_url(url if isinstance(url, str) else "", max_bytes=max_bytes)
        except MicrocredError as exc:
            found.append(Finding("STACK_PART_UNREADABLE", f"part {index}: {exc}", {"part": index}))
            continue
        if not isinstance(res, dict) or res.get("digestSRI") != digest_sri(raw):
            found.append(
                Finding(
                    "STACK_DIGEST_MISMATCH",
                    f"part {index}: its bytes do not match its digestSRI",
                    {"part": index},
                )
            )
            continue
        parts.append(read_part(index, raw, inner))
    found += assess_parts(parts, ancestors=(*path, *([ident] if ident else [])))
    if not found:
        found += _links(credential, parts) + _totals(credential, parts)
    return _report(found, parts)


def _report(
    found: list[Finding], parts: list[Part], summary: str | None = None
) -> tuple[list[Check], list[VerificationResult]]:
    """One ``stack`` check per finding (or ``STACK_VALID``, its message ``summary``) and the parts' results."""
    checks = [Check.fail(CheckName.STACK, f.code, f.message, **f.details) for f in found]
    if not checks:
        checks = [
            Check.ok(
                CheckName.STACK,
                CheckCode.STACK_VALID,
                f"{len(parts)} {summary or 'parts verified, same learner, totals right'}",
                parts=len(parts),
            )
        ]
    return checks, [p.result for p in parts]
