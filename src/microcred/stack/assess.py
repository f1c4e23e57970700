"""The checks a stack's parts must pass, shared by :func:`~microcred.stack.stack` and the verifier.

Each finding is a :class:`Finding` with a stable code naming the concern and ``details`` naming the part
(``part``: its index in the stack, ``id``: its credential id): ``STACK_PART_INVALID`` (the part does not verify:
signature, status, validity), ``STACK_PART_UNREADABLE``, ``STACK_PART_DUPLICATE``, ``STACK_CIRCULAR``,
``STACK_LEARNER_MISMATCH`` and ``STACK_TOO_MANY_PARTS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import (
    StackCircularError,
    StackDuplicatePartError,
    StackError,
    StackLearnerMismatchError,
    StackPartInvalidError,
    StackPartUnreadableError,
    StackTooManyPartsError,
)
from .learner import same_learner
from .parts import Part

ERRORS: dict[str, type[StackError]] = {
    cls.code: cls
    for cls in (
        StackCircularError,
        StackDuplicatePartError,
        StackLearnerMismatchError,
        StackPartInvalidError,
        StackPartUnreadableError,
        StackTooManyPartsError,
    )
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a stack."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def error(self) -> StackError:
        """The :class:`~microcred.errors.StackError` subclass for this finding."""
        return ERRORS.get(self.code, StackError)(self.message, details=self.details)


def too_many(count: int, limit: int) -> Finding | None:
    """A finding when ``count`` parts exceed ``limit``."""
    if count > limit:
        return Finding(
            "STACK_TOO_MANY_PARTS",
            f"the stack has {count} parts; the limit is {limit}",
            {"count": count, "limit": limit},
        )
    return None


def assess_parts(parts: list[Part], *, ancestors: tuple[str, ...]) -> list[Finding]:
    """Everything wrong with ``parts`` of a stack whose enclosing stacks' ids are ``ancestors``."""
    found: list[Finding] = []
    seen_digest: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    for p in parts:
        where = p.describe()
        if p.credential is None or p.model is None:
            found.append(
                Finding("STACK_PART_UNREADABLE", f"part {p.index}: {p.problem or 'unreadable'}", where)
            )
            continue
        if (p.id is not None and p.id in ancestors) or any(
            c.code == "STACK_CIRCULAR" for c in p.result.errors
        ):
            found.append(
                Finding(
                    "STACK_CIRCULAR", f"part {p.index} ({p.id}) is a stack that contains this stack", where
                )
            )
        elif not p.result.verified:
            codes = [f"{c.name}:{c.code}" for c in p.result.errors]
            found.append(
                Finding(
                    "STACK_PART_INVALID",
                    f"part {p.index} ({p.id}) does not verify: {', '.join(codes)}",
                    {**where, "checks": codes},
                )
            )
        earlier = seen_digest.get(p.sri)
        if earlier is None and p.id is not None:
            earlier = seen_id.get(p.id)
        if earlier is not None:
            found.append(
                Finding(
                    "STACK_PART_DUPLICATE",
                    f"part {p.index} ({p.id}) repeats part {earlier}",
                    {**where, "same_as": earlier},
                )
            )
        seen_digest.setdefault(p.sri, p.index)
        if p.id is not None:
            seen_id.setdefault(p.id, p.index)
    readable = [p for p in parts if p.model is not None]
    for p in readable[1:]:
        assert p.model is not None and readable[0].model is not None
        same, rule = same_learner(readable[0].model, p.model)
        if not same:
            found.append(
                Finding(
                    "STACK_LEARNER_MISMATCH",
                    f"part {p.index} ({p.id}) is not about the learner of part {readable[0].index} ({rule})",
                    {**p.describe(), "rule": rule},
                )
            )
    return found
