"""Language, index, id and type maps, list, graph and reverse containers (JSON-LD 1.1 API §5.1.2 steps 13.7,
13.8 and 13.11-13.13)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .active_context import UNSET, ActiveContext, TermDefinition
from .expansion_results import drop_free_floating
from .iri import BCP47
from .problems import EventLog, Path, jsonld_error
from .value_expansion import expand_value, node_reference

if TYPE_CHECKING:
    from .expansion import Expander


def expand_language_map(
    expander: Expander, active: ActiveContext, definition: TermDefinition, value: dict[str, Any], path: Path
) -> list[dict[str, Any]]:
    """Step 13.7: ``{"en": "...", "fr": [...]}`` to language-tagged strings."""
    expanded: list[dict[str, Any]] = []
    # steps 13.7.2-13.7.3
    direction = definition.direction if definition.direction is not UNSET else active.direction
    # step 13.7.4
    tags = active.language_tags
    for language, language_value in value.items():
        # the common entry: a BCP 47 tag seen before (in this context: not an alias of @none) and one string
        tag = tags.get(language)
        if tag is None:
            tag = _TAGS.get(language)
            if tag is not None:
                if active.expand_vocab(language) == "@none":
                    tag = None
                elif len(tags) < MAX_TAGS:
                    tags[language] = tag
        if tag is not None and type(language_value) is str:
            entry: dict[str, Any] = {"@value": language_value, "@language": tag}
            if direction is not None:
                entry["@direction"] = direction
            expanded.append(entry)
            continue
        items = language_value if isinstance(language_value, list) else [language_value]
        where: Path = (path, language)
        for item in items:
            if item is None:
                continue
            if not isinstance(item, str):
                raise jsonld_error("invalid language map value", "language map values must be strings", where)
            entry = {"@value": item}
            if language != "@none" and active.expand_vocab(language) != "@none":
                if BCP47.match(language):
                    if len(_TAGS) < MAX_TAGS:
                        _TAGS[language] = language.lower()
                else:
                    expander.events.warn(
                        "invalid @language value", f"{language!r} is not a BCP 47 tag", where
                    )
                entry["@language"] = language.lower()
            if direction is not None:
                entry["@direction"] = direction
            expanded.append(entry)
    return expanded


#: Language map keys seen to be BCP 47 tags, and their lower-case form (bounded: documents bring few languages).
_TAGS: Final[dict[str, str]] = {}
MAX_TAGS: Final = 4096


def expand_index_map(  # noqa: C901 (JSON-LD 1.1 API §5.1.2 step 13.8: index, property-index, id and type maps)
    expander: Expander,
    active: ActiveContext,
    key: str,
    definition: TermDefinition,
    value: dict[str, Any],
    path: Path,
) -> list[Any]:
    """Step 13.8: index maps (``@index``, property-valued ``@index``), id maps and type maps."""
    container = definition.container
    as_graph = "@graph" in container
    if "@index" in container:
        index_key = definition.index or "@index"
    elif "@id" in container:
        index_key = "@id"
    else:
        index_key = "@type"
    expanded: list[Any] = []
    for index, index_value in value.items():
        where: Path = (path, index)
        # step 13.8.3.1-13.8.3.3: the context for the map's values
        if index_key in ("@id", "@type"):
            map_context = active.previous if active.previous is not None else active
        else:
            map_context = active
        if index_key == "@type":
            index_definition = map_context.terms.get(index)
            if index_definition is not None and index_definition.context is not UNSET:
                map_context = expander.processor.process(
                    map_context,
                    index_definition.context,
                    index_definition.base_url,
                    where,
                    propagate=False,
                    frozen=True,
                )
        # step 13.8.3.4
        expanded_index = active.expand_vocab(index)
        # steps 13.8.3.5-13.8.3.6
        items = expander.expand(
            map_context,
            key,
            index_value if isinstance(index_value, list) else [index_value],
            where,
            from_map=True,
        )
        # step 13.8.3.7
        for item in items:
            if as_graph and not (isinstance(item, dict) and "@graph" in item):
                item = {"@graph": item if isinstance(item, list) else [item]}
            if index_key == "@type":
                type_iri = map_context.expand_vocab(index)
                if type_iri is not None and type_iri != "@none":
                    node_reference(expander.events, type_iri, index, where)
                    item["@type"] = [type_iri, *item.get("@type", [])]
            elif "@index" in container and index_key != "@index":
                if expanded_index != "@none":
                    _add_property_index(expander, active, index_key, index, item, where)
            elif "@index" in container:
                if "@index" not in item and expanded_index != "@none":
                    item["@index"] = index
            elif "@id" in container and "@id" not in item and expanded_index != "@none":
                reference = node_reference(expander.events, active.expand_id(index), index, where)
                if reference is not None:
                    item["@id"] = reference["@id"]
            expanded.append(item)
    return expanded


def _add_property_index(
    expander: Expander, active: ActiveContext, index_key: str, index: str, item: Any, where: Path
) -> None:
    """Step 13.8.3.7.2: a property-valued index adds the index as a value of that property."""
    if isinstance(item, dict) and "@value" in item:
        raise jsonld_error("invalid value object", "a property-valued index cannot apply to a value", where)
    re_expanded = expand_value(expander.events, active, active.terms.get(index_key), index_key, index, where)
    expander.events.writer_shapes = True  # (expansion does not check the predicate it adds: writer_events)
    expanded_key = active.expand_vocab(index_key)
    if expanded_key is None:
        return
    item[expanded_key] = [re_expanded, *item.get(expanded_key, [])]


def contain(
    events: EventLog,
    key: str,
    expanded_property: str,
    definition: TermDefinition | None,
    expanded_value: Any,
    result: dict[str, Any],
    path: Path,
) -> Any:
    """Steps 13.11-13.13 for a term with a container or a reverse mapping: the value to add to ``result``
    under the term's IRI (step 13.14), or ``None`` when there is nothing (more) to add."""
    container = definition.container if definition is not None else frozenset()
    # step 13.11
    if "@list" in container and not (isinstance(expanded_value, dict) and "@list" in expanded_value):
        expanded_value = {"@list": expanded_value if isinstance(expanded_value, list) else [expanded_value]}
    # step 13.12: graph containers
    if "@graph" in container and "@id" not in container and "@index" not in container:
        items = expanded_value if isinstance(expanded_value, list) else [expanded_value]
        kept = [item for item in items if not drop_free_floating(events, item, path)]
        if not kept:
            return None
        expanded_value = [{"@graph": item if isinstance(item, list) else [item]} for item in kept]
    # step 13.13: reverse properties
    if definition is not None and definition.reverse:
        reverse_map = result.setdefault("@reverse", {})
        for item in expanded_value if isinstance(expanded_value, list) else [expanded_value]:
            if isinstance(item, dict) and ("@value" in item or "@list" in item):
                raise jsonld_error(
                    "invalid reverse property value",
                    f"{key!r} is a reverse property: values must be nodes",
                    path,
                )
            reverse_map.setdefault(expanded_property, []).append(item)
        return None
    return expanded_value


def expand_container_term(
    expander: Expander,
    active: ActiveContext,
    key: str,
    expanded_property: str,
    definition: TermDefinition | None,
    value: Any,
    result: dict[str, Any],
    where: Path,
) -> Any:
    """Steps 13.5-13.13 for the entry ``key: value`` of a term with a container, a reverse mapping or the
    ``@json`` type: the value step 13.14 adds to ``result`` under ``expanded_property``, or ``None``."""
    # step 13.5
    container = definition.container if definition is not None else frozenset()
    # step 13.6: JSON literals
    if definition is not None and definition.type_mapping == "@json":
        expanded_value: Any = {"@value": value, "@type": "@json"}
        expander.events.writer_shapes = True  # (the writer writes its canonical JSON, which may fail)
    # step 13.7: language maps
    elif "@language" in container and isinstance(value, dict):
        expanded_value = expand_language_map(expander, active, definition, value, where)  # type: ignore[arg-type]
    # step 13.8: index, id and type maps
    elif (
        container
        and isinstance(value, dict)
        and ("@index" in container or "@type" in container or "@id" in container)
    ):
        expanded_value = expand_index_map(expander, active, key, definition, value, where)  # type: ignore[arg-type]
    else:
        # step 13.9
        expanded_value = expander.expand(active, key, value, where)
    # step 13.10
    if expanded_value is None:
        return None
    # steps 13.11-13.13: list, graph and reverse containers
    if container or (definition is not None and definition.reverse):
        return contain(expander.events, key, expanded_property, definition, expanded_value, result, where)
    return expanded_value
