"""Is a JSON-LD document written the way compaction with its own contexts would write it? (member names only)

A JSON reader finds a claim by its member name (``credentialSubject.name``); a signature over the RDF does not see
member names. A claim rewritten after signing under its full IRI (``https://schema.org/name``), a compact IRI
(``schema:name``), another term for the same IRI, or a keyword where the context has an alias (``@id`` for ``id``)
still verifies, but the reader no longer finds it, or finds a second spelling of it. VC Data Model 2.0 §6.1 has
credentials in *compacted document form*; openvc-core requires a document to be the compaction of its own
expansion. :func:`non_compact_members` checks the part of that which a reader depends on: every member name must
be the one the IRI Compaction algorithm (JSON-LD 1.1 API §6.2.2) picks for its IRI under the active context where
it appears:

* step 1 (keywords): the context's alias for the keyword, the shortest (then lexicographically least) if several;
* steps 2-4 (term selection): a term for the IRI when the context has one; among terms with the same definition
  (container, type and language mappings, direction, reverse) the one the inverse context keeps (§4.3: shortest,
  then lexicographically least);
* step 5 (vocabulary-relative) before step 6 (compact IRI, shortest then least), else the IRI itself.

Term selection by value (§6.2.2 step 4: a term whose type or language mapping the value does not match is not
picked) is not modelled: a full IRI is refused wherever a term for it exists. Expansion runs with an observer, so
every scoped context applies exactly as it does when the document is converted to RDF.
"""

from __future__ import annotations

from typing import Any

from . import shared_expansion
from .active_context import KEYWORDS, MAX_CACHED, ActiveContext, TermDefinition
from .context_processing import ContextProcessor
from .expansion import Expander
from .loader import DocumentLoader
from .problems import EventLog, Path, render_path
from .processor import expand_shared, initial_context

#: What :meth:`_Compaction.is_compact` says of a key the check does not look at.
_IGNORED: Any = "ignored"


def _slot(definition: TermDefinition) -> tuple[Any, ...]:
    """What the inverse context (§4.3) files a term under, besides its IRI."""
    return (
        definition.reverse,
        definition.container,
        definition.type_mapping,
        definition.language,
        definition.direction,
        definition.nest,
    )


class _Inverse:
    """The terms by IRI (§4.3's inverse context) of the active contexts one run meets, built as it meets them.

    A credential's run meets ~180 active contexts (one per type-scoped context applied) of ~150 terms each, but
    they hold only ~350 distinct (term, definition) pairs between them. So the terms are indexed once per run, each
    (term, definition) pair once, and an active context's terms for an IRI are the pairs it holds itself. The
    index belongs to the run (:class:`CompactionObserver`) and goes with it; what an active context keeps across
    runs is only its findings (:class:`_Compaction`). Before, each active context kept its own full index: 4.4 MB
    of lists and tuples after verifying the EC sample, a tenth of a ``microcred verify`` process.
    """

    __slots__ = ("_by_iri", "_met", "_pairs")

    def __init__(self) -> None:
        self._by_iri: dict[str, list[tuple[str, TermDefinition]]] = {}
        self._pairs: set[tuple[str, int]] = set()
        #: the active contexts indexed, by id (held, so that no id is reused during the run)
        self._met: dict[int, ActiveContext] = {}

    def terms_for(self, active: ActiveContext, iri: str) -> list[tuple[str, TermDefinition]]:
        """The terms of ``active`` whose IRI is ``iri``, shortest first, then lexicographically least (§4.3)."""
        if id(active) not in self._met:
            self._index(active)
        terms = active.terms
        found = [(term, d) for term, d in self._by_iri.get(iri, ()) if terms.get(term) is d]
        if len(found) > 1:
            found.sort(key=lambda item: (len(item[0]), item[0]))
        return found

    def _index(self, active: ActiveContext) -> None:
        self._met[id(active)] = active
        by_iri = self._by_iri
        pairs = self._pairs
        for term, definition in active.terms.items():
            if definition is None or definition.iri is None:
                continue
            pair = (term, id(definition))
            if pair not in pairs:
                pairs.add(pair)
                by_iri.setdefault(definition.iri, []).append((term, definition))


class _Compaction:
    """Per active context: the compacted form of each member name asked for, and of each tuple of names."""

    __slots__ = ("_active", "known", "shapes")

    def __init__(self, active: ActiveContext) -> None:
        self._active = active
        self.known: dict[str, Any] = {}
        #: per tuple of member names (a node's keys, in order): the names compaction would not write
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}

    @classmethod
    def of(cls, active: ActiveContext) -> _Compaction:
        """The (cached) compaction data of ``active``: active contexts never change once processed."""
        found = active.inverse
        if found is None:
            found = active.inverse = cls(active)
        return found  # type: ignore[no-any-return]

    def is_compact(self, key: str, inverse: _Inverse) -> Any:
        """Would IRI compaction write the IRI ``key`` expands to as ``key`` here? (``_IGNORED``: not a member
        this check looks at: ``@context``, or a key expansion drops, which safe mode reports.)"""
        iri = self._active.expand_vocab(key) if key != "@context" else None
        if iri is None or (":" not in iri and iri not in KEYWORDS):
            found: Any = _IGNORED
        else:
            found = self._expected(key, iri, inverse.terms_for(self._active, iri))
        if len(self.known) >= MAX_CACHED:
            self.known.clear()
        self.known[key] = found
        return found

    def _expected(self, key: str, iri: str, terms: list[tuple[str, TermDefinition]]) -> bool:
        definition = self._active.terms.get(key)
        if iri in KEYWORDS:
            # step 1: a keyword is written as its alias when the context has one
            return key == terms[0][0] if terms else key == iri
        if definition is not None and definition.iri == iri:
            # steps 2-4: a term; the inverse context keeps the first term of each definition
            slot = _slot(definition)
            return next(term for term, d in terms if _slot(d) == slot) == key
        if any(not d.reverse for _, d in terms):
            return False  # a term for this IRI exists: compaction uses it
        if key.startswith("_:"):
            return True
        return key == self._iri_form(iri)

    def _iri_form(self, iri: str) -> str:
        """Steps 5-6 and 9: vocabulary-relative, else the shortest compact IRI, else the IRI."""
        active = self._active
        vocab = active.vocab
        if vocab is not None and iri.startswith(vocab) and len(iri) > len(vocab):
            suffix = iri[len(vocab) :]
            if suffix not in active.terms:
                return suffix
        best: str | None = None
        for term, definition in active.terms.items():
            if definition is None or not definition.prefix or definition.iri is None:
                continue
            if iri.startswith(definition.iri) and len(iri) > len(definition.iri):
                candidate = f"{term}:{iri[len(definition.iri) :]}"
                if candidate not in active.terms and (
                    best is None or (len(candidate), candidate) < (len(best), best)
                ):
                    best = candidate
        return best if best is not None else iri


class CompactionObserver:
    """Collects the member names compaction would not have written (and, given ``entries``, notes what each
    entry of the top-level node object adds to its expanded form: :class:`~.shared_expansion.RootEntries`)."""

    __slots__ = ("_inverse", "entries", "offending")

    def __init__(self, entries: Any = None) -> None:
        self.offending: list[str] = []
        self.entries = entries
        self._inverse: _Inverse | None = None

    def __call__(
        self, active: ActiveContext, element: dict[str, Any], path: Path, result: Any = None
    ) -> dict[str, Any]:
        """Note the members of ``element`` (at ``path``) that compaction under ``active`` would write otherwise;
        return what the expander iterates (``element``, or for the top-level object ``entries.follow(...)``)."""
        compaction = active.inverse
        if compaction is None:
            compaction = _Compaction.of(active)
        names = tuple(element)
        offending = compaction.shapes.get(names)
        if offending is None:
            inverse = self._inverse
            if inverse is None:
                inverse = self._inverse = _Inverse()
            offending = compaction.shapes[names] = self._offending(active, compaction, inverse, names)
            if len(compaction.shapes) >= MAX_CACHED:
                compaction.shapes.clear()
        for key in offending:
            self.offending.append(render_path((path, key)))
        if path is None and self.entries is not None:
            return self.entries.follow(active, element, result)  # type: ignore[no-any-return]
        return element

    @staticmethod
    def _offending(
        active: ActiveContext, compaction: _Compaction, inverse: _Inverse, names: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The member names (of a node with these names, in order) that compaction would write otherwise."""
        known = compaction.known
        spelled: dict[str, str] = {}
        offending: list[str] = []
        for key in names:
            compact = known.get(key)
            if compact is None:
                compact = compaction.is_compact(key, inverse)
            if compact is _IGNORED:
                continue
            iri = active.expand_vocab(key)
            assert iri is not None
            if spelled.setdefault(iri, key) != key or compact is False:
                offending.append(key)
        return tuple(offending)


def non_compact_members(document: Any, loader: DocumentLoader) -> list[str]:
    """JSON paths of the member names of ``document`` that compaction with its own contexts would not choose.

    ``[]`` when every member is written as compaction writes it. Raises what JSON-LD processing of the document
    raises (:class:`~microcred.errors.JsonLdError`, a loader error): other checks report those.
    """
    if shared_expansion.active():
        found = shared_expansion.lookup(document, loader)
        if found is None:
            expand_shared(document, loader, EventLog(False))
            found = shared_expansion.lookup(document, loader)
        if found is not None:
            return list(found.non_compact)
    events = EventLog(False)
    expander = Expander(ContextProcessor(loader, events), events, None)
    observer = CompactionObserver()
    expander.observer = observer
    expander.expand_document(initial_context(None), document)
    return observer.offending
