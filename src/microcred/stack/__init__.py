"""Stacks of micro-credentials (issue 16 item 1): combine signed parts into one larger signed credential.

:func:`stack` builds and signs a stack (ELM shape, or Open Badges shape: a CLR 2.0 ``ClrCredential``); :func:`microcred.verify` verifies one (every part, nested); and
:func:`verify_stack` also applies stacking rules. See ``docs/stacks.md``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, VerificationResult
from .build import stack
from .rules import DEFAULT_MAX_PARTS, StackRules, check_rules

__all__ = ["DEFAULT_MAX_PARTS", "StackRules", "stack", "verify_stack"]


def verify_stack(
    data: Any,
    *,
    rules: StackRules | dict[str, Any] | None = None,
    now: datetime | str | None = None,
    **options: Any,
) -> VerificationResult:
    """:func:`microcred.verify` of a stack, plus a ``stack`` check per broken rule (``STACK_RULE_NOT_MET``).

    ``options`` are :func:`microcred.verify`'s (loader, resolver, status_lists, policy, ...).
    """
    from ..clock import resolve_clock
    from ..verification.verifier import verify
    from .parts import read_model

    clock = resolve_clock(now)
    result = verify(data, now=clock, **options)
    if isinstance(rules, dict):
        rules = StackRules.from_json(rules)
    if rules is None:
        return result
    if not result.parts:
        result.add(
            Check.fail(
                CheckName.STACK,
                CheckCode.STACK_NOT_A_STACK,
                "the credential is not a stack (or its parts could not be read)",
            )
        )
        return result
    from .parts import Part

    parts = [
        Part(index=i, raw=b"", result=r, model=read_model(r.credential, ob3=True)[0])
        for i, r in enumerate(result.parts)
    ]
    for problem in check_rules(rules, parts, clock.now()).problems:
        details = {k: v for k, v in problem.items() if k != "message"}
        result.add(Check.fail(CheckName.STACK, CheckCode.STACK_RULE_NOT_MET, problem["message"], **details))
    if len(parts) > rules.max_parts:
        result.add(
            Check.fail(
                CheckName.STACK,
                CheckCode.STACK_TOO_MANY_PARTS,
                f"the stack has {len(parts)} parts; the limit is {rules.max_parts}",
            )
        )
    return result
