"""Walks over parsed JSON values (src/microcred/json_values.py): depth, copy, objects without repeated keys."""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import pytest

from microcred.errors import DuplicateKeyError, NestingTooDeepError
from microcred.json_values import (
    MAX_DEPTH,
    check_depth,
    copy_json,
    holds_float,
    object_without_duplicates,
)


def nested(levels: int) -> Any:
    """``levels`` levels of alternating objects and arrays."""
    value: Any = "leaf"
    for level in range(levels):
        value = {"n": value} if level % 2 else [value]
    return value


@pytest.mark.parametrize(
    ("value", "depth"),
    [("s", 0), (None, 0), ({}, 1), ([], 1), ({"a": []}, 2), ([1, {"b": [{}]}], 4), (nested(10), 10)],
)
def test_depth_counts_levels_of_objects_and_arrays(value: Any, depth: int) -> None:
    check_depth(value, depth)
    if depth:
        with pytest.raises(NestingTooDeepError, match=f"deeper than {depth - 1} levels"):
            check_depth(value, depth - 1)


def test_the_default_depth_limit() -> None:
    check_depth(nested(MAX_DEPTH))
    with pytest.raises(NestingTooDeepError):
        check_depth(nested(MAX_DEPTH + 1))


def test_a_copy_shares_no_container_with_the_original() -> None:
    shared = {"x": [1, 2.5, True, None, "s"]}
    original: dict[str, Any] = {"a": shared, "b": [shared, {"c": OrderedDict(d=1)}], "t": ("tuple",)}
    copied = copy_json(original)
    assert copied == original
    copied["a"]["x"].append(3)
    copied["b"][1]["c"]["d"] = 2
    assert original["a"]["x"] == [1, 2.5, True, None, "s"]
    assert original["b"][1]["c"]["d"] == 1
    assert copied["b"][0] is not copied["a"]  # a shared value is copied twice, as JSON has no sharing
    assert type(copied["b"][1]["c"]) is dict
    assert copied["t"] is original["t"]  # not JSON: returned as it is


class _Items(list[Any]):
    """A list subclass (copied as a plain list)."""


def test_a_copy_keeps_order_and_scalars_and_makes_plain_containers() -> None:
    marker = object()
    text = "x" * 1000
    original: Any = OrderedDict(z=[text, _Items([{"b": 1, "a": 2}]), marker], a={"k": (1,)}, m=1.5)
    copied = copy_json(original)
    assert type(copied) is dict and list(copied) == ["z", "a", "m"]
    assert type(copied["z"][1]) is list and list(copied["z"][1][0]) == ["b", "a"]
    assert copied["z"][0] is text and copied["z"][2] is marker and copied["a"]["k"] is original["a"]["k"]
    assert copied == {"z": [text, [{"b": 1, "a": 2}], marker], "a": {"k": (1,)}, "m": 1.5}
    top = copy_json(_Items([[1], {"a": [2]}]))
    assert type(top) is list and top == [[1], {"a": [2]}]


def test_a_value_deeper_than_the_recursion_limit_is_an_error() -> None:
    with pytest.raises(RecursionError):
        copy_json(nested(20_000))


def test_objects_with_a_repeated_key_are_refused_naming_the_first() -> None:
    assert object_without_duplicates([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    with pytest.raises(DuplicateKeyError, match="'b'") as caught:
        object_without_duplicates([("a", 1), ("b", 2), ("c", 3), ("b", 4), ("a", 5)])
    assert caught.value.details == {"key": "b"}


def test_the_float_walk_looks_into_every_container() -> None:
    assert not holds_float({"a": [1, "2.5", {"b": (True, None)}]})
    assert not holds_float([]) and not holds_float("1.5") and not holds_float(1)
    for value in (2.5, [[[0.0]]], {"a": {"b": (1, 2.0)}}, ({"x": [math.nan]},)):
        assert holds_float(value)
