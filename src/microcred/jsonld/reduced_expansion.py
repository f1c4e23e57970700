"""The RDF of a document without some of its top-level members, from the document's own expansion (issue 19).

:func:`microcred.verification.signed_members.restated_members` needs the RDF of a credential (or of a proof's
options) with the members a verifier reads removed and a marker statement added. Expanding that second document
costs as much again as the first expansion; :func:`reduced_quads` derives its expanded form from the one
expansion of the whole document that :func:`~.processor.expand_shared` recorded, with the contribution of each
top-level entry noted by :class:`~.shared_expansion.RootEntries`, and converts that to RDF.

Why this is the expansion of the reduced document (JSON-LD 1.1 API §5.1.2), when the checks below pass:

* The top-level object is one node object (not a value, list or set object, not unwrapped from ``@graph`` by
  the ``expand()`` method, §9.2 step 8), and every removed member is a term or IRI, not a keyword or a keyword
  alias. Its embedded ``@context`` and its ``@type`` entries (steps 9-12) stay, so every other entry is expanded
  with the same active context, term definition and value as in the whole document (the expansion of an entry
  reads nothing else: no other entry's value, and the node's expanded form only for step 13.4.2, colliding
  keywords, which removed terms cannot add).
* A term's entry only appends items to the node's array for its property (steps 13.9-13.14) or to the
  ``@reverse`` map's (13.13). The notes show exactly which items, so removing the entry removes those items;
  the checks refuse anything else (a replaced or shrunk array). ``@nest`` blocks (step 14) are kept whole, as
  the reduced document keeps them.
* The marker entry is expanded by the same step 13 as a plain term (Value Expansion, §5.3.2), under the same
  active context.
* The reduced node keeps every property of the whole node (step 19 drops no node with a property). The
  order of its entries may differ from what expanding the reduced document gives (an array created by a
  removed entry is created later there); the RDF writer (§8.1) writes the same quads for any order, up to
  the blank node labels it issues, which is all :func:`restated_members` compares.

Anything else (no record, a check that does not pass, an error while writing) returns ``None``: the caller
expands the reduced document as before.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from .expansion_plans import KEYWORD, PLAIN, plan_key
from .nquads import Quad
from .problems import EventLog
from .shared_expansion import SharedExpansion, State
from .to_rdf import RdfWriter
from .value_expansion import expand_value

#: Per expanded property: the array of the whole node and the (start, end) spans removed entries added to it.
_Cuts = dict[str, tuple[list[Any], list[tuple[int, int]]]]


def reduced_quads(
    shared: SharedExpansion, members: Container[str], marker: str, value: str
) -> list[Quad] | None:
    """The quads of the document expanded in ``shared`` without its top-level ``members`` and with the entry
    ``marker: value`` added at the top level (safe mode off, as ``jsonld_to_quads(..., safe=False)``), or
    ``None`` when they cannot be derived from ``shared``. Errors of the RDF writer propagate.

    Only the quads a caller looking for the node with the marker needs are certain to be there
    (:meth:`~.to_rdf.RdfWriter.write_focused`): every quad with the marker's predicate and, when the top-level
    node has a well-formed subject (then its quads hold the marker), every quad about that subject; some
    quads about other subjects are left out. (When the top-level subject is not well-formed, all quads.)"""
    node = reduced_node(shared, members, marker, value)
    if node is None:
        return None
    return RdfWriter(EventLog(False)).write_focused(node, f"<{marker}>")


def reduced_node(
    shared: SharedExpansion, members: Container[str], marker: str, value: str
) -> dict[str, Any] | None:
    """The expanded top-level node of the reduced document (see :func:`reduced_quads`), or ``None``."""
    root = shared.root
    if root is None or root.result is None or len(root.states) != len(root.keys) + 1:
        return None
    whole = root.result
    if len(shared.expanded) != 1 or shared.expanded[0] is not whole:
        return None  # several top-level nodes, @graph unwrapped, or the node dropped
    if "@value" in whole or "@list" in whole or "@set" in whole or marker in root.keys:
        return None
    active = root.active
    cuts: _Cuts = {}
    reverse_cuts: _Cuts = {}
    for index, key in enumerate(root.keys):
        if key not in members:
            continue
        if plan_key(active, key).kind == KEYWORD:
            return None  # a keyword alias (e.g. of @type or @id) decides how the rest is expanded
        before, after = root.states[index], root.states[index + 1]
        if not _appended(before, after, cuts, reverse_cuts):
            return None
    node = _without(whole, cuts, reverse_cuts)
    if node is None:
        return None
    # the marker entry, as step 13 expands a plain term's string value
    plan = plan_key(active, marker)
    if plan.kind != PLAIN:
        return None
    expanded_property = plan.expanded
    item = expand_value(EventLog(False), active, plan.definition, marker, value, None)
    existing = node.get(expanded_property, [])
    if item is None or existing.__class__ is not list:
        return None
    node[expanded_property] = [*existing, item]
    return node


def _appended(before: State, after: State, cuts: _Cuts, reverse_cuts: _Cuts) -> bool:
    """Note the items one entry appended (between ``before`` and ``after``); False if it did anything else."""
    for old, new, noted in ((before[0], after[0], cuts), (before[1], after[1], reverse_cuts)):
        if any(name not in new for name in old):
            return False
        for name, (values, length) in new.items():
            previous = old.get(name)
            if previous is not None and previous[0] is not values:
                return False  # replaced
            if length < 0:
                if previous is None and not (noted is cuts and name == "@reverse"):
                    return False  # a keyword entry added
                continue
            start = 0 if previous is None else previous[1]
            if length < start:
                return False
            if length > start or previous is None:
                noted.setdefault(name, (values, []))[1].append((start, length))
    return True


def _kept(values: Any, cut: tuple[list[Any], list[tuple[int, int]]]) -> list[Any] | None:
    """``values`` without the spans of ``cut`` (``None`` if ``values`` is not the array the spans are of)."""
    array, spans = cut
    if values is not array:
        return None
    kept: list[Any] = []
    position = 0
    for start, end in spans:
        if start < position or end > len(array):
            return None
        kept.extend(array[position:start])
        position = end
    kept.extend(array[position:])
    return kept


def _without(mapping: Any, cuts: _Cuts, reverse_cuts: _Cuts | None = None) -> dict[str, Any] | None:
    """``mapping`` (the node, or its ``@reverse`` map) without the items removed entries added to it, the
    ``@reverse`` map cut by ``reverse_cuts``; ``None`` if it is not the one noted."""
    if (
        mapping.__class__ is not dict
        or any(name not in mapping for name in cuts)
        or (reverse_cuts and "@reverse" not in mapping)
    ):
        return None
    out: dict[str, Any] = {}
    for name, values in mapping.items():
        if reverse_cuts and name == "@reverse":
            kept: Any = _without(values, reverse_cuts)
        elif name in cuts:
            kept = _kept(values, cuts[name])
        else:
            out[name] = values
            continue
        if kept is None:
            return None
        if kept:
            out[name] = kept
    return out
