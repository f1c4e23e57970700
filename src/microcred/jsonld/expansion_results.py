"""Steps 15-20 of the Expansion algorithm (JSON-LD 1.1 API §5.1.2): check value, list and set objects and drop
values that cannot be attached to anything (each drop is a safe-mode event)."""

from __future__ import annotations

from typing import Any

from .active_context import ActiveContext, TermDefinition
from .iri import is_absolute_iri
from .problems import EventLog, Path, jsonld_error
from .writer_events import value_may_report


def finish(
    events: EventLog,
    active: ActiveContext,
    prop: str | None,
    definition: TermDefinition | None,
    result: dict[str, Any],
    path: Path,
    inside_list: bool,
) -> Any:
    """Steps 15-20: validate value, list and set objects; drop what has no meaning."""
    if "@value" in result:
        # step 15
        if any(k not in ("@direction", "@index", "@language", "@type", "@value") for k in result) or (
            "@type" in result and ("@language" in result or "@direction" in result)
        ):
            raise jsonld_error("invalid value object", "a value object has unexpected entries", path)
        value = result["@value"]
        value_type = result.get("@type")
        if value_type == "@json":
            pass
        elif value is None or value == []:
            events.warn("null @value value", "a value object with a null @value is dropped", path)
            return None
        elif not isinstance(value, str) and "@language" in result:
            raise jsonld_error("invalid language-tagged value", "only strings can have a @language", path)
        elif value_type is not None and (
            not isinstance(value_type, str) or not is_absolute_iri(value_type) or value_type.startswith("_:")
        ):
            raise jsonld_error("invalid typed value", f"@type {value_type!r} of a value is not an IRI", path)
        if value_may_report(result):  # (a @json literal, a number the writer cannot write: writer_events)
            events.writer_shapes = True
    elif "@type" in result:
        # step 16
        if not isinstance(result["@type"], list):
            result["@type"] = [result["@type"]]
    elif "@set" in result or "@list" in result:
        # step 17
        if len(result) > 2 or (len(result) == 2 and "@index" not in result):
            raise jsonld_error(
                "invalid set or list object", "@set and @list objects may only have an @index", path
            )
        if "@set" in result:
            return _drop_top_level(events, active, prop, definition, result["@set"], path, inside_list)
    if len(result) == 1 and "@language" in result:
        # step 18
        events.warn("object with only @language", "an object with only @language is dropped", path)
        return None
    return _drop_top_level(events, active, prop, definition, result, path, inside_list)


def _drop_top_level(
    events: EventLog,
    active: ActiveContext,
    prop: str | None,
    definition: TermDefinition | None,
    result: Any,
    path: Path,
    inside_list: bool,
) -> Any:
    """Step 19: free-floating values at the top level (or of a graph) are dropped."""
    if not isinstance(result, dict) or inside_list:
        return result
    at_top = (
        prop is None
        or active.expand_vocab(prop) == "@graph"
        or (definition is not None and "@graph" in definition.container)
    )
    return None if at_top and drop_free_floating(events, result, path) else result


def drop_free_floating(events: EventLog, item: Any, path: Path) -> bool:
    """Step 19 for one item: empty objects, values, lists and bare ``@id`` objects outside any property."""
    if not isinstance(item, dict):
        return False
    if not item:
        events.warn("empty object", "an empty object is dropped", path)
        return True
    if "@value" in item:
        events.warn("object with only @value", "a value outside any property is dropped", path)
        return True
    if "@list" in item:
        events.warn("object with only @list", "a list outside any property is dropped", path)
        return True
    if len(item) == 1 and "@id" in item:
        events.warn("object with only @id", "a node with only @id (no statements) is dropped", path)
        return True
    return False
