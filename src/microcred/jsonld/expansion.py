"""The Expansion algorithm (JSON-LD 1.1 API §5.1.2) and Value Expansion (§5.3.2), with safe-mode events.

Every place where a JSON-LD processor would silently drop data or keep a relative IRI emits an event (the
jsonld.js safe-mode event codes) naming the JSON path; in safe mode these become one ``SafeModeError``.
Keys are processed in document order (the ``ordered`` flag is false): the output is a set of quads, so order
does not matter, and events are reported in the order a reader sees them.
"""

from __future__ import annotations

from typing import Any

from .active_context import MAX_CACHED, UNSET, ActiveContext, TermDefinition
from .context_processing import ContextProcessor
from .expansion_keywords import expand_keyword
from .expansion_maps import expand_index_map, expand_language_map
from .expansion_plans import DROP, KEYWORD, PLAIN, SKIP, guard_compiled_nesting, plan_key
from .expansion_results import drop_free_floating, finish
from .problems import EventLog, Path, jsonld_error
from .value_expansion import expand_value

_EMPTY: frozenset[str] = frozenset()


class Expander:
    """One expansion run: the context processor, the event log and the document's base URL."""

    __slots__ = ("base_url", "events", "observer", "processor", "safe")

    def __init__(self, processor: ContextProcessor, events: EventLog, base_url: str | None) -> None:
        self.processor = processor
        self.events = events
        self.safe = events.safe
        #: called as ``observer(active, element, path, result)`` with every node or value object, its active
        #: context and expanded form; returns the object whose entries are expanded (see ``compacted_form``)
        self.observer: Any = None
        self.base_url = base_url

    def expand_document(self, active: ActiveContext, document: Any) -> list[Any]:
        """The ``expand()`` API method (§9.2 step 8 onwards): an array of expanded node objects."""
        guard_compiled_nesting(document)
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
        """JSON-LD 1.1 API §5.1.2 Expansion of ``element`` under ``prop`` in ``active``."""
        # step 1
        if element is None:
            return None
        definition = active.terms.get(prop) if prop is not None else None
        # step 4: scalars
        if not isinstance(element, (dict, list)):  # (a tuple: faster than a union)
            if not inside_list and (prop is None or active.expand_vocab(prop) == "@graph"):
                self.events.warn(
                    "free-floating scalar", f"value {element!r} is not attached to a property", path
                )
                return None
            if definition is not None and definition.context is not UNSET:
                active = self.processor.process(
                    active,
                    definition.context,
                    definition.base_url,
                    path,
                    override_protected=True,
                    frozen=True,
                )
                definition = active.terms.get(prop)  # type: ignore[arg-type]
            return expand_value(self.events, active, definition, prop, element, path)
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

    def _expand_plain_array(
        self,
        active: ActiveContext,
        key: str,
        definition: TermDefinition | None,
        value: list[Any],
        where: Path,
    ) -> list[Any]:
        """Step 5 for the array value of a plain term (no ``@list`` container, no scoped context)."""
        result: list[Any] = []
        events = self.events
        for index, item in enumerate(value):
            cls = item.__class__
            if cls is dict:
                expanded = self._expand_object(active, key, definition, item, (where, index), False, False)
            elif cls is str or cls is int or cls is bool or cls is float:
                expanded = expand_value(events, active, definition, key, item, (where, index))
            else:
                expanded = self.expand(active, key, item, (where, index))
            if expanded.__class__ is list:
                result.extend(expanded)
            elif expanded is not None:
                result.append(expanded)
        return result

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
        if (
            active.previous is not None
            and not from_map
            and active.keys_for("@value").isdisjoint(element)
            and not (len(element) == 1 and next(iter(element)) in active.keys_for("@id"))
        ):
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
        type_aliases = type_scoped.keys_for("@type")
        type_keys = [key for key in element if key in type_aliases]
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
        return finish(self.events, active, prop, definition, result, path, inside_list)

    def _expand_entries(  # noqa: C901 (JSON-LD 1.1 API §5.1.2 Expansion step 13: one branch per entry kind)
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
        entries = element
        if self.observer is not None:  # it may hand back the entries to iterate (``compacted_form``)
            entries = self.observer(active, element, path, result)
        plans = active.plans
        for key, value in entries.items():
            plan = plans.get(key)
            if plan is None:
                if len(plans) >= MAX_CACHED:
                    plans.clear()
                plan = plans[key] = plan_key(active, key)
            expanded_property, key_definition, kind, problem = plan
            # step 13.1
            if kind is SKIP:
                continue
            # step 13.3: keys that do not expand to an IRI or keyword are dropped
            if kind is DROP:
                self.events.warn("invalid property", problem, (path, key))
                continue
            # step 13.4: keywords
            if kind is KEYWORD:
                expand_keyword(
                    self,
                    active,
                    type_scoped,
                    prop,
                    key,
                    expanded_property,
                    value,
                    result,
                    nests,
                    input_type,
                    path,
                )
                continue
            if problem is not None:
                self.events.warn(problem[0], problem[1], (path, key))
            where: Path = (path, key)
            if kind is PLAIN:
                # a term without container, reverse, JSON type or scoped context: steps 13.9, 13.10, 13.14
                # (§5.1.2 steps 1, 4 and 5 inlined for this case: no @list container, no scoped context)
                cls = value.__class__
                if cls is str or cls is int or cls is bool or cls is float:
                    expanded_value: Any = expand_value(self.events, active, key_definition, key, value, where)
                elif cls is dict:
                    expanded_value = self._expand_object(
                        active, key, key_definition, value, where, False, False
                    )
                elif cls is list:
                    expanded_value = self._expand_plain_array(active, key, key_definition, value, where)
                else:
                    expanded_value = self.expand(active, key, value, where)
                if expanded_value is None:
                    continue
                existing = result.get(expanded_property)
                if existing is None:
                    result[expanded_property] = (
                        expanded_value if expanded_value.__class__ is list else [expanded_value]
                    )
                elif expanded_value.__class__ is list:
                    existing.extend(expanded_value)
                else:
                    existing.append(expanded_value)
                continue
            # step 13.5
            container = key_definition.container if key_definition is not None else _EMPTY
            # step 13.6: JSON literals
            if key_definition is not None and key_definition.type_mapping == "@json":
                expanded_value = {"@value": value, "@type": "@json"}
            # step 13.7: language maps
            elif "@language" in container and isinstance(value, dict):
                expanded_value = expand_language_map(self, active, key_definition, value, where)  # type: ignore[arg-type]
            # step 13.8: index, id and type maps
            elif (
                container
                and isinstance(value, dict)
                and ("@index" in container or "@type" in container or "@id" in container)
            ):
                expanded_value = expand_index_map(self, active, key, key_definition, value, where)  # type: ignore[arg-type]
            else:
                # step 13.9
                expanded_value = self.expand(active, key, value, where)
            # step 13.10
            if expanded_value is None:
                continue
            # step 13.11
            if "@list" in container and not (isinstance(expanded_value, dict) and "@list" in expanded_value):
                expanded_value = {
                    "@list": expanded_value if isinstance(expanded_value, list) else [expanded_value]
                }
            # step 13.12: graph containers
            if "@graph" in container and "@id" not in container and "@index" not in container:
                items = expanded_value if isinstance(expanded_value, list) else [expanded_value]
                kept = [item for item in items if not drop_free_floating(self.events, item, where)]
                if not kept:
                    continue
                expanded_value = [{"@graph": item if isinstance(item, list) else [item]} for item in kept]
            # step 13.13: reverse properties
            if key_definition is not None and key_definition.reverse:
                reverse_map = result.setdefault("@reverse", {})
                for item in expanded_value if isinstance(expanded_value, list) else [expanded_value]:
                    if isinstance(item, dict) and ("@value" in item or "@list" in item):
                        raise jsonld_error(
                            "invalid reverse property value",
                            f"{key!r} is a reverse property: values must be nodes",
                            where,
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
                where: Path = (
                    (path, nesting_key) if not isinstance(values, list) else ((path, nesting_key), index)
                )
                if not isinstance(nested, dict) or any(active.expand_vocab(k) == "@value" for k in nested):
                    raise jsonld_error("invalid @nest value", "a nested value must be a node object", where)
                nest_active = active
                nest_definition = active.terms.get(nesting_key)
                if nest_definition is not None and nest_definition.context is not UNSET:
                    nest_active = self.processor.process(
                        active,
                        nest_definition.context,
                        nest_definition.base_url,
                        where,
                        override_protected=True,
                        frozen=True,
                    )
                inner: list[str] = []
                self._expand_entries(nest_active, type_scoped, prop, nested, result, inner, input_type, where)
                if inner:
                    self._expand_nests(
                        nest_active, type_scoped, prop, nested, result, inner, input_type, where
                    )
