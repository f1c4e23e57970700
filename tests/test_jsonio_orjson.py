"""``loads_strict``: text orjson writes back byte for byte is parsed by orjson, with the reference's verdicts."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred import jsonio
from microcred.errors import (
    DuplicateKeyError,
    JsonNumberError,
    JsonParseError,
    JsonUnicodeError,
    MicrocredError,
    NestingTooDeepError,
)
from microcred.jsonio import loads_strict

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)
_DOCUMENTS = st.dictionaries(st.text(max_size=4), _VALUES, min_size=1, max_size=5)


def _typed(value: Any) -> Any:
    """``value`` with every scalar paired with its type (``1 == 1.0 == True`` in Python, not in JSON)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value), value)


def _reference(data: str | bytes, **options: Any) -> Any:
    """What the standard library's parser with the strict hooks gives (the fast path turned off)."""
    original = jsonio._orjson_exact
    jsonio._orjson_exact = lambda _data: jsonio._NOT_EXACT  # type: ignore[assignment]
    try:
        return loads_strict(data, **options)
    finally:
        jsonio._orjson_exact = original


def _outcome(data: str | bytes, parse: Any, **options: Any) -> Any:
    try:
        return ("value", _typed(parse(data, **options)))
    except MicrocredError as exc:
        return ("error", type(exc), exc.code)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.sampled_from(["compact", "indented", "standard", "orjson", "orjson-indented"]))
def test_every_text_gets_the_reference_verdict_and_value(document: dict[str, Any], style: str) -> None:
    if style == "compact":
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    elif style == "indented":
        text = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    elif style == "standard":
        text = json.dumps(document).encode()
    else:
        try:
            text = orjson.dumps(document, option=orjson.OPT_INDENT_2 if style == "orjson-indented" else 0)
        except TypeError:  # integers over 64 bits
            return
    for data in (text, text.decode()):
        for strict_unicode in (False, True):
            expected = _outcome(data, _reference, strict_unicode=strict_unicode)
            assert _outcome(data, loads_strict, strict_unicode=strict_unicode) == expected


def test_compact_and_indented_text_take_the_fast_path() -> None:
    value = {"a": [1, 2.5, {"b": None, "c": "é"}], "d": {}, "e": []}
    for text in (orjson.dumps(value), orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"):
        assert jsonio._orjson_exact(text) == value
        assert jsonio._orjson_exact(text.decode()) == value
        assert jsonio._orjson_exact(bytearray(text)) == value  # type: ignore[arg-type]  # (an untyped caller)
        assert loads_strict(text) == value
    for text in (b'{"a": 1}', b' {"a":1}', b'{"a":1}\n\n', b"[1]", b"1", b'{"a":1e-05}'):
        assert jsonio._orjson_exact(text) is jsonio._NOT_EXACT


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (b'{"a":1,"a":1}', DuplicateKeyError),
        (b'{"a":{"b":1,"b":2}}', DuplicateKeyError),
        (b'{\n  "a": 1,\n  "a": 1\n}', DuplicateKeyError),
        (b'{"a":NaN}', JsonParseError),
        (b'{"a":1e400}', JsonNumberError),
        (b'{"a":"\\ud800"}', JsonUnicodeError),
        (b'{"a":' + b"[" * 60 + b"]" * 60 + b"}", NestingTooDeepError),
        (b'{"a":' + b"[" * 2000 + b"]" * 2000 + b"}", NestingTooDeepError),
    ],
)
def test_what_the_reference_refuses_is_refused_in_compact_text(text: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        loads_strict(text, strict_unicode=True, max_depth=50)


def test_numbers_keep_their_exact_values_and_types() -> None:
    big = 2**64  # orjson reads it as a float, and writes it back otherwise: the reference parses it
    assert loads_strict(b'{"a":%d}' % big) == {"a": big}
    assert type(loads_strict(b'{"a":%d}' % big)["a"]) is int
    assert _typed(loads_strict(b'{"a":-0,"b":1.0,"c":0.1,"d":-0.0}')) == _typed(
        json.loads('{"a":-0,"b":1.0,"c":0.1,"d":-0.0}')
    )


def test_the_depth_cap_holds_on_the_fast_path() -> None:
    short = b'{"a":' + b"[" * 5 + b"]" * 5 + b"}"
    assert jsonio._orjson_exact(short) is not jsonio._NOT_EXACT
    with pytest.raises(NestingTooDeepError):
        loads_strict(short, max_depth=4)
    assert loads_strict(short, max_depth=6) == {"a": [[[[[]]]]]}
    long = b'{"x":"' + b"y" * 3000 + b'","a":' + b"[" * 5 + b"]" * 5 + b"}"  # over the bracket-count length
    with pytest.raises(NestingTooDeepError):
        loads_strict(long, max_depth=4)
