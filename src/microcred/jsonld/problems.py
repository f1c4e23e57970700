"""JSON-LD errors and safe-mode events, each naming the JSON path where it arose.

Processing errors (JSON-LD 1.1 API §9.4.2 ``JsonLdErrorCode``) abort with a
:class:`~microcred.errors.JsonLdError` whose ``details["jsonld_code"]`` is the spec's error code.

Safe mode (VC Data Integrity 1.0 §2.5 "Securing Data Losslessly"; jsonld.js ``safe: true``) turns every warning
a JSON-LD processor would otherwise swallow (a dropped term, type, value or relative IRI) into an error: the events
are collected while processing and raised together as one :class:`~microcred.errors.SafeModeError`.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import JsonLdError, SafeModeError

#: A JSON path as a linked list ``(parent, key)``; ``None`` is the document root ``$``.
Path = tuple[Any, str | int] | None

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: What Data Integrity 1.0 suggests calling the error raised when JSON-LD processing would lose data.
DATA_LOSS = "DATA_LOSS_DETECTION_ERROR"


def render_path(path: Path) -> str:
    """``$.credentialSubject.achievement[0]['@type']`` style."""
    parts: list[str] = []
    while path is not None:
        path, key = path
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.startswith("<"):  # a context document, named by URL
            parts.append(key)
            path = None
        elif _IDENTIFIER.match(key):
            parts.append(f".{key}")
        else:
            escaped = key.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    if parts and parts[-1].startswith("<"):
        head = parts.pop()
        return head + "".join(reversed(parts))
    return "$" + "".join(reversed(parts))


def jsonld_error(code: str, message: str, path: Path = None, **details: Any) -> JsonLdError:
    """A processing error with the JSON-LD error code in ``details['jsonld_code']``."""
    where = render_path(path)
    return JsonLdError(f"JSON-LD {code}: {message}", path=where, details={"jsonld_code": code, **details})


class EventLog:
    """Collects the safe-mode events of one processing run."""

    __slots__ = ("problems", "safe", "writer_shapes")

    def __init__(self, safe: bool) -> None:
        self.safe = safe
        self.problems: list[dict[str, str]] = []
        #: set by expansion when it wrote a shape that only the RDF writer reports (``writer_events``): a value
        #: it could not write (a ``@json`` literal, a non-finite or huge number), a datatype, a node type
        #: ``@json`` or a property-valued index; while it stays False the writer has nothing to add
        self.writer_shapes = False

    def warn(self, code: str, message: str, path: Path) -> None:
        """Record an event that means data would be dropped or left relative (only in safe mode)."""
        if self.safe:
            self.problems.append({"path": render_path(path), "code": code, "message": message})

    def relative_to(self, path: Path) -> list[tuple[str, str, str]]:
        """The recorded events as ``(code, message, path suffix)`` below ``path`` (or absolute, for contexts)."""
        prefix = render_path(path)
        out = []
        for problem in self.problems:
            where = problem["path"]
            suffix = where[len(prefix) :] if where.startswith(prefix) else where
            out.append((problem["code"], problem["message"], suffix))
        return out

    def replay(self, recorded: list[tuple[str, str, str]], path: Path) -> None:
        """Record events captured by :meth:`relative_to` again, below ``path``."""
        if not self.safe or not recorded:
            return
        prefix = render_path(path)
        for code, message, suffix in recorded:
            where = suffix if suffix.startswith("<") else prefix + suffix
            self.problems.append({"path": where, "code": code, "message": message})

    def raise_if_any(self) -> None:
        """Raise one :class:`~microcred.errors.SafeModeError` listing every problem collected, if there are any."""
        if not self.problems:
            return
        first = self.problems[0]
        more = len(self.problems) - 1
        suffix = f" (and {more} more)" if more else ""
        raise SafeModeError(
            f"JSON-LD safe mode: {first['message']}{suffix}",
            path=first["path"],
            details={"errors": list(self.problems), "jsonld_code": first["code"], "error": DATA_LOSS},
        )
