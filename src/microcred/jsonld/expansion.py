"""The Expansion algorithm (JSON-LD 1.1 API §5.1.2) and Value Expansion (§5.3.2), with safe-mode events.

Every place where a JSON-LD processor would silently drop data or keep a relative IRI emits an event (the
jsonld.js safe-mode event codes) naming the JSON path; in safe mode these become one ``SafeModeError``.
Keys are processed in document order (the ``ordered`` flag is false): the output is a set of quads, so order
does not matter, and events are reported in the order a reader sees them.
"""

from __future__ import annotations

from typing import Any

from .active_context import KEYWORDS, UNSET, ActiveContext, TermDefinition
from .context_processing import ContextProcessor
from .expansion_maps import expand_index_map, expand_language_map
from .expansion_keywords import expand_keyword
from .iri import is_absolute_iri, is_well_formed_iri
from .problems import EventLog, Path, jsonld_error

_EMPTY: frozenset[str] = frozenset()
_GOOD_IRIS: dict[str, bool] = {}


def iri_ok(iri: str) -> bool:
    """Well-formed RDF IRI or blank node identifier (cached: the same IRIs recur in every credential)."""
    ok = _GOOD_IRIS.get(iri)
    if ok is None:
        ok = iri.startswith("_:") or is_well_formed_iri(iri)
        if len(_GOOD_IRIS) > 65536:
            _GOOD_IRIS.clear()
        _GOOD_IRIS[iri] = ok
    return ok


class Expander:
    """One expansion run: the context processor, the event log and the document's base URL."""

    __slots__ = ("base_url", "events", "processor", "safe")

    def __init__(self, processor: ContextProcessor, events: EventLog, base_url: str | None) -> None:
        self.processor = processor
        self.events = events
        self.safe = events.safe
        self.base_url = base_url

    def expand_document(self, active: ActiveContext, document: Any) -> list[Any]:
        """The ``expand()`` API method (§9.2 step 8 onwards): an array of expanded node objects."""
        expanded = self.expand(active, None, document, None)
        if isinstance(expanded, dict) and len(expanded) == 1 and "@graph" in expanded:
            expanded = expanded["@graph"]
        if expanded is None:
            return []
        return expanded if isinstance(expanded, list) else [expanded]

    # -- §5.1.2 ----------------------------------------------------------------------------------------------
    def expand(
        self,
        active: ActiveContext,
        prop: str | None,
        element: Any,
        path: Path,
        from_map: bool = False,
        inside_list: bool = False,
    ) -> Any:
        # step 1
        if element is None:
            return None
        definition = active.terms.get(prop) if prop is not None else None
        # step 4: scalars
        if not isinstance(element, dict | list):
            if not inside_list and (prop is None or active.expand_vocab(prop) == "@graph"):
                self.events.warn("free-floating scalar", f"value {element!r} is not attached to a property", path)
                return None
            if definition is not None and definition.context is not UNSET:
                active = self.processor.process(
                    active, definition.context, definition.base_url, path, override_protected=True, frozen=True
                )
                definition = active.terms.get(prop)  # type: ignore[arg-type]
            return self.expand_value(active, definition, prop, element, path)
        # step 5: arrays
        if isinstance(element, list):
            result: list[Any] = []
            in_list = inside_list or (definition is not None and "@list" in definition.container)
            for index, item in enumerate(element):
                expanded = self.expand(active, prop, item, (path, index), from_map, in_list)
                if in_list and isinstance(expanded, list):
                    expanded = {"@list": expanded}
                if isinstance(expanded, list):
                    result.extend(expanded)
                elif expanded is not None:
                    result.append(expanded)
            return result
        return self._expand_object(active, prop, definition, element, path, from_map, inside_list)

    def _expand_object(
        self,
        active: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        element: dict[str, Any],
        path: Path,
        from_map: bool,
        inside_list: bool,
    ) -> Any:
        # step 7: a type-scoped context does not apply inside a new node object
        if active.previous is not None and not from_map:
            revert = True
            for key in element:
                expanded_key = active.expand_vocab(key)
                if expanded_key == "@value" or (expanded_key == "@id" and len(element) == 1):
                    revert = False
                    break
            if revert:
                active = active.previous
        # step 8: property-scoped context
        if definition is not None and definition.context is not UNSET:
            active = self.processor.process(
                active, definition.context, definition.base_url, path, override_protected=True, frozen=True
            )
        # step 9: embedded context
        if "@context" in element:
            active = self.processor.process(active, element["@context"], self.base_url, (path, "@context"))
        # step 10
        type_scoped = active
        # steps 11-12: type-scoped contexts, and the input type
        input_type = None
        type_keys = [key for key in element if type_scoped.expand_vocab(key) == "@type"]
        if type_keys:
            type_keys.sort()
            for key in type_keys:
                value = element[key]
                terms = sorted(v for v in value if isinstance(v, str)) if isinstance(value, list) else [value]
                for term in terms:
                    term_definition = type_scoped.terms.get(term) if isinstance(term, str) else None
                    if term_definition is not None and term_definition.context is not UNSET:
                        active = self.processor.process(
                            active,
                            term_definition.context,
                            term_definition.base_url,
                            (path, key),
                            propagate=False,
                            frozen=True,
                        )
            first = element[type_keys[0]]
            last = first[-1] if isinstance(first, list) and first else first
            if isinstance(last, str):
                input_type = type_scoped.expand_type(last)
        # step 13
        result: dict[str, Any] = {}
        nests: list[str] = []
        self._expand_entries(active, type_scoped, prop, element, result, nests, input_type, path)
        # step 14: nested properties
        if nests:
            self._expand_nests(active, type_scoped, prop, element, result, nests, input_type, path)
        return self._finish(active, prop, definition, result, path, inside_list)

    def _expand_entries(
        self,
        active: ActiveContext,
        type_scoped: ActiveContext,
        prop: str | None,
        element: dict[str, Any],
        result: dict[str, Any],
        nests: list[str],
        input_type: str | None,
        path: Path,
    ) -> None:
        """Step 13: every entry of ``element`` into ``result``."""
        terms = active.terms
        for key, value in element.items():
            # step 13.1
            if key == "@context":
                continue
            # step 13.2
            expanded_property = active.expand_vocab(key)
            # step 13.3: keys that do not expand to an IRI or keyword are dropped
            if expanded_property is None or (":" not in expanded_property and expanded_property not in KEYWORDS):
                self.events.warn(
                    "invalid property",
                    f"property {key!r} is not defined by the @context (it would be dropped)",
                    (path, key),
                )
                continue
            # step 13.4: keywords
            if expanded_property in KEYWORDS:
                expand_keyword(
                    self, active, type_scoped, prop, key, expanded_property, value, result, nests, input_type, path
                )
                continue
            if self.safe and not iri_ok(expanded_property):
                self.events.warn(
                    "invalid property", f"property {key!r} expands to {expanded_property!r}, not an IRI", (path, key)
                )
            elif self.safe and expanded_property.startswith("_:"):
                self.events.warn(
                    "blank node predicate", f"property {key!r} is a blank node, not an IRI", (path, key)
                )
            # step 13.5
            key_definition = terms.get(key)
            container = key_definition.container if key_definition is not None else _EMPTY
            where: Path = (path, key)
            # step 13.6: JSON literals
            if key_definition is not None and key_definition.type_mapping == "@json":
                expanded_value: Any = {"@value": value, "@type": "@json"}
            # step 13.7: language maps
            elif "@language" in container and isinstance(value, dict):
                expanded_value = expand_language_map(self, active, key_definition, value, where)  # type: ignore[arg-type]
            # step 13.8: index, id and type maps
            elif container and isinstance(value, dict) and ("@index" in container or "@type" in container or "@id" in container):
                expanded_value = expand_index_map(self, active, key, key_definition, value, where)  # type: ignore[arg-type]
            else:
                # step 13.9
                expanded_value = self.expand(active, key, value, where)
            # step 13.10
            if expanded_value is None:
                continue
            # step 13.11
            if "@list" in container and not (isinstance(expanded_value, dict) and "@list" in expanded_value):
                expanded_value = {"@list": expanded_value if isinstance(expanded_value, list) else [expanded_value]}
            # step 13.12: graph containers
            if "@graph" in container and "@id" not in container and "@index" not in container:
                items = expanded_value if isinstance(expanded_value, list) else [expanded_value]
                kept = [item for item in items if not self._drop_free_floating(item, where)]
                if not kept:
                    continue
                expanded_value = [{"@graph": item if isinstance(item, list) else [item]} for item in kept]
            # step 13.13: reverse properties
            if key_definition is not None and key_definition.reverse:
                reverse_map = result.setdefault("@reverse", {})
                for item in expanded_value if isinstance(expanded_value, list) else [expanded_value]:
                    if isinstance(item, dict) and ("@value" in item or "@list" in item):
                        raise jsonld_error(
                            "invalid reverse property value", f"{key!r} is a reverse property: values must be nodes", where
                        )
                    reverse_map.setdefault(expanded_property, []).append(item)
                continue
            # step 13.14
            existing = result.get(expanded_property)
            if existing is None:
                result[expanded_property] = (
                    expanded_value if isinstance(expanded_value, list) else [expanded_value]
                )
            elif isinstance(expanded_value, list):
                existing.extend(expanded_value)
            else:
                existing.append(expanded_value)

    def _expand_nests(
        self,
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
                where: Path = (path, nesting_key) if not isinstance(values, list) else ((path, nesting_key), index)
                if not isinstance(nested, dict) or any(active.expand_vocab(k) == "@value" for k in nested):
                    raise jsonld_error("invalid @nest value", "a nested value must be a node object", where)
                nest_active = active
                nest_definition = active.terms.get(nesting_key)
                if nest_definition is not None and nest_definition.context is not UNSET:
                    nest_active = self.processor.process(
                        active, nest_definition.context, nest_definition.base_url, where, override_protected=True,
                        frozen=True,
                    )
                inner: list[str] = []
                self._expand_entries(nest_active, type_scoped, prop, nested, result, inner, input_type, where)
                if inner:
                    self._expand_nests(nest_active, type_scoped, prop, nested, result, inner, input_type, where)

    def _finish(
        self,
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
                self.events.warn("null @value value", "a value object with a null @value is dropped", path)
                return None
            elif not isinstance(value, str) and "@language" in result:
                raise jsonld_error("invalid language-tagged value", "only strings can have a @language", path)
            elif value_type is not None and (
                not isinstance(value_type, str) or not is_absolute_iri(value_type) or value_type.startswith("_:")
            ):
                raise jsonld_error("invalid typed value", f"@type {value_type!r} of a value is not an IRI", path)
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
                return self._drop_top_level(active, prop, definition, result["@set"], path, inside_list)
        if len(result) == 1 and "@language" in result:
            # step 18
            self.events.warn("object with only @language", "an object with only @language is dropped", path)
            return None
        return self._drop_top_level(active, prop, definition, result, path, inside_list)

    def _drop_top_level(
        self,
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
        if prop is None or active.expand_vocab(prop) == "@graph" or (
            definition is not None and "@graph" in definition.container
        ):
            if self._drop_free_floating(result, path):
                return None
        return result

    def _drop_free_floating(self, item: Any, path: Path) -> bool:
        if not isinstance(item, dict):
            return False
        if not item:
            self.events.warn("empty object", "an empty object is dropped", path)
            return True
        if "@value" in item:
            self.events.warn("object with only @value", "a value outside any property is dropped", path)
            return True
        if "@list" in item:
            self.events.warn("object with only @list", "a list outside any property is dropped", path)
            return True
        if len(item) == 1 and "@id" in item:
            self.events.warn("object with only @id", "a node with only @id (no statements) is dropped", path)
            return True
        return False

    # -- §5.3.2 Value Expansion ------------------------------------------------------------------------------
    def expand_value(
        self, active: ActiveContext, definition: TermDefinition | None, prop: str | None, value: Any, path: Path
    ) -> Any:
        if definition is not None:
            type_mapping = definition.type_mapping
            if type_mapping is not None:
                if isinstance(value, str) and (type_mapping == "@id" or type_mapping == "@vocab"):
                    # steps 1-2: IRIs
                    iri = active.expand_id(value) if type_mapping == "@id" else active.expand_type(value)
                    return self.node_reference(iri, value, path)
                if type_mapping != "@none" and type_mapping != "@id" and type_mapping != "@vocab":
                    # step 4
                    return {"@value": value, "@type": type_mapping}
            if isinstance(value, str):
                # step 5
                language = definition.language if definition.language is not UNSET else active.language
                direction = definition.direction if definition.direction is not UNSET else active.direction
            else:
                return {"@value": value}
        elif isinstance(value, str):
            if prop is not None and active.expand_vocab(prop) == "@graph":
                return self.node_reference(active.expand_id(value), value, path)
            language = active.language
            direction = active.direction
        else:
            return {"@value": value}
        if language is None and direction is None:
            return {"@value": value}
        result: dict[str, Any] = {"@value": value}
        if language is not None:
            result["@language"] = language
        if direction is not None:
            result["@direction"] = direction
        return result

    def node_reference(self, iri: str | None, raw: str, path: Path) -> dict[str, Any] | None:
        """``{"@id": iri}`` for a string coerced to an IRI; reserved or relative IRIs are events."""
        if iri is None:
            self.events.warn("reserved @id value", f"{raw!r} has the form of a keyword and is dropped", path)
            return None
        if self.safe and not iri_ok(iri):
            self.events.warn(
                "relative @id reference", f"{raw!r} is not an absolute IRI (there is no base IRI)", path
            )
        return {"@id": iri}
