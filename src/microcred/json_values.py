"""Walks over parsed JSON values (dicts, lists, scalars): nesting depth, deep copy, objects without repeated keys.

These run on every document microcred reads, issues or verifies (the depth check of strict parsing, the copy an
issuer makes before adding a proof, the duplicate-key hook of the JSON decoder), so they sit in a module of their
own that the optional compiled build (``tools/mypyc_build.py``, docs/performance.md) can compile; they take any
value (``Any``), so compiled code accepts what the interpreted code accepts. :mod:`microcred.jsonio` is where
callers import them from.
"""

from __future__ import annotations

import sys
from typing import Any, Final

from .errors import DuplicateKeyError, NestingTooDeepError

#: True when this module was compiled with mypyc (``tools/mypyc_build.py``).
COMPILED: Final = not __file__.endswith(".py")
#: Default cap on nesting depth (objects + arrays).
MAX_DEPTH = 64


def check_depth(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`NestingTooDeepError` if ``value`` nests deeper than ``max_depth`` (iterative walk).

    A scalar is 0 levels deep, ``{}`` and ``[]`` one, ``{"a": []}`` two.
    """
    # level by level (breadth first): only containers are kept, one flat list per level built by one
    # comprehension, no per-node tuples (isinstance with a tuple: with a ``dict | list`` union it takes about
    # twice as long)
    level: list[Any] = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            raise NestingTooDeepError(f"JSON nests deeper than {max_depth} levels")
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, (dict, list))
        ]


_CONTAINERS: Final = frozenset({dict, list, tuple})


def holds_float(value: Any) -> bool:
    """Does ``value`` hold a ``float`` (in a dict, list or tuple, at any depth)? A walk level by level.

    (JWT payloads are written by orjson unless they hold one: :mod:`microcred.suites.jose_json`.)
    """
    if value.__class__ is float:
        return True
    level: list[Any] = [value] if value.__class__ in _CONTAINERS else []
    while level:
        children = [
            c for n in level for c in (n.values() if n.__class__ is dict else n) if c.__class__ is not str
        ]
        if float in set(map(type, children)):
            return True
        level = [c for c in children if c.__class__ in _CONTAINERS]
    return False


def copy_json(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists, scalars): several times faster than ``copy.deepcopy``.

    Dicts (and dict subclasses) become dicts, lists become lists; anything else is returned as it is. A value
    nesting deeper than the interpreter's recursion limit raises :class:`RecursionError` (compiled code, which
    has no Python frames for the limit to count, stops at that depth instead of overflowing the C stack).
    """
    if COMPILED:
        return _copy_bounded(value, sys.getrecursionlimit())
    return _copy(value)


def _copy(value: Any) -> Any:
    # a dict or list is copied whole (``dict.copy`` clones the table), then its containers replaced by copies
    cls = value.__class__
    if cls is dict:
        source: dict[Any, Any] = value
        copied = source.copy()
        for key, child in source.items():
            if child.__class__ not in _IMMUTABLE:
                copied[key] = _copy(child)
        return copied
    if cls is list:
        items: list[Any] = value
        copied_items = items.copy()
        for index, child in enumerate(items):
            if child.__class__ not in _IMMUTABLE:
                copied_items[index] = _copy(child)
        return copied_items
    if isinstance(value, dict):  # a subclass: a plain dict
        return {k: v if v.__class__ in _IMMUTABLE else _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if v.__class__ in _IMMUTABLE else _copy(v) for v in value]
    return value


def _copy_bounded(value: Any, budget: int) -> Any:
    if budget <= 0:
        raise RecursionError("JSON value nests deeper than the recursion limit")
    cls = type(value)
    if cls is dict:
        source: dict[Any, Any] = value
        copied = source.copy()
        for key, child in source.items():
            if isinstance(child, (dict, list)):  # (compiled: two type checks; the same as not in _IMMUTABLE)
                copied[key] = _copy_bounded(child, budget - 1)
        return copied
    if cls is list:
        items: list[Any] = value
        copied_items = items.copy()
        for index, child in enumerate(items):
            if isinstance(child, (dict, list)):
                copied_items[index] = _copy_bounded(child, budget - 1)
        return copied_items
    if isinstance(value, dict):
        return {k: v if v.__class__ in _IMMUTABLE else _copy_bounded(v, budget - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [v if v.__class__ in _IMMUTABLE else _copy_bounded(v, budget - 1) for v in value]
    return value


#: JSON scalars (exact classes; anything else goes through :func:`copy_json`, which copies dicts and lists).
_IMMUTABLE: Final = frozenset({str, int, float, bool, type(None)})


def object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The JSON decoder's ``object_pairs_hook``: a dict, or :class:`DuplicateKeyError` naming the first repeated key."""
    out = dict(pairs)
    if len(out) != len(pairs):  # a key repeated: name the first one repeated
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(f"duplicate JSON object key {key!r}", details={"key": key})
            seen.add(key)
    return out
