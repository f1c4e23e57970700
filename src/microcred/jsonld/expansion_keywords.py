"""Expansion of keyword entries (JSON-LD 1.1 API §5.1.2 step 13.4) and of nested properties (step 14)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .active_context import MAX_CACHED, UNSET, ActiveContext
from .iri import BCP47, iri_ok, is_absolute_iri
from .problems import Path, jsonld_error

if TYPE_CHECKING:
    from .expansion import Expander

_SCALARS = (str, int, float, bool)


def expand_keyword(  # noqa: C901 (JSON-LD 1.1 API §5.1.2 step 13.4: one branch per keyword, 13.4.3-13.4.16)
    expander: Expander,
    active: ActiveContext,
    type_scoped: ActiveContext,
    prop: str | None,
    key: str,
    keyword: str,
    value: Any,
    result: dict[str, Any],
    nests: list[str],
    input_type: str | None,
    path: Path,
) -> None:
    """Add the expansion of the entry ``key: value`` (``key`` expands to ``keyword``) to ``result``."""
    events = expander.events
    where: Path = (path, key)
    # step 13.4.1
    if prop is not None and active.expand_vocab(prop) == "@reverse":
        raise jsonld_error("invalid reverse property map", f"keyword {key!r} inside @reverse", where)
    # step 13.4.2
    if keyword in result and keyword != "@included" and keyword != "@type":
        raise jsonld_error("colliding keywords", f"{key!r} repeats {keyword}", where)
    if keyword == "@id":
        # step 13.4.3
        if not isinstance(value, str):
            raise jsonld_error("invalid @id value", "@id must be a string", where)
        iri = active.expand_id(value)
        if iri is None:
            events.warn(
                "reserved @id value", f"@id {value!r} has the form of a keyword and is dropped", where
            )
            result["@id"] = None  # the node is dropped when written out
            return
        if not iri_ok(iri) and (expander.safe or not is_absolute_iri(iri)):
            events.warn(
                "relative @id reference",
                f"@id {value!r} is not a well-formed absolute IRI (and there is no base IRI)",
                where,
            )
        result["@id"] = iri
    elif keyword == "@type":
        # step 13.4.4
        _expand_type(expander, type_scoped, value, result, where)
    elif keyword == "@graph":
        # step 13.4.5
        expanded = expander.expand(active, "@graph", value, where)
        result["@graph"] = (
            expanded if isinstance(expanded, list) else ([] if expanded is None else [expanded])
        )
    elif keyword == "@included":
        # step 13.4.6
        if active.is_1_0:
            return
        for raw in value if isinstance(value, list) else [value]:
            if not isinstance(raw, dict) or any(
                active.expand_vocab(k) in ("@value", "@list", "@set") for k in raw
            ):
                raise jsonld_error("invalid @included value", "@included values must be node objects", where)
        expanded = expander.expand(active, None, value, where)
        items = expanded if isinstance(expanded, list) else ([] if expanded is None else [expanded])
        for item in items:
            if not isinstance(item, dict) or "@value" in item or "@list" in item or "@set" in item:
                raise jsonld_error("invalid @included value", "@included values must be node objects", where)
        result["@included"] = result.get("@included", []) + items
    elif keyword == "@value":
        # step 13.4.7
        if input_type == "@json":
            if active.is_1_0:
                raise jsonld_error("invalid value object value", "@json needs json-ld-1.1", where)
        elif value is not None and not isinstance(value, _SCALARS):
            raise jsonld_error(
                "invalid value object value", "@value must be a string, number, boolean or null", where
            )
        result["@value"] = value
    elif keyword == "@language":
        # step 13.4.8
        if not isinstance(value, str):
            raise jsonld_error("invalid language-tagged string", "@language must be a string", where)
        if not BCP47.match(value):
            events.warn("invalid @language value", f"@language {value!r} is not a BCP 47 tag", where)
        result["@language"] = value.lower()
    elif keyword == "@direction":
        # step 13.4.9
        if active.is_1_0:
            return
        if value not in ("ltr", "rtl"):
            raise jsonld_error("invalid base direction", "@direction must be 'ltr' or 'rtl'", where)
        result["@direction"] = value
    elif keyword == "@index":
        # step 13.4.10
        if not isinstance(value, str):
            raise jsonld_error("invalid @index value", "@index must be a string", where)
        result["@index"] = value
    elif keyword == "@list":
        # step 13.4.11
        if prop is None or active.expand_vocab(prop) == "@graph":
            events.warn("object with only @list", "a list outside any property is dropped", where)
            return
        expanded = expander.expand(active, prop, value, where, inside_list=True)
        result["@list"] = expanded if isinstance(expanded, list) else ([] if expanded is None else [expanded])
    elif keyword == "@set":
        # step 13.4.12
        result["@set"] = expander.expand(active, prop, value, where)
    elif keyword == "@reverse":
        # step 13.4.13
        _expand_reverse(expander, active, value, result, where)
    elif keyword == "@nest":
        # step 13.4.14
        nests.append(key)
    else:
        events.warn("invalid property", f"keyword {key!r} has no meaning here and is dropped", where)


def _expand_type(
    expander: Expander, type_scoped: ActiveContext, value: Any, result: dict[str, Any], where: Path
) -> None:
    # fast path: every value seen before in this context expanded to an IRI with no event
    checked = type_scoped.checked_types
    if "@type" not in result:
        if value.__class__ is str:
            iri = checked.get(value)
            if iri is not None:
                result["@type"] = iri
                return
        elif value.__class__ is list:
            known = [checked.get(item) if item.__class__ is str else None for item in value]
            if None not in known:
                result["@type"] = known
                return
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        values = value
    else:
        raise jsonld_error("invalid type value", "@type must be a string or an array of strings", where)
    expanded: list[str] = []
    for index, item in enumerate(values):
        iri = type_scoped.expand_type(item)
        item_path: Path = (where, index) if isinstance(value, list) else where
        if iri is None:
            expander.events.warn("reserved @id value", f"type {item!r} has the form of a keyword", item_path)
            continue
        if iri == "@json":  # (a keyword the writer reports as a node type: never taken from the cache)
            expander.events.writer_shapes = True
        elif iri_ok(iri):
            if len(checked) >= MAX_CACHED:
                checked.clear()
            checked[item] = iri
        elif expander.safe or not is_absolute_iri(iri):
            expander.events.warn(
                "relative @type reference",
                f"type {item!r} is not defined by the @context (not an IRI)",
                item_path,
            )
        expanded.append(iri)
    if "@type" in result:
        previous = result["@type"]
        result["@type"] = (previous if isinstance(previous, list) else [previous]) + expanded
    elif isinstance(value, str) and expanded:
        result["@type"] = expanded[0]
    else:
        result["@type"] = expanded


def _expand_reverse(
    expander: Expander, active: ActiveContext, value: Any, result: dict[str, Any], where: Path
) -> None:
    if not isinstance(value, dict):
        raise jsonld_error("invalid @reverse value", "@reverse must be an object", where)
    expanded = expander.expand(active, "@reverse", value, where)
    if not isinstance(expanded, dict):
        return
    # step 13.4.13.3: properties reversed twice
    for prop, items in expanded.get("@reverse", {}).items():
        result.setdefault(prop, []).extend(items)
    # step 13.4.13.4
    for prop, items in expanded.items():
        if prop == "@reverse":
            continue
        reverse_map = result.setdefault("@reverse", {})
        for item in items:
            if isinstance(item, dict) and ("@value" in item or "@list" in item):
                raise jsonld_error(
                    "invalid reverse property value", f"reverse value of {prop!r} is not a node", where
                )
            reverse_map.setdefault(prop, []).append(item)


def expand_nests(
    expander: Expander,
    active: ActiveContext,
    type_scoped: ActiveContext,
    prop: str | None,
    element: dict[str, Any],
    result: dict[str, Any],
    nests: list[str],
    input_type: str | None,
    path: Path,
) -> None:
    """Step 14: the entries of nested objects belong to the node itself."""
    for nesting_key in nests:
        values = element[nesting_key]
        for index, nested in enumerate(values if isinstance(values, list) else [values]):
            where: Path = (
                (path, nesting_key) if not isinstance(values, list) else ((path, nesting_key), index)
            )
            if not isinstance(nested, dict) or any(active.expand_vocab(k) == "@value" for k in nested):
                raise jsonld_error("invalid @nest value", "a nested value must be a node object", where)
            nest_active = active
            nest_definition = active.terms.get(nesting_key)
            if nest_definition is not None and nest_definition.context is not UNSET:
                nest_active = expander.processor.process(
                    active,
                    nest_definition.context,
                    nest_definition.base_url,
                    where,
                    override_protected=True,
                    frozen=True,
                )
            inner: list[str] = []
            prop_iri = nest_active.expand_vocab(prop) if prop is not None else None
            expander.expand_entries(
                nest_active, type_scoped, prop, prop_iri, nested, result, inner, input_type, where
            )
            if inner:
                expand_nests(
                    expander, nest_active, type_scoped, prop, nested, result, inner, input_type, where
                )
