"""Strict JSON in, atomic files out.

Credentials arrive from untrusted places. :func:`loads_strict` refuses what a lenient parser would accept and a
signature could then disagree about: duplicate object keys, ``NaN``/``Infinity``, documents larger than a cap and
nesting deeper than a cap. :func:`write_atomic` writes through a temporary file and ``os.replace`` so a reader
never sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import DuplicateKeyError, InputError, InputTooLargeError, JsonParseError, NestingTooDeepError

#: Default cap on the size of one JSON document or token (bytes).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: Default cap on nesting depth (objects + arrays).
MAX_DEPTH = 64


def _reject_constant(name: str) -> Any:
    raise JsonParseError(f"JSON constant {name} is not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(f"duplicate JSON object key {key!r}", details={"key": key})
        out[key] = value
    return out


def check_depth(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`NestingTooDeepError` if ``value`` nests deeper than ``max_depth`` (iterative walk)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            raise NestingTooDeepError(f"JSON nests deeper than {max_depth} levels")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def loads_strict(
    data: str | bytes,
    *,
    source: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse JSON text strictly. ``source`` (a file name) is put in error messages."""
    where = f" in {source}" if source else ""
    size = len(data)
    if size > max_bytes:
        raise InputTooLargeError(
            f"JSON document{where} is {size} bytes; the limit is {max_bytes}", path=source
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonParseError(f"JSON document{where} is not UTF-8: {exc}", path=source) from exc
    try:
        value = json.loads(data, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise NestingTooDeepError(f"JSON document{where} nests too deeply", path=source) from exc
    except (DuplicateKeyError, JsonParseError) as exc:
        exc.path = exc.path or source
        raise
    except json.JSONDecodeError as exc:
        raise JsonParseError(
            f"invalid JSON{where}: {exc.msg} at line {exc.lineno} column {exc.colno}", path=source
        ) from exc
    try:
        check_depth(value, max_depth)
    except NestingTooDeepError as exc:
        exc.path = source
        raise
    return value


def load_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """Read and strictly parse a JSON file; errors name the file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(f"{p} is {size} bytes; the limit is {max_bytes}", path=str(p))
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}", path=str(p)) from exc
    return loads_strict(raw, source=str(p), max_bytes=max_bytes)


def copy_json(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists, scalars): several times faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value


def dumps_pretty(value: Any) -> str:
    """``value`` as indented JSON text (UTF-8, not ASCII-escaped) with a final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, rename)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist", path=str(target))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def write_json_atomic(path: str | os.PathLike[str], value: Any) -> Path:
    """Write ``value`` as pretty JSON to ``path`` atomically (a temporary file renamed into place)."""
    return write_atomic(path, dumps_pretty(value))
