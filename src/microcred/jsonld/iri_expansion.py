"""IRI Expansion while a context is being processed (JSON-LD 1.1 API §5.2.2 with a local context).

Outside context processing, :meth:`~microcred.jsonld.active_context.ActiveContext.expand_vocab` and friends do the
same with a cache; here the terms a value depends on may still have to be defined first (steps 3 and 6.3).
"""

from __future__ import annotations

from typing import Any

from .active_context import KEYWORDS, ActiveContext
from .iri import KEYWORD_FORM, is_absolute_iri, resolve_iri


def expand_iri_in_context(
    active: ActiveContext,
    value: str,
    *,
    vocab: bool = False,
    document_relative: bool = False,
    local: dict[str, Any] | None = None,
    defined: dict[str, bool] | None = None,
    define: Any = None,
) -> str | None:
    """§5.2.2 IRI Expansion with a local context: terms it depends on are defined first (steps 3, 6.3)."""
    # steps 1-2
    if value in KEYWORDS:
        return value
    if KEYWORD_FORM.match(value):
        return None
    # step 3
    if local is not None and defined is not None and value in local and defined.get(value) is not True:
        define(value)
    definition = active.terms.get(value)
    # step 4: a term aliasing a keyword
    if definition is not None and definition.iri in KEYWORDS:
        return definition.iri
    # step 5
    if vocab and value in active.terms:
        return None if definition is None else definition.iri
    # step 6
    colon = value.find(":")
    if colon > 0:
        prefix, suffix = value[:colon], value[colon + 1 :]
        if prefix == "_" or suffix.startswith("//"):
            return value
        if local is not None and defined is not None and prefix in local and defined.get(prefix) is not True:
            define(prefix)
        prefix_definition = active.terms.get(prefix)
        if prefix_definition is not None and prefix_definition.iri is not None and prefix_definition.prefix:
            return prefix_definition.iri + suffix
        if is_absolute_iri(value):
            return value
    # step 7
    if vocab and active.vocab is not None:
        return active.vocab + value
    # step 8
    if document_relative:
        return resolve_iri(active.base, value)
    return value
