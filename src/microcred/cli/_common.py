"""Shared CLI plumbing: exit codes, reading inputs, writing outputs atomically, printing errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, MicrocredError
from ..jsonio import dumps_pretty, load_file, write_atomic

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Abort a command with a message and an exit code (default: 2, usage or input error)."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = code


def read_json(path: str) -> Any:
    """Strictly parse a JSON file given on the command line (``-`` for stdin); errors name the file."""
    if path == "-":
        from ..jsonio import loads_strict

        return loads_strict(sys.stdin.buffer.read(), source="<stdin>")
    if not Path(path).exists():
        raise InputError(f"{path}: no such file", path=path)
    return load_file(path)


def read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=path) from exc


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


def error_message(exc: MicrocredError) -> str:
    text = str(exc)
    errors = exc.details.get("errors") if isinstance(exc.details, dict) else None
    if isinstance(errors, list) and errors:
        lines = [text]
        for err in errors[:50]:
            if isinstance(err, dict):
                loc = err.get("path") or err.get("loc") or ""
                lines.append(f"  - {loc}: {err.get('message') or err.get('msg')}")
            else:
                lines.append(f"  - {err}")
        text = "\n".join(lines)
    return text
