"""Stacks of micro-credentials (issue 16 item 1): combine signed parts into one larger signed credential.

:func:`stack` builds and signs a stack (ELM shape, or Open Badges shape: a CLR 2.0 ``ClrCredential``); :func:`microcred.verify` verifies one (every part, nested); and
:func:`verify_stack` also applies stacking rules. See ``docs/stacks.md``.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, VerificationResult

if TYPE_CHECKING:
    from .build import stack
    from .rules import DEFAULT_MAX_PARTS, StackRules

__all__ = ["DEFAULT_MAX_PARTS", "StackRules", "stack", "verify_stack"]

#: Imported on first use (building a stack loads the ELM writer and the model; the verifier's test for a stack,
#: :mod:`.detect`, must not): name -> module.
_LAZY = {"stack": ".build", "StackRules": ".rules", "DEFAULT_MAX_PARTS": ".rules"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'microcred.stack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    from .rules import StackRules, check_rules

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
