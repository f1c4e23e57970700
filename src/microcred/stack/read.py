"""Verify and read one part with a configured :class:`~microcred.verification.verifier.Verifier` (the ordinary pipeline)."""

from __future__ import annotations

import copy
import warnings
from typing import Any

from ..errors import MicrocredError, UsageError
from ..verification.codes import CheckName
from ..verification.results import Check, VerificationResult
from .parts import Part, read_model

#: Attribute of a verifier copy holding the ids of the stacks being verified around it (to detect cycles).
PATH_ATTRIBUTE = "_microcred_stack_path"


def stack_path(verifier: Any) -> tuple[str, ...]:
    """The ids of the stacks enclosing what ``verifier`` verifies now."""
    path = getattr(verifier, PATH_ATTRIBUTE, ())
    return path if isinstance(path, tuple) else ()


def inner_verifier(verifier: Any, stack_id: str | None) -> Any:
    """A copy of ``verifier`` that knows it verifies parts of ``stack_id``."""
    inner = copy.copy(verifier)
    setattr(inner, PATH_ATTRIBUTE, (*stack_path(verifier), *([stack_id] if stack_id else [])))
    return inner


def read_part(index: int, raw: bytes, verifier: Any, *, ob3: bool = False) -> Part:
    """Verify ``raw`` with ``verifier`` and read its micro-credential facts; never raises for bad input.

    ``ob3``: Open Badges 3.0 parts are read too (a CLR stack's)."""
    try:
        result = verifier.verify(raw, source=f"part {index}")
    except UsageError:
        raise
    except MicrocredError as exc:  # a net: verify() reports rather than raises
        result = VerificationResult(format=None)
        result.add(Check.error(CheckName.FORMAT, exc.code, str(exc)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, problem = read_model(result.credential, ob3=ob3)
    return Part(index=index, raw=raw, result=result, model=model, problem=problem)
