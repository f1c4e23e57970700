"""Shared CLI plumbing: exit codes, reading inputs, writing outputs atomically, printing errors."""

from __future__ import annotations

import json
import sys
from typing import Any

from ..errors import MicrocredError
from ..jsonio import dumps_pretty, write_atomic
from ._input import read_json, read_text

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "emit",
    "print_json",
    "read_json",
    "read_text",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Abort a command with a message and an exit code (default: 2, usage or input error)."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = code


def emit(data: str | bytes | dict[str, Any] | list[Any], out: str | None) -> None:
    """Write to ``out`` atomically, or to stdout when ``out`` is None or ``-``."""
    if isinstance(data, dict | list):
        data = dumps_pretty(data)
    if out in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        sys.stdout.flush()
        return
    assert out is not None
    write_atomic(out, data)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _entry(err: Any) -> str:
    if isinstance(err, dict):
        loc = err.get("path") or err.get("loc") or ""
        return f"{loc}: {err.get('message') or err.get('msg')}"
    return str(err)


def error_message(exc: MicrocredError) -> str:
    """The message of ``exc`` for the terminal: its text (naming the file once), then the field errors it
    carries, one per line, unless the message already says every one of them (then it stays one line)."""
    text = exc.message if exc.path and exc.path in exc.message else str(exc)
    errors = exc.details.get("errors") if isinstance(exc.details, dict) else None
    if not isinstance(errors, list) or not errors:
        return text
    entries = [_entry(err) for err in errors[:50]]
    if all(entry in text for entry in entries) and len(errors) <= 50:
        return text
    return "\n".join([text, *(f"  - {entry}" for entry in entries)])
