"""compact_json: orjson's text where it is the standard library's compact text, the standard library's elsewhere."""

from __future__ import annotations

import enum
import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.compact_json import (
    compact_json,
    compact_json_bytes,
    credential_file_bytes,
    credential_file_text,
)


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: JSON values a credential is made of: no floats (their exponent may be spelt differently), any text.
_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


@given(_VALUES)
def test_the_standard_librarys_compact_text(value: Any) -> None:
    assert compact_json(value) == _standard(value)
    assert compact_json_bytes(value) == _standard(value).encode("utf-8")


@given(st.floats(allow_nan=False))
def test_floats_are_the_same_numbers(number: float) -> None:
    assert json.loads(compact_json({"x": [number]})) == {"x": [number]}


def test_a_credential_is_written_by_orjson_as_json_dumps_writes_it() -> None:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", {"name": {"@id": "https://e.org/n"}}],
        "name": {
            "ga": "Teastas \u00e9ifeachta\u00ed",
            "el": "\u03a0\u03b9\u03c3\u03c4\u03bf\u03c0\u03bf\u03b9\u03b7\u03c4\u03b9\u03ba\u03cc",
        },
        "note": 'quote " backslash \\ tab \t newline \n bell \x07 del \x7f line sep \u2028',
        "count": 3,
        "flag": True,
    }
    assert compact_json(document) == _standard(document)
    assert "\u00e9" in compact_json(document)  # not escaped


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_not_written_as_null(number: float) -> None:
    # orjson writes null for them; the standard library's text keeps what the value is
    assert compact_json({"x": number}) == _standard({"x": number})
    assert b"null" not in compact_json_bytes([number])


def test_values_orjson_refuses_or_writes_otherwise_go_to_the_standard_library() -> None:
    class Level(enum.IntEnum):
        SIX = 6

    class Name(enum.StrEnum):
        EN = "en"

    for value in ({"big": 2**70}, {1: "int key"}, [Level.SIX], {"lang": Name.EN}, {"small": -(2**70)}):
        assert compact_json(value) == _standard(value)
    with pytest.raises(TypeError, match="datetime"):
        compact_json({"when": datetime(2026, 1, 15, tzinfo=UTC)})
    with pytest.raises(TypeError, match="set"):
        compact_json({"members": {"a"}})


def test_a_lone_surrogate_is_written_as_the_standard_library_writes_it() -> None:
    assert compact_json(["\ud800"]) == _standard(["\ud800"])


def test_file_text() -> None:
    document = {"id": "urn:x", "name": "n"}
    assert credential_file_text(document) == '{"id":"urn:x","name":"n"}\n'
    assert credential_file_text(document, indent=2) == json.dumps(document, indent=2) + "\n"
    assert credential_file_text("eyJ.e30.sig") == "eyJ.e30.sig\n"
    assert credential_file_text("eyJ.e30.sig\n") == "eyJ.e30.sig\n"
    for secured in (document, {"n": math.nan, "é": [1.5e-7]}, "eyJ.e30.sig", "eyJ.e30.sig\n"):
        for indent in (None, 2):
            assert credential_file_bytes(secured, indent=indent) == credential_file_text(
                secured, indent=indent
            ).encode("utf-8")
