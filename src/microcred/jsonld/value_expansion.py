"""Value Expansion (JSON-LD 1.1 API §5.3.2): a scalar becomes a value object or a node reference."""

from __future__ import annotations

from typing import Any

from .active_context import UNSET, ActiveContext, TermDefinition
from .iri import iri_ok
from .problems import EventLog, Path
from .writer_events import DATATYPES_OK, DOUBLE_INTEGERS, value_may_report


def expand_value(
    events: EventLog,
    active: ActiveContext,
    definition: TermDefinition | None,
    prop: str | None,
    value: Any,
    path: Path,
) -> Any:
    """§5.3.2: the expanded form of a scalar ``value`` of property ``prop`` (whose definition is given)."""
    if definition is not None:
        type_mapping = definition.type_mapping
        if type_mapping is not None:
            if isinstance(value, str) and (type_mapping == "@id" or type_mapping == "@vocab"):
                # steps 1-2: IRIs
                iri = active.expand_id(value) if type_mapping == "@id" else active.expand_type(value)
                return node_reference(events, iri, value, path)
            if type_mapping != "@none" and type_mapping != "@id" and type_mapping != "@vocab":
                # step 4
                typed = {"@value": value, "@type": type_mapping}
                # (the writer's events for it: writer_events; a string of a datatype seen before has none)
                seen = value.__class__ is str and type_mapping in DATATYPES_OK
                if not seen and value_may_report(typed):
                    events.writer_shapes = True
                return typed
        if isinstance(value, str):
            # step 5
            language = definition.language if definition.language is not UNSET else active.language
            direction = definition.direction if definition.direction is not UNSET else active.direction
        else:
            return _plain(events, value)
    elif isinstance(value, str):
        if prop is not None and active.expand_vocab(prop) == "@graph":
            return node_reference(events, active.expand_id(value), value, path)
        language = active.language
        direction = active.direction
    else:
        return _plain(events, value)
    if language is None and direction is None:
        return {"@value": value}
    result: dict[str, Any] = {"@value": value}
    if language is not None:
        result["@language"] = language
    if direction is not None:
        result["@direction"] = direction
    return result


def _plain(events: EventLog, value: Any) -> dict[str, Any]:
    """Step 6 for a number or boolean: ``{"@value": value}`` (marked if the writer could not write it)."""
    plain = {"@value": value}
    cls = value.__class__
    if (
        cls is not bool
        and not (cls is int and -DOUBLE_INTEGERS < value < DOUBLE_INTEGERS)
        and value_may_report(plain)
    ):
        events.writer_shapes = True
    return plain


def node_reference(events: EventLog, iri: str | None, raw: str, path: Path) -> dict[str, Any] | None:
    """``{"@id": iri}`` for a string coerced to an IRI; reserved or relative IRIs are events."""
    if iri is None:
        events.warn("reserved @id value", f"{raw!r} has the form of a keyword and is dropped", path)
        return None
    if events.safe and not iri_ok(iri):
        events.warn(
            "relative @id reference",
            f"{raw!r} is not a well-formed absolute IRI (and there is no base IRI)",
            path,
        )
    return {"@id": iri}
