"""What batch issuance reports for each record: :class:`BatchOutcome` (issued, or :class:`RecordError`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import MicrocredError


@dataclass(frozen=True)
class RecordError:
    """Why one record was not issued: a stable ``code`` (an error class's code), a message and the field.

    ``path`` names the field: the CSV column for a CSV row, else the model / JSON path (``learner.fullName``,
    ``$.issuer``); ``None`` when the whole record is at fault (e.g. a line that is not JSON). ``problems``
    lists every ``(field, message)`` when there are several (model validation).
    """

    code: str
    message: str
    path: str | None = None
    problems: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_exception(cls, exc: BaseException) -> RecordError:
        """The record error for an exception: its code, message and path, and the problems a MicrocredError lists."""
        if isinstance(exc, MicrocredError):
            problems: list[tuple[str, str]] = []
            errors = exc.details.get("errors")
            if isinstance(errors, list):
                for err in errors:
                    if isinstance(err, dict):
                        problems.append((str(err.get("path") or ""), str(err.get("message") or "")))
            return cls(exc.code, exc.message, exc.path, tuple(problems))
        # A bug met by one record must not stop the others: reported with the exception type.
        return cls("INTERNAL_ERROR", f"{type(exc).__name__}: {exc}")

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON: ``code``, ``message`` and, when known, ``path`` and ``errors``."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.path:
            out["path"] = self.path
        if self.problems:
            out["problems"] = [{"path": p, "message": m} for p, m in self.problems]
        return out

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path and self.path not in self.message else ""
        return f"[{self.code}] {where}{self.message}"


@dataclass(frozen=True)
class BatchOutcome:
    """The result of one record of a batch, in input order.

    ``number`` is the record's line number in a JSONL or CSV file (the line where a CSV row starts; the header
    is line 1), or its 1-based position when the records came from an iterable. ``credential_id`` is the id of
    the credential (known as soon as the record was read as a credential). ``credential`` is the secured
    credential (a dict, or a compact JWS for ``vc+jwt`` / ``vc-jwt``; with ``serialized=True`` always its text,
    UTF-8 encoded with ``encoded=True``)
    when it was issued, else ``error`` says why not. A distributed batch (``issue_many(..., client=...)``) writes
    the credentials on the workers: its outcomes carry no ``credential``, and ``existed`` is true for a credential
    an earlier run of the job had written.
    """

    number: int
    credential_id: str | None = None
    credential: dict[str, Any] | str | bytes | None = field(default=None, repr=False)
    error: RecordError | None = None
    #: distributed batches (``client=``): the credential's output was already there (written by an earlier run)
    existed: bool = False

    @property
    def ok(self) -> bool:
        """True when the record was issued (no error)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (without the credential itself)."""
        out: dict[str, Any] = {"number": self.number, "ok": self.ok}
        if self.credential_id is not None:
            out["credentialId"] = self.credential_id
        if self.error is not None:
            out["error"] = self.error.to_dict()
        if self.existed:
            out["existed"] = True
        return out
