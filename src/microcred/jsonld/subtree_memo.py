"""Repeated node objects of a batch's documents, expanded (JSON-LD 1.1 API §5.1.2) and written as RDF (§8.1) once.

A batch issues thousands of documents written from one template: in an EDC micro-credential 222 of its 228 node
objects (the achievement, its specification, the awarding body, every concept) are the same in every credential of
the batch, and only the learner, the credential's id and what is drawn from them change. Expanding a node object
is a function of the active context it is expanded in, its active property, the ``from map`` and ``inside list``
flags and the element's JSON value; so within :func:`remembering_subtrees` (a batch worker's scope) the expander
keeps what each node object with an ``id`` expanded to, and the RDF writer the quads of that expanded object, and
a node object equal to one remembered under the same active context is not expanded or written again.

What makes that exact:

* the remembered element is a private copy, compared with ``==`` (C speed), and the positions of its numbers and
  booleans are checked for the same type as well (``True == 1`` in Python, not in JSON-LD);
* only subtrees that raised no safe-mode event, loaded no document and hold no blank node, ``@list``, ``@graph``,
  ``@reverse`` or ``@included`` are remembered, so what they add to a document does not depend on where they are
  (no blank node label to share, no event to report at another path);
* the context cost the subtree's expansion spent is charged again on every hit, so every
  :class:`~microcred.jsonld.context_limits.ContextLimits` verdict is the one expansion would have reached;
* only :func:`~microcred.jsonld.processor.jsonld_to_quads` in safe mode uses it (its expanded document is never
  handed to a caller who could change it), never under index, id or type maps (they add to the expanded items);
* a node object is remembered the second time its place (active context, active property, ``id``, inside a list)
  is seen, so one whose id is new in every document (the learner) is never copied, and a place whose element
  changed :data:`MAX_MISMATCHES` times is no longer remembered; the memo is bounded: it is emptied when it holds
  more than :data:`MAX_SUBTREES` places or :data:`MAX_REMEMBERED_VALUES` JSON values.

The RDF writer lists the remembered node objects it writes again instead of copying their quads, and
:meth:`SubtreeMemo.ground_lines` gives the canonical N-Quads lines of such a list (distinct and sorted) for
RDFC-1.0 (:class:`~microcred.jsonld.rdfc.GroundLines`), written once per combination of node objects (the
documents of a batch repeat the same one); at most :data:`MAX_GROUND_SETS` combinations are kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UsageError
from .nquads import Quad
from .rdfc import GroundLines

#: Places (node objects, and places seen once) a :class:`SubtreeMemo` keeps before it is emptied.
MAX_SUBTREES = 4096
#: JSON values (objects, arrays and scalars) its copies of remembered elements may hold before it is emptied.
MAX_REMEMBERED_VALUES = 2_000_000

_SCALARS = (str, int, float, bool)
_SHARED_KEYWORDS = frozenset({"@list", "@graph", "@reverse", "@included", "@set"})
#: Combinations of remembered node objects whose N-Quads lines a :class:`SubtreeMemo` keeps (emptied when full).
MAX_GROUND_SETS = 64
#: Times the element at one place may be found changed before the place is no longer remembered.
MAX_MISMATCHES = 2

#: A place: (id of the active context, active property, the element's ``id``, inside a list).
Place = tuple[int, str, str, bool]
#: What :attr:`SubtreeMemo.entries` holds for a place seen once (nothing copied yet), and for one that changes.
SEEN_ONCE: Any = None
VOLATILE: Any = False
_UNSEEN: Any = object()


class Remembered:
    """One node object: its copy, the context it was expanded in, its expanded form, cost and quads."""

    __slots__ = (
        "active",
        "base_url",
        "cost",
        "element",
        "expanded",
        "loader",
        "mismatches",
        "quads",
        "subject",
        "typed",
    )

    def __init__(
        self,
        active: Any,
        loader: Any,
        base_url: str | None,
        element: dict[str, Any],
        typed: tuple[tuple[tuple[str | int, ...], type], ...],
        expanded: dict[str, Any],
        cost: tuple[int, int, int, int],
        mismatches: int,
    ) -> None:
        self.active = active
        self.loader = loader
        self.base_url = base_url
        self.element = element
        self.typed = typed
        self.expanded = expanded
        self.cost = cost
        #: times the element at this place was found changed before this one was remembered
        self.mismatches = mismatches
        #: the quads written for ``expanded`` in the default graph, and its subject (set by the RDF writer)
        self.quads: tuple[Quad, ...] | None = None
        self.subject: str | None = None

    def matches(self, active: Any, loader: Any, base_url: str | None, element: dict[str, Any]) -> bool:
        """Whether expanding ``element`` here gives what was remembered."""
        if self.active is not active or self.loader is not loader or self.base_url != base_url:
            return False
        return same_json(self.element, self.typed, element)


class SubtreeMemo:
    """The node objects remembered in one batch worker (see the module docstring).

    A node object is remembered the second time its place is seen, so a node whose ``id`` is new in every document
    (the learner) is never copied; a place whose element changed :data:`MAX_MISMATCHES` times is
    :data:`VOLATILE`, no longer remembered."""

    __slots__ = ("by_result", "entries", "grounds", "hits", "values")

    def __init__(self) -> None:
        #: place -> the node object remembered there, :data:`SEEN_ONCE` or :data:`VOLATILE`
        self.entries: dict[Place, Any] = {}
        #: id of an expanded form -> its entry (the entry keeps the expanded form alive)
        self.by_result: dict[int, Remembered] = {}
        #: hits so far, and the JSON values the remembered copies hold
        self.hits = 0
        self.values = 0
        #: ids of node objects -> the node objects (kept alive, so the ids stay theirs) and their lines
        self.grounds: dict[tuple[int, ...], tuple[tuple[Remembered, ...], GroundLines]] = {}

    def ground_lines(self, entries: list[Remembered]) -> GroundLines:
        """The canonical N-Quads lines of the quads of ``entries`` (remembered node objects whose ``quads`` the
        RDF writer set), written once for each combination of them."""
        unique = tuple(dict.fromkeys(entries))
        key = tuple([id(entry) for entry in unique])
        found = self.grounds.get(key)
        if found is not None:
            return found[1]
        quads: list[Quad] = []
        for entry in unique:
            if entry.quads is None:
                raise UsageError("a node object whose quads were not written has no lines")
            quads.extend(entry.quads)
        lines = GroundLines(quads)
        if len(self.grounds) >= MAX_GROUND_SETS:
            self.grounds.clear()
        self.grounds[key] = (unique, lines)
        return lines

    def remember(self, place: Place, entry: Remembered, values: int) -> None:
        """Keep ``entry`` for ``place`` (emptying the memo first when it is full)."""
        if values > MAX_REMEMBERED_VALUES:
            return
        if len(self.entries) >= MAX_SUBTREES or self.values + values > MAX_REMEMBERED_VALUES:
            self.clear()
        self.entries[place] = entry
        self.by_result[id(entry.expanded)] = entry
        self.values += values

    def forget(self, place: Place, entry: Remembered) -> int:
        """Drop ``entry``, whose place now holds another element; the mismatches of the place so far."""
        self.by_result.pop(id(entry.expanded), None)
        self.values -= _count(entry.element)
        mismatches = entry.mismatches + 1
        self.entries[place] = VOLATILE if mismatches >= MAX_MISMATCHES else SEEN_ONCE
        return mismatches

    def clear(self) -> None:
        """Forget every node object."""
        self.entries.clear()
        self.by_result.clear()
        self.grounds.clear()
        self.values = 0


def expand_remembered(
    expander: Any,
    memo: SubtreeMemo,
    active: Any,
    prop: str,
    definition: Any,
    element: dict[str, Any],
    path: Any,
    inside_list: bool,
) -> Any:
    """``expander.expand_node(...)`` for a node object under ``prop`` (not from a map), from ``memo`` when it can."""
    node_id = element.get("id")
    if node_id is None:
        node_id = element.get("@id")
    if node_id.__class__ is not str:
        return expander.expand_node(active, prop, definition, element, path, False, inside_list)
    place: Place = (id(active), prop, node_id, inside_list)
    found = memo.entries.get(place, _UNSEEN)
    if found is _UNSEEN:
        if len(memo.entries) >= MAX_SUBTREES:  # (a new learner each document: a place seen once each)
            memo.clear()
        memo.entries[place] = SEEN_ONCE
    if found is _UNSEEN or found is VOLATILE:
        return expander.expand_node(active, prop, definition, element, path, False, inside_list)
    processor = expander.processor
    mismatches = 0
    if found is not SEEN_ONCE:
        if found.matches(active, processor.loader, expander.base_url, element):
            memo.hits += 1
            processor.budget.charge(found.cost, path)
            return found.expanded
        mismatches = memo.forget(place, found)
        if mismatches >= MAX_MISMATCHES:
            return expander.expand_node(active, prop, definition, element, path, False, inside_list)
    problems = len(expander.events.problems)
    loads = processor.loads
    before = processor.budget.snapshot()
    expanded = expander.expand_node(active, prop, definition, element, path, False, inside_list)
    if len(expander.events.problems) != problems or processor.loads != loads or expander.events.writer_shapes:
        return expanded  # (a hit would not mark the writer's shapes again: nothing is remembered once marked)
    if expanded.__class__ is not dict or not _placeless(expanded):
        return expanded
    typed: list[tuple[tuple[str | int, ...], type]] = []
    counter = [0]
    try:
        copied = snapshot(element, (), typed, counter)
    except RecursionError:  # (deeper than a copy can go here: not remembered)
        copied = None
    if copied is not None:
        cost = processor.budget.since(before)
        entry = Remembered(
            active, processor.loader, expander.base_url, copied, tuple(typed), expanded, cost, mismatches
        )
        memo.remember(place, entry, counter[0])
    return expanded


def snapshot(
    value: Any,
    where: tuple[str | int, ...],
    typed: list[tuple[tuple[str | int, ...], type]],
    counter: list[int],
) -> Any:
    """A private copy of a JSON value made of dicts (string keys), lists, strings, numbers, booleans and None,
    noting in ``typed`` where its numbers and booleans are and counting its values in ``counter[0]``; ``None`` for
    anything else (and for None itself: callers check the value first)."""
    counter[0] += 1
    cls = value.__class__
    if cls is str or value is None:
        return value
    if cls is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key.__class__ is not str:
                return None
            copied = snapshot(item, (*where, key), typed, counter)
            if copied is None and item is not None:
                return None
            out[key] = copied
        return out
    if cls is list:
        items: list[Any] = []
        for index, item in enumerate(value):
            copied = snapshot(item, (*where, index), typed, counter)
            if copied is None and item is not None:
                return None
            items.append(copied)
        return items
    if cls in _SCALARS:
        typed.append((where, cls))
        return value
    return None


def same_json(copy: Any, typed: tuple[tuple[tuple[str | int, ...], type], ...], value: Any) -> bool:
    """Whether ``value`` is, as JSON, the value :func:`snapshot` copied into ``copy`` (noting ``typed``): equal
    under ``==`` (C speed), with a number or boolean of the same type at each noted position (``True == 1`` and
    ``1 == 1.0`` in Python, not in JSON-LD)."""
    if copy != value:
        return False
    for where, kind in typed:  # equal values: the same structure, so every position is there
        item: Any = value
        for step in where:
            item = item[step]
        if item.__class__ is not kind:
            return False
    return True


def _count(value: Any) -> int:
    if value.__class__ is dict:
        return 1 + sum(_count(v) for v in value.values())
    if value.__class__ is list:
        return 1 + sum(_count(v) for v in value)
    return 1


def _placeless(node: dict[str, Any]) -> bool:
    """Whether an expanded node object adds the same quads wherever it is: an IRI as its ``@id`` and in every
    ``@type`` and property, and the same for every node object below it; no list, graph, reverse or included."""
    node_id = node.get("@id")
    if node_id.__class__ is not str or node_id.startswith("_:"):
        return False
    for key, values in node.items():
        if key in _SHARED_KEYWORDS or key.startswith("_:"):
            return False
        if key == "@type":
            if any(v.__class__ is not str or v.startswith("_:") for v in values):
                return False
            continue
        if key == "@id":
            continue
        if values.__class__ is not list:
            return False
        for item in values:
            if item.__class__ is not dict:
                return False
            if "@value" in item:
                datatype = item.get("@type")
                if datatype.__class__ is str and datatype.startswith("_:"):
                    return False
            elif not _placeless(item):
                return False
    return True


_current = threading.local()


@contextmanager
def remembering_subtrees(memo: SubtreeMemo) -> Iterator[SubtreeMemo]:
    """Use ``memo`` for the JSON-LD -> RDF conversions of this thread until the block ends."""
    previous = getattr(_current, "memo", None)
    _current.memo = memo
    try:
        yield memo
    finally:
        _current.memo = previous


def current_memo() -> SubtreeMemo | None:
    """The memo of this thread's :func:`remembering_subtrees` block, if any."""
    memo: SubtreeMemo | None = getattr(_current, "memo", None)
    return memo
