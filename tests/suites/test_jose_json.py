"""The JSON text of JWS payloads (src/microcred/suites/jose_json.py): the standard library's bytes, by orjson."""

from __future__ import annotations

import enum
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.suites import jose_json
from microcred.suites.jose import json_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "Sample-MC-Annex1-unsigned.jsonld"


def _standard(value: Any) -> bytes | type[BaseException]:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        return type(exc)


def _ours(value: Any) -> bytes | type[BaseException]:
    try:
        return json_bytes(value)
    except (TypeError, ValueError, RecursionError) as exc:
        return type(exc)


_TEXT = st.text(max_size=10)  # any code point, lone surrogates included
_SCALARS = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | _TEXT
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(_TEXT | st.integers(-5, 5), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_VALUES)
def test_the_bytes_are_the_standard_librarys_for_any_value(value: Any) -> None:
    assert _ours({"v": value}) == _standard({"v": value})
    assert _ours(value) == _standard(value)


class Level(enum.IntEnum):
    SIX = 6


@pytest.mark.parametrize(
    "value",
    [
        {"credit": 1e-05},  # orjson: 0.00001
        {"credit": [1.5e-07, 2]},  # orjson: 1.5e-7
        {"n": math.nan, "i": math.inf},  # orjson: null
        {"nested": [{"deep": (1, -0.0)}]},
        {"level": Level.SIX},  # an int subclass: orjson passes it to default
        {1: "a key that is not a string"},
        {"big": 2**64},
        1e16,
        "text",
    ],
)
def test_values_orjson_writes_otherwise_are_written_by_the_standard_library(value: Any) -> None:
    assert _ours(value) == _standard(value)


def test_a_credential_without_floats_is_written_by_orjson_and_one_with_a_float_by_the_standard_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    expected = _standard(document)
    used: list[Any] = []

    class Spy(json.JSONEncoder):
        def encode(self, o: Any) -> str:
            used.append(o)
            return super().encode(o)

    monkeypatch.setattr(jose_json, "COMPACT", Spy(separators=(",", ":"), ensure_ascii=False))
    assert json_bytes(document) == expected and not used
    document["credentialSubject"]["credit"] = [{"points": 7.5}]
    assert json_bytes(document) == _standard(document) and len(used) == 1
