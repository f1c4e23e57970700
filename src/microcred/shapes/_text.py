"""Language maps to the single strings of shapes without them (Open Badges 3.0 text is plain strings)."""

from __future__ import annotations

from collections.abc import Mapping


def one_text(value: Mapping[str, str] | None, language: str = "en") -> str | None:
    """The text of ``value`` in ``language``, else in English, else its first language (None if absent)."""
    if not value:
        return None
    for lang in (language, "en"):
        if lang in value:
            return value[lang]
    return next(iter(value.values()))
