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
from .expansion_keywords import expand_keyword, expand_nests
from .expansion_maps import expand_container_term
from .expansion_plans import DROP, KEYWORD, PLAIN, SCOPED, SKIP, KeyPlan, guard_compiled_nesting, plan_key
from .expansion_results import drop_free_floating, finish
from .problems import EventLog, Path
from .scoped_contexts import process_scoped, process_type_scoped
from .subtree_memo import SubtreeMemo, expand_remembered
from .value_expansion import expand_value


class Expander:
    """One expansion run: the context processor, event log, base URL, and memo of a batch (safe mode only)."""

    __slots__ = ("base_url", "events", "memo", "observer", "processor", "safe")

    def __init__(
        self,
        processor: ContextProcessor,
        events: EventLog,
        base_url: str | None,
        memo: SubtreeMemo | None = None,
    ) -> None:
        self.processor = processor
        self.events = events
        self.safe = events.safe
        #: called as ``observer(active, element, path, result)`` with every node or value object, its active
        #: context and expanded form; returns the object whose entries are expanded (see ``compacted_form``)
        self.observer: Any = None
        self.base_url = base_url
        self.memo = memo if events.safe else None

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
            cls = type(item)
            if cls is dict:
                expanded = self._expand_object(active, key, definition, item, (where, index), False, False)
            elif cls is str or cls is int or cls is bool or cls is float:
                expanded = expand_value(events, active, definition, key, item, (where, index))
            else:
                expanded = self.expand(active, key, item, (where, index))
            if type(expanded) is list:
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
        if self.memo is not None and prop is not None and not from_map and self.observer is None:
            return expand_remembered(self, self.memo, active, prop, definition, element, path, inside_list)
        return self.expand_node(active, prop, definition, element, path, from_map, inside_list)

    def expand_node(  # noqa: C901 (JSON-LD 1.1 API §5.1.2 steps 7-19 for a node object, one branch per step)
        self,
        active: ActiveContext,
        prop: str | None,
        definition: TermDefinition | None,
        element: dict[str, Any],
        path: Path,
        from_map: bool,
        inside_list: bool,
    ) -> Any:
        """Steps 7-19 for a node object (or value, list or set object) ``element``."""
        # step 7: a type-scoped context does not apply inside a new node object (no @value, not only an @id)
        if active.previous is not None and not from_map:
            value_keys = active.value_keys
            if value_keys is None:
                value_keys = active.value_keys = active.sorted_keys_for("@value")
            for key in value_keys:
                if key in element:
                    break
            else:
                if not (len(element) == 1 and next(iter(element)) in active.keys_for("@id")):
                    active = active.previous
        # step 8: property-scoped context
        if definition is not None and definition.context is not UNSET:
            active = process_scoped(self.processor, active, definition, path)
        # step 9: embedded context
        if "@context" in element:
            active = self.processor.process(active, element["@context"], self.base_url, (path, "@context"))
        # step 10
        type_scoped = active
        # steps 11-12: type-scoped contexts, and the input type
        input_type = None
        # (the aliases of @type are few: look them up in the element, in code point order, rather than scan its keys)
        first_key: str | None = None
        type_keys = type_scoped.type_keys
        if type_keys is None:
            type_keys = type_scoped.type_keys = type_scoped.sorted_keys_for("@type")
        for key in type_keys:
            if key not in element:
                continue
            if first_key is None:
                first_key = key
            value = element[key]
            if isinstance(value, list):
                terms = [v for v in value if isinstance(v, str)]
                if len(terms) > 1:
                    terms.sort()
                for term in terms:
                    active = process_type_scoped(self.processor, active, type_scoped, term, path, key)
            elif isinstance(value, str):
                active = process_type_scoped(self.processor, active, type_scoped, value, path, key)
        if first_key is not None:
            first = element[first_key]
            last = first[-1] if isinstance(first, list) and first else first
            if isinstance(last, str):
                input_type = type_scoped.expand_type(last)
        # step 13
        result: dict[str, Any] = {}
        nests: list[str] = []
        prop_iri = active.expand_vocab(prop) if prop is not None else None
        long_way = self.expand_entries(
            active, type_scoped, prop, prop_iri, element, result, nests, input_type, path
        )
        # step 14: nested properties
        if nests:
            expand_nests(self, active, type_scoped, prop, element, result, nests, input_type, path)
            long_way = True
        # steps 15-19 for the common node object (no @value, @set, @list; not only @language): step 16 makes
        # @type an array, step 19 drops a free-floating node at the top level; anything else: ``finish`` (only
        # ``expand_keyword`` writes those four keywords)
        if long_way and (
            "@value" in result or "@set" in result or "@list" in result or "@language" in result
        ):
            return finish(self.events, active, prop, definition, result, path, inside_list)
        types = result.get("@type")
        if types is not None and type(types) is not list:
            result["@type"] = [types]
        if inside_list or (
            prop is not None
            and prop_iri != "@graph"
            and (definition is None or "@graph" not in definition.container)
        ):
            return result
        return None if drop_free_floating(self.events, result, path) else result

    def expand_entries(  # noqa: C901 (JSON-LD 1.1 API §5.1.2 Expansion step 13: one branch per entry kind)
        self,
        active: ActiveContext,
        type_scoped: ActiveContext,
        prop: str | None,
        prop_iri: str | None,
        element: dict[str, Any],
        result: dict[str, Any],
        nests: list[str],
        input_type: str | None,
        path: Path,
    ) -> bool:
        """Step 13: every entry of ``element`` into ``result``; whether a keyword entry went the long way
        (``expand_keyword``: only then can ``result`` hold ``@value``, ``@set``, ``@list`` or ``@language``).
        ``prop_iri`` is ``active.expand_vocab(prop)`` (``None`` without ``prop``), which the caller has at hand."""
        entries = element
        if self.observer is not None:  # it may hand back the entries to iterate (``compacted_form``)
            entries = self.observer(active, element, path, result)
        plans = active.plans
        # step 13.4.1 (the keyword fast paths below are for entries outside @reverse)
        outside_reverse = prop_iri != "@reverse"
        long_way = False
        for key, value in entries.items():
            plan: KeyPlan | None = plans.get(key)
            if plan is None:
                if len(plans) >= MAX_CACHED:
                    plans.clear()
                plan = plans[key] = plan_key(active, key)
            kind = plan.kind
            expanded_property = plan.expanded
            # step 13.1
            if kind == SKIP:
                continue
            # step 13.3: keys that do not expand to an IRI or keyword are dropped
            if kind == DROP:
                self.events.warn("invalid property", plan.problem[1], (path, key))  # type: ignore[index]
                continue
            # step 13.4: keywords
            if kind == KEYWORD:
                # fast paths for the keywords of nearly every node object: steps 13.4.3 (``@id``) and 13.4.4
                # (``@type``) for a string value that expands to a well-formed IRI (a type seen before in this
                # context), no collision (13.4.2) and not inside ``@reverse`` (13.4.1); the rest goes the long way
                if type(value) is str and outside_reverse and expanded_property not in result:
                    if expanded_property == "@id":
                        iri = active.checked_ids.get(value)
                        if iri is None:
                            iri = active.check_id(value)
                        if iri is not None:
                            result["@id"] = iri
                            continue
                    elif expanded_property == "@type":
                        iri = type_scoped.checked_types.get(value)
                        if iri is not None:
                            result["@type"] = iri
                            continue
                long_way = True
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
            problem = plan.problem
            if problem is not None:
                self.events.warn(problem[0], problem[1], (path, key))
            cls = type(value)
            expanded_value: Any
            if cls is str and plan.plain_string:
                # §5.3.2 step 5 with no language or direction (the plan says so): steps 13.9, 13.14
                expanded_value = {"@value": value}
                existing: list[Any] | None = result.get(expanded_property)
                if existing is None:
                    result[expanded_property] = [expanded_value]
                else:
                    existing.append(expanded_value)
                continue
            where: Path = (path, key)
            key_definition = plan.definition
            if kind == PLAIN or (kind == SCOPED and cls is dict):
                # a term without container, reverse, JSON type or scoped context (or a node object under a term
                # with a scoped context, which ``_expand_object`` applies: step 8): steps 13.9, 13.10, 13.14
                # (§5.1.2 steps 1, 4 and 5 inlined for this case: no @list container)
                if cls is str or cls is int or cls is bool or cls is float:
                    expanded_value = expand_value(self.events, active, key_definition, key, value, where)
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
            else:
                # steps 13.5-13.13 (containers, JSON literals, reverse properties)
                expanded_value = expand_container_term(
                    self, active, key, expanded_property, key_definition, value, result, where
                )
                if expanded_value is None:
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
        return long_way
