"""Small helpers for reading JSON-LD trees the way EDC writes them (single values or arrays, language
maps)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Ids EDC (and microcred) generate for document-local nodes, e.g. ``urn:epass:note:3``: they carry no facts.
LOCAL_ID = re.compile(r"^urn:epass:[A-Za-z]+:\d+$")


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def first(value: Any) -> Any:
    items = as_list(value)
    return items[0] if items else None


def get(node: Any, *keys: str) -> Any:
    """The value of the first of ``keys`` present in ``node`` (None if ``node`` is not an object)."""
    if not isinstance(node, dict):
        return None
    for key in keys:
        if key in node:
            return node[key]
    return None


def node_id(node: Any) -> str | None:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        value = node.get("id", node.get("@id"))
        return value if isinstance(value, str) else None
    return None


def kept_id(node: Any) -> str | None:
    """The node's id unless it is a document-local one (see :data:`LOCAL_ID`)."""
    value = node_id(node)
    return None if value is None or LOCAL_ID.match(value) else value


def types_of(node: Any) -> list[str]:
    return [t for t in as_list(get(node, "type", "@type")) if isinstance(t, str)]


def lang_map(value: Any) -> dict[str, str] | None:
    """A language map from EDC JSON: ``{"en": "x"}`` or ``{"en": ["x"]}`` (first value per language)."""
    if not isinstance(value, dict) or not value:
        return None
    out: dict[str, str] = {}
    for lang, text in value.items():
        text = first(text)
        if isinstance(lang, str) and isinstance(text, str) and text.strip():
            out[lang.lower()] = text
    return out or None


def note_text(value: Any) -> dict[str, str] | None:
    """The text of an ``elm:Note`` (its ``noteLiteral`` language map)."""
    return lang_map(get(first(value), "noteLiteral"))


def concept_ids(value: Any) -> list[str]:
    return [i for i in (node_id(v) for v in as_list(value)) if i]


def compact(items: Iterable[Any]) -> list[Any]:
    return [i for i in items if i is not None]
