"""Strict JSON in, atomic files out.

Credentials arrive from untrusted places. :func:`loads_strict` refuses what a lenient parser would accept and a
signature could then disagree about: duplicate object keys, ``NaN``/``Infinity``, numbers no parser holds exactly
(integers over :data:`MAX_INTEGER_DIGITS` digits, floats that overflow to infinity; RFC 7493 §2.2), documents
larger than a cap and nesting deeper than a cap. With ``strict_unicode`` (the JOSE formats) it also refuses a byte
order mark (RFC 8259 §8.1) and lone UTF-16 surrogates (RFC 7493 §2.1). :func:`write_atomic` writes through a
temporary file and ``os.replace`` so a reader never sees half a file.

The standard library's parser with the strict hooks is the reference. Text that orjson writes back byte for byte
(:func:`_orjson_exact`: compact or two-space indented JSON, as microcred, JOSE and most tools write it) is parsed by
orjson, which with the check of the result takes about half the reference's time on a credential (the 111 KB EC
sample's JWT payload: 0.15-0.18 ms against 0.31-0.37 ms, depth check included). Such text cannot hold what the
hooks refuse (a duplicate key is lost in orjson's value, so the text written back is shorter; ``NaN``, lone
surrogates and control characters orjson refuses; an integer orjson cannot hold becomes a float, written back
with a point or an exponent), and its numbers are the ones the standard library reads (a float written back as
the same digits is the float those digits denote). Anything else, and every error, goes through the reference
parser.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

import orjson

from .atomic_files import write_files
from .errors import (
    DuplicateKeyError,
    InputError,
    InputTooLargeError,
    JsonNumberError,
    JsonParseError,
    JsonUnicodeError,
    NestingTooDeepError,
)
from .json_values import MAX_DEPTH as MAX_DEPTH
from .json_values import check_depth as check_depth
from .json_values import copy_json as copy_json
from .json_values import object_without_duplicates

#: Default cap on the size of one JSON document or token (bytes).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: Longest integer literal accepted: Python's own int/str conversion limit (``sys.get_int_max_str_digits``).
MAX_INTEGER_DIGITS = 4300
#: Longest text whose brackets are counted before its depth is walked (see :func:`loads_strict`).
_COUNT_MAX_CHARS = 2048
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _reject_constant(name: str) -> Any:
    raise JsonParseError(f"JSON constant {name} is not allowed")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JsonNumberError(
            f"JSON integer of {len(text.lstrip('-'))} digits (the limit is {MAX_INTEGER_DIGITS})",
            details={"number": text[:20] + "..."},
        )
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 24 else text[:20] + "..."
        raise JsonNumberError(
            f"JSON number {shown} is out of range (overflows to infinity)", details={"number": shown}
        )
    return value


#: One decoder with the strict hooks, made once (``json.loads`` with hooks builds a new decoder on every call).
_DECODER = json.JSONDecoder(
    object_pairs_hook=object_without_duplicates,
    parse_constant=_reject_constant,
    parse_int=_parse_int,
    parse_float=_parse_float,
)


#: What :func:`_orjson_exact` returns for text it leaves to the reference parser.
_NOT_EXACT: Any = object()


def _orjson_exact(data: str | bytes) -> Any:
    """The value of ``data`` if it is the text orjson writes for that value (compact, or indented by two spaces,
    with or without one final newline); :data:`_NOT_EXACT` otherwise (see the module docstring)."""
    head = data[:5]
    if head[:2] in (b'{"', '{"'):
        option = 0
    elif head in (b'{\n  "', '{\n  "'):
        option = orjson.OPT_INDENT_2
    else:
        return _NOT_EXACT
    try:
        value = orjson.loads(data)
        again = orjson.dumps(value, option=option)
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    except (orjson.JSONDecodeError, TypeError, UnicodeEncodeError):  # (orjson.JSONEncodeError is a TypeError)
        return _NOT_EXACT
    end = len(raw) - 1 if raw.endswith(b"\n") else len(raw)
    if len(again) != end or not raw.startswith(again):
        return _NOT_EXACT
    return value


def _where(text: str, needle: str) -> str:
    """`` at line L column C`` of the first occurrence of ``needle`` in ``text`` (empty if not found)."""
    index = text.find(needle) if needle else -1
    if index < 0:
        return ""
    line = text.count("\n", 0, index) + 1
    return f" at line {line} column {index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def _brackets(data: str | bytes) -> int:
    """How many ``[`` and ``{`` ``data`` holds (a bound on its nesting)."""
    if isinstance(data, bytes):
        return data.count(b"[") + data.count(b"{")
    return data.count("[") + data.count("{")


def check_unicode(value: Any) -> None:
    """Raise :class:`JsonUnicodeError` if a string (or member name) in parsed JSON holds a lone surrogate."""
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise JsonUnicodeError(
                    f"JSON string {node[:40]!r} holds a lone UTF-16 surrogate (not I-JSON, RFC 7493 §2.1)"
                ) from exc


def loads_strict(
    data: str | bytes,
    *,
    source: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_depth: int = MAX_DEPTH,
    strict_unicode: bool = False,
) -> Any:
    """Parse JSON text strictly. ``source`` (a file name) is put in error messages and the errors' ``path``.

    ``strict_unicode``: refuse a leading byte order mark and lone surrogates (I-JSON, as JOSE payloads must be).
    """
    where = f" in {source}" if source else ""
    size = len(data)
    if size > max_bytes:
        raise InputTooLargeError(
            f"JSON document{where} is {size} bytes; the limit is {max_bytes}", path=source
        )
    value = _orjson_exact(data)
    if value is not _NOT_EXACT:
        # orjson refused lone surrogates, and stops only at 1,024 levels: the depth cap is checked here
        _check_parsed(value, data, max_depth, source, strict_unicode=False)
        return value
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8" if strict_unicode else "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonParseError(f"JSON document{where} is not UTF-8: {exc}", path=source) from exc
    if strict_unicode and data.startswith("\ufeff"):
        raise JsonUnicodeError(
            f"JSON document{where} starts with a byte order mark (RFC 8259 §8.1)", path=source
        )
    try:
        if data.startswith("\ufeff"):  # what json.loads refuses in text (bytes lost their BOM above)
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", data, 0)
        value = _DECODER.decode(data)
    except RecursionError as exc:
        raise NestingTooDeepError(f"JSON document{where} nests too deeply", path=source) from exc
    except JsonNumberError as exc:
        number = str(exc.details.get("number", "")).removesuffix("...")
        exc.message = f"{exc.message}{where}{_where(data, number)}"
        exc.path = exc.path or source
        raise
    except (DuplicateKeyError, JsonParseError) as exc:
        exc.path = exc.path or source
        raise
    except json.JSONDecodeError as exc:
        raise JsonParseError(
            f"invalid JSON{where}: {exc.msg} at line {exc.lineno} column {exc.colno}", path=source
        ) from exc
    _check_parsed(value, data, max_depth, source, strict_unicode=strict_unicode)
    return value


def _check_parsed(
    value: Any, data: str | bytes, max_depth: int, source: str | None, *, strict_unicode: bool
) -> None:
    """The checks of a parsed ``value`` that the parser did not make: the depth cap, and (``strict_unicode``,
    ``data`` the decoded text) lone surrogates written as escapes. Errors name ``source``."""
    try:
        # a document with at most max_depth brackets cannot nest deeper (brackets in strings only add to the
        # count); counting only pays for short texts (a long one nearly always has more brackets than that)
        if len(data) > _COUNT_MAX_CHARS or _brackets(data) > max_depth:
            check_depth(value, max_depth)
        # (one character is found by a fast scan; the pattern, or a longer needle, walks wide text slowly)
        if strict_unicode and isinstance(data, str) and "\\" in data and _SURROGATE_ESCAPE.search(data):
            check_unicode(value)
    except (NestingTooDeepError, JsonUnicodeError) as exc:
        exc.path = source
        raise


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


def dumps_pretty(value: Any) -> str:
    """``value`` as indented JSON text (UTF-8, not ASCII-escaped) with a final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, mode: int = 0o644, overwrite: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, rename).

    ``overwrite=False``: the file is put in place with a hard link, which fails with :class:`FileExistsError`
    when the name exists (also when another thread or process writes it at the same moment); where the file
    system has no hard links, the name is checked and the file renamed into place. A missing folder is an
    :class:`~microcred.errors.InputError`. (:func:`~microcred.atomic_files.write_files` writes many at once.)
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    error = write_files([(target, payload)], overwrite=overwrite, mode=mode)[0]
    if error is not None:
        raise error
    return target


def write_json_atomic(path: str | os.PathLike[str], value: Any) -> Path:
    """Write ``value`` as pretty JSON to ``path`` atomically (a temporary file renamed into place)."""
    return write_atomic(path, dumps_pretty(value))
