"""The roots of the error tree: :class:`MicrocredError` (a stable ``code``, a ``path``, ``details``), misuse,
bad input, a credential that did not verify, and the warnings microcred emits."""

from __future__ import annotations

from typing import Any


class MicrocredError(Exception):
    """Base class of all microcred errors."""

    code: str = "MICROCRED_ERROR"

    def __init__(self, message: str, *, path: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.details = dict(details or {})

    def __str__(self) -> str:
        if self.path:
            return f"{self.message} (at {self.path})"
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON: ``code``, ``message`` and, when known, ``path`` and ``details``."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.path:
            out["path"] = self.path
        if self.details:
            out["details"] = self.details
        return out


class UsageError(MicrocredError, ValueError):
    """An API was called with arguments that cannot work (wrong type, unknown option)."""

    code = "USAGE_ERROR"


class InputError(MicrocredError, ValueError):
    """Input data is malformed or does not meet a requirement; ``path`` names the field."""

    code = "INVALID_INPUT"


class VerificationError(MicrocredError):
    """Raised by :meth:`VerificationResult.raise_for_status` when a credential is not verified."""

    code = "NOT_VERIFIED"


class MicrocredWarning(UserWarning):
    """Base class of the warnings microcred emits (something was kept or left out, nothing failed)."""


class MappingWarning(MicrocredWarning):
    """Reading or writing ELM kept something unusual (a concept outside the bundled vocabularies, a
    credential that misses Annex I elements) or could not carry a statement over."""
