"""Compact JSON text (RFC 8259 with no insignificant whitespace): how a batch writes each credential it issues.

The text is written by orjson, a maintained Rust encoder. The standard library's C encoder took ~0.25 ms for
the 40 KB EDC credential of a batch, the largest single cost of a batch credential after canonicalization;
orjson took ~0.02 ms (the lead's run, on a loaded machine).

For the JSON values a credential is made of (objects with string keys, arrays, strings, integers, booleans),
orjson's text is the one ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` writes: the members in
their order, non-ASCII characters as they are, ``"`` ``\\`` and control characters escaped (``\\n`` and the
other short escapes, else ``\\u00XX``). A float may spell its exponent differently (``1e16`` for ``1e+16``):
the same number.

The standard library writes what orjson would write differently or refuses, so no value is ever written as
another one: ``NaN`` and the infinities (orjson writes ``null`` for them, so a text containing ``null`` is
written again by the standard library), integers beyond 64 bits, keys that are not strings, lone surrogates,
subclasses of the JSON types (an ``IntEnum``), dates and dataclasses (which orjson would write as strings and
objects; ``json.dumps`` refuses them with :class:`TypeError`, and so does this).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

#: The standard library's compact encoder (``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``),
#: made once (``json.dumps`` with options builds a new one on every call).
STANDARD_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
#: orjson options under which what orjson does not write as the standard library does goes to ``default``
#: (:func:`refuse`): subclasses of the JSON types, dates and dataclasses.
ORJSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def refuse(value: Any) -> Any:
    """orjson's ``default``: refuse ``value`` (:class:`TypeError`), which sends it to the standard library."""
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def orjson_text(value: Any) -> bytes | None:
    """orjson's compact text of ``value``, or None where it refuses it (see the module docstring); floats, NaN
    and the infinities are the caller's to look out for."""
    try:
        return orjson.dumps(value, default=refuse, option=ORJSON_OPTIONS)
    except (TypeError, orjson.JSONEncodeError):
        return None


def compact_json_bytes(value: Any) -> bytes:
    """The compact JSON text of ``value``, UTF-8 encoded (see the module docstring)."""
    text = orjson_text(value)
    if text is None or b"null" in text:  # (a null may be a NaN or an infinity orjson wrote as null)
        return STANDARD_COMPACT.encode(value).encode("utf-8")
    return text


def compact_json(value: Any) -> str:
    """The compact JSON text of ``value`` (see the module docstring)."""
    text = orjson_text(value)
    if text is None or b"null" in text:
        return STANDARD_COMPACT.encode(value)
    return text.decode("utf-8")


def credential_file_bytes(secured: Any, *, indent: int | None = None) -> bytes:
    """:func:`credential_file_text`, UTF-8 encoded (compact JSON as orjson wrote it, not decoded and encoded)."""
    if indent is None and not isinstance(secured, str):
        return compact_json_bytes(secured) + b"\n"
    return credential_file_text(secured, indent=indent).encode("utf-8")


def credential_file_text(secured: Any, *, indent: int | None = None) -> str:
    """What a file holding the secured credential ``secured`` holds, ending with a newline: a compact JWS as it
    is; a JSON credential as :func:`compact_json`, or indented by ``indent`` (``json.dumps``) if given."""
    if isinstance(secured, str):
        return secured if secured.endswith("\n") else secured + "\n"
    if indent is None:
        return compact_json(secured) + "\n"
    return json.dumps(secured, ensure_ascii=False, indent=indent) + "\n"
