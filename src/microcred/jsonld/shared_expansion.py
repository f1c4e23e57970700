"""One JSON-LD expansion per document and verification, shared by the checks that need it (issue 19 item 1).

Verifying a credential reads its JSON-LD meaning several times: the proof's transformation (JSON-LD -> RDF ->
RDFC-1.0, VC Data Integrity 1.0 §3.2.3), the lossless check of an enveloped credential (§2.4 data-loss detection)
and the compacted-form check (:mod:`~microcred.jsonld.compacted_form`). Each is a function of the same expansion
(JSON-LD 1.1 API §5.1.2), which is most of their cost. Inside :func:`shared_expansions` (one verification), the
first of them expands the document once with the compacted-form observer attached and records here:

* the expanded document (the RDF writer's input),
* the safe-mode events of the expansion (replayed into the next run's event log, so its verdict is the same),
* the member paths the compacted-form observer found,
* what each entry of the top-level node object added to its expanded form (:class:`RootEntries`), from which
  the verifier's restated-members check derives the RDF of the document without some members
  (:mod:`~microcred.jsonld.reduced_expansion`) instead of expanding that document too.

A later run over the same document with the same loader and limits takes the record instead of expanding again.
"The same document" is decided by identity, shallowly: the same loader, and a top-level object with the same
member names bound to the very same value objects (the verifier's copies of a credential without its ``proof``
share their values). The record keeps those objects alive, so an identity is never reused while it is held. Within
one verification nothing mutates the document, and outside :func:`shared_expansions` nothing is recorded: every
call expands afresh, exactly as before. Nothing here changes what expansion produces: the W3C suites run
without a scope, and with one the record is the output of the same algorithm on the same input.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

#: Documents recorded per scope at most (a verification reads one credential and a few proof configurations).
MAX_RECORDS = 16


@dataclass(frozen=True)
class SharedExpansion:
    """What one expansion of a document gave: the expanded form, its safe-mode events, non-compact members."""

    #: the document expanded (held so that the identities in its key stay valid)
    document: dict[str, Any]
    #: the expanded document (JSON-LD 1.1 API §5.1.2 output, after §9.2 step 8 unwrapping)
    expanded: list[Any]
    #: safe-mode events recorded while expanding (``EventLog.problems`` entries)
    problems: tuple[dict[str, str], ...]
    #: JSON paths of member names compaction would not write (``compacted_form.non_compact_members``)
    non_compact: tuple[str, ...]
    #: what each entry of the top-level node object added to its expanded form (``None``: not followed)
    root: RootEntries | None = None
    #: whether expansion wrote a shape only the RDF writer reports (``EventLog.writer_shapes``)
    writer_shapes: bool = True


#: The state of an expanded node object between two entries: per entry of it, the value and (for an array) its
#: length; the same for the entries of its ``@reverse`` map (each value held, so that identities stay valid).
State = tuple[dict[str, tuple[Any, int]], dict[str, tuple[Any, int]]]


def _state(result: dict[str, Any]) -> State:
    reverse = result.get("@reverse")
    return (
        {name: (value, len(value) if value.__class__ is list else -1) for name, value in result.items()},
        {}
        if reverse.__class__ is not dict
        else {
            name: (value, len(value) if value.__class__ is list else -1) for name, value in reverse.items()
        },
    )


class RootEntries:
    """Follows the Expansion algorithm (JSON-LD 1.1 API §5.1.2 step 13) over the top-level node object's entries.

    Before each entry, and after the last (before step 14 adds ``@nest`` blocks), it notes the state of the
    node's expanded form, so that what each entry contributed is known (``reduced_expansion``). It changes
    nothing in what expansion does: the entries come in the same order, and the notes are read afterwards.
    """

    __slots__ = ("active", "keys", "result", "states")

    def __init__(self) -> None:
        #: the active context the entries were expanded with (after embedded and type-scoped contexts)
        self.active: Any = None
        #: the expanded node object being built (the same object as the expansion's top-level node)
        self.result: dict[str, Any] | None = None
        #: the keys of the top-level object, in the order expanded
        self.keys: list[str] = []
        #: the state before each key, then after the last one (``len(keys) + 1`` when expansion got through)
        self.states: list[State] = []

    def follow(self, active: Any, element: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``element`` (being expanded into ``result``) whose ``items()`` notes the node's state before
        each entry and after the last (the expander iterates it as it would ``element``)."""
        if self.result is not None:  # a second top-level node object: nothing is attributed
            self.states.clear()
            return element
        self.active, self.result = active, result
        return _Followed(self, element)

    def entries(self, element: dict[str, Any]) -> Iterator[tuple[str, Any]]:
        """The entries of ``element``, noting the state of the expanded node before each and after the last."""
        result = self.result
        assert result is not None
        for key, value in dict.items(element):
            self.keys.append(key)
            self.states.append(_state(result))
            yield key, value
        self.states.append(_state(result))


class _Followed(dict[str, Any]):
    """The top-level object, its entries iterated through :meth:`RootEntries.entries` (compiled code calls the
    ``items()`` of a ``dict`` subclass too, mypyc's ``CPyDict_GetItemsIter``)."""

    __slots__ = ("_root",)

    def __init__(self, root: RootEntries, element: dict[str, Any]) -> None:
        super().__init__(element)
        self._root = root

    def items(self) -> Any:
        """The entries, each noted before it is expanded."""
        return self._root.entries(self)


_Key = tuple[int, int, tuple[tuple[str, int], ...]]
_scope: ContextVar[dict[_Key, SharedExpansion] | None] = ContextVar(
    "microcred_shared_expansion", default=None
)


@contextmanager
def shared_expansions() -> Iterator[None]:
    """Share expansions between the checks run inside this block (nested blocks share the outer one)."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def active() -> bool:
    """Is a :func:`shared_expansions` block open?"""
    return _scope.get() is not None


def _key(document: Any, loader: Any, limits: Any) -> _Key | None:
    if type(document) is not dict:
        return None
    return (id(loader), id(limits), tuple((k, id(v)) for k, v in document.items()))


def lookup(document: Any, loader: Any, limits: Any = None) -> SharedExpansion | None:
    """The record of ``document``'s expansion with ``loader`` (and ``limits``) in the open block, if any."""
    records = _scope.get()
    if records is None:
        return None
    key = _key(document, loader, limits)
    return None if key is None else records.get(key)


def record(document: Any, loader: Any, limits: Any, shared: SharedExpansion) -> None:
    """Keep ``shared`` for later runs over ``document`` in the open block (nothing outside a block)."""
    records = _scope.get()
    key = _key(document, loader, limits)
    if records is None or key is None:
        return
    if len(records) >= MAX_RECORDS:
        records.clear()
    # a shallow copy: the identities in the key stay held even if the caller's dict changes later
    records[key] = SharedExpansion(
        dict(document),
        shared.expanded,
        shared.problems,
        shared.non_compact,
        shared.root,
        shared.writer_shapes,
    )
