"""Turn pydantic's ValidationError into microcred's ModelValidationError / VocabularyError.

Every problem becomes ``{"path": "learner.nationalId.country", "message": ...}`` in ``details["errors"]``; the
path uses the JSON (camelCase) names and ``[i]`` for list items.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import ModelValidationError, VocabularyError


class FieldProblems(ValueError):
    """Raised by model validators to report problems at paths below the model being validated."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in problems))
        self.problems = problems


def join_path(base: str, rest: str) -> str:
    if not rest:
        return base
    if not base or rest.startswith("["):
        return base + rest
    return f"{base}.{rest}"


def loc_to_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for item in loc:
        path = join_path(path, f"[{item}]" if isinstance(item, int) else str(item))
    return path


def _message(error: Any) -> str:
    kind = error.get("type")
    msg = str(error.get("msg", ""))
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of the micro-credential model"
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def convert(
    exc: ValidationError, *, what: str = "micro-credential", source: str | None = None
) -> ModelValidationError:
    """The microcred error for a pydantic ValidationError (VocabularyError if all are vocabulary problems)."""
    entries: list[dict[str, Any]] = []
    vocab_only = True
    for error in exc.errors(include_url=False):
        base = loc_to_path(tuple(error.get("loc", ())))
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblems):
            vocab_only = False
            entries.extend({"path": join_path(base, p), "message": m} for p, m in cause.problems)
        elif isinstance(cause, VocabularyError):
            entries.append({"path": base, "message": cause.message, **cause.details})
        else:
            vocab_only = False
            entries.append({"path": base, "message": _message(error)})
    return _build(entries, what=what, source=source, vocab_only=vocab_only)


def _build(
    entries: list[dict[str, Any]], *, what: str, source: str | None, vocab_only: bool
) -> ModelValidationError:
    shown = "; ".join(f"{e['path'] or '(top level)'}: {e['message']}" for e in entries[:3])
    more = f" (and {len(entries) - 3} more)" if len(entries) > 3 else ""
    where = f"{source}: " if source else ""
    cls = VocabularyError if vocab_only and entries else ModelValidationError
    return cls(
        f"{where}invalid {what}: {shown}{more}",
        path=entries[0]["path"] if entries else None,
        details={"errors": entries},
    )


def with_problems(
    error: ModelValidationError,
    problems: list[tuple[str, str]],
    *,
    what: str = "micro-credential",
    source: str | None = None,
) -> ModelValidationError:
    """``error`` with ``(path, message)`` problems added (those at a path it already names are left out)."""
    entries = list(error.details.get("errors", []))
    known = {e.get("path") for e in entries}
    added = [{"path": p, "message": m} for p, m in problems if p not in known]
    if not added:
        return error
    return _build(entries + added, what=what, source=source, vocab_only=False)
