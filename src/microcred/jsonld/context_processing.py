"""The Context Processing algorithm (JSON-LD 1.1 API §4.1), with caching and bounds.

Processed contexts are cached on the active context they were derived from (see
:mod:`~microcred.jsonld.context_cache`): a remote context by URL, an object taken from a loaded document (e.g. a
type-scoped context) by identity, any other object (an inline ``@context`` of the caller's document) by its JSON
text. Every entry records the documents its computation loaded and is only reused where the loader at hand
serves the same documents. Derived active contexts are immutable, so the caches are shared between documents,
loaders serving the same documents, and threads.

Work is bounded by :class:`~microcred.jsonld.context_limits.ContextLimits`. Within one list of contexts the
result is copied once and then extended in place (never once per context), so cost grows with the size of the
input, not with its square.
"""

from __future__ import annotations

import copy
from typing import Any

from .active_context import ActiveContext
from .context_cache import (
    CacheEntry,
    Dependency,
    dependency,
    document_text,
    known_text,
    still_served,
    store,
)
from .context_entries import CONTEXT_KEYS, context_entries
from .context_limits import ContextBudget, ContextLimits
from .iri import resolve_iri
from .loader import DocumentLoader
from .problems import EventLog, Path, jsonld_error
from .term_definition import create_term_definition

#: Remote contexts followed in one chain before ``context overflow`` (JSON-LD 1.1 API §4.1.2 step 5.2.3).
MAX_REMOTE_CONTEXTS = 32


class ContextProcessor:
    """What context processing needs from one run: the loader, the safe-mode event log and the work budget."""

    __slots__ = ("_checked", "_frames", "_texts", "budget", "events", "loader", "loads")

    def __init__(self, loader: DocumentLoader, events: EventLog, limits: ContextLimits | None = None) -> None:
        self.loader = loader
        self.events = events
        self.budget = ContextBudget(limits if limits is not None else loader.context_limits)
        #: per cached computation under way: the documents it has loaded so far
        self._frames: list[dict[str, Dependency]] = []
        #: JSON text of the non-bundled documents loaded in this run (by identity; kept alive here)
        self._texts: dict[int, tuple[Any, str]] = {}
        #: cache entries whose documents the loader was seen to serve in this run (by identity; kept alive here)
        self._checked: dict[int, CacheEntry] = {}
        #: documents loaded, or depended on by a cache entry used, in this run (``subtree_memo`` remembers
        #: only what depends on none)
        self.loads = 0

    # -- loading and the cache -------------------------------------------------------------------------------
    def load(self, url: str) -> Any:
        """Dereference ``url`` with the loader, recording it for the cache entries being computed."""
        document = self.loader.load(url)
        self.loads += 1
        if self._frames and url not in self._frames[-1]:
            self._frames[-1][url] = dependency(url, document, self._text)
        return document

    def _text(self, document: Any) -> str:
        """``document_text`` once per document and run (a loaded document does not change during a run)."""
        known = self._texts.get(id(document))
        if known is None:
            known = self._texts[id(document)] = (document, document_text(document))
        return known[1]

    def _hit(self, cache: dict[Any, Any], key: Any, path: Path, events: EventLog) -> ActiveContext | None:
        """The cached result for ``key`` if every document it used is served again, unchanged."""
        entry = cache.get(key)
        if entry.__class__ is not CacheEntry:
            return None
        depends_on = entry.depends_on
        # (a scoped context of a loaded document depends on no document: the common hit skips this part)
        if depends_on:
            self.loads += 1
            # checked once per run: a document loaded in a run does not change during it (as for ``_text``)
            if self._checked.get(id(entry)) is not entry:
                for dep in depends_on:
                    current = self.loader.load(dep[0])  # a loader that does not serve it fails here, always
                    if not still_served(dep, current, self._text):
                        return None
                self._checked[id(entry)] = entry
            if self._frames:
                frame = self._frames[-1]
                for dep in depends_on:
                    frame.setdefault(dep[0], dep)
        self.budget.charge(entry.cost, path)
        if entry.events:
            events.replay(entry.events, path)
        return entry.result

    def _computed(
        self, cache: dict[Any, Any], key: Any, local: Any, compute: Any, path: Path, events: EventLog
    ) -> ActiveContext:
        """Run ``compute(recorder)`` and cache its result with what it used and cost."""
        before = self.budget.snapshot()
        self._frames.append({})
        recorder = EventLog(True)
        try:
            result: ActiveContext = compute(recorder)
        finally:
            used = self._frames.pop()
            if self._frames:
                for url, dep in used.items():
                    self._frames[-1].setdefault(url, dep)
        recorded = recorder.relative_to(path)
        events.replay(recorded, path)
        entry = CacheEntry(local, result, recorded, tuple(used.values()), self.budget.since(before))
        store(cache, key, entry)
        return result

    # -- cached entry point ----------------------------------------------------------------------------------
    def process(
        self,
        active: ActiveContext,
        local: Any,
        base_url: str | None,
        path: Path,
        *,
        override_protected: bool = False,
        propagate: bool = True,
        frozen: bool = False,
    ) -> ActiveContext:
        """Process ``local`` on top of ``active``; ``frozen`` marks objects from loaded documents."""
        if isinstance(local, str):
            key: Any = ("url", resolve_iri(base_url, local), base_url, override_protected, propagate)
        elif frozen:
            key = ("obj", id(local), base_url, override_protected, propagate)
            # the common hit (a scoped context of a loaded document, once per node object): no document to
            # check and no events to replay, only the cost to charge (what ``_hit`` does, without the call)
            entry = active.derived.get(key)
            if entry.__class__ is CacheEntry and not entry.depends_on and not entry.events:
                self.budget.charge(entry.cost, path)
                return entry.result
        else:
            # (a context whose text is known was serialized, and checked, before: the document's own context
            # again for its proof configuration, or an inline context microcred's ELM writer shares)
            text = known_text(local)
            if text is None:
                self._check_ahead(local, path)  # before serializing a hostile context for its cache key
                text = document_text(local)
            self.budget.charge((0, 0, len(text), 0), path)
            key = ("json", text, base_url, override_protected, propagate)
        hit = self._hit(active.derived, key, path, self.events)
        if hit is not None:
            return hit
        if not frozen and not isinstance(local, str):
            local = copy.deepcopy(local)

        def compute(recorder: EventLog) -> ActiveContext:
            return self._process(
                active, local, base_url, (), recorder, path, override_protected, propagate, True
            )

        return self._computed(active.derived, key, local, compute, path, self.events)

    def _check_ahead(self, local: Any, path: Path) -> None:
        """Refuse an inline context whose entries alone pass ``max_contexts`` or ``max_terms``."""
        items = local if isinstance(local, list) else [local]
        terms = sum(
            len(item) - sum(1 for k in item if k in CONTEXT_KEYS or k == "@context")
            for item in items
            if isinstance(item, dict)
        )
        self.budget.check_ahead((len(items), terms, 0, 0), path)

    # -- §4.1.2 Context Processing Algorithm -----------------------------------------------------------------
    def _process(
        self,
        active: ActiveContext,
        local: Any,
        base_url: str | None,
        remote: tuple[str, ...],
        events: EventLog,
        path: Path,
        override_protected: bool,
        propagate: bool,
        validate_scoped: bool,
    ) -> ActiveContext:
        # step 1: the result starts as the active context (copied before the first change, then owned)
        result = active
        owned = False
        # step 2: @propagate of a single context object overrides the default
        if isinstance(local, dict) and "@propagate" in local:
            if not isinstance(local["@propagate"], bool):
                raise jsonld_error("invalid @propagate value", "@propagate must be true or false", path)
            propagate = local["@propagate"]
        # step 3: a non-propagated context remembers what to revert to
        if not propagate and result.previous is None:
            result = self._copy(active, path)
            result.previous = active
            owned = True
        # step 4
        contexts = local if isinstance(local, list) else [local]
        # step 5
        for index, context in enumerate(contexts):
            where: Path = (path, index) if isinstance(local, list) else path
            self.budget.charge((1, 0, 0, 0), where)
            # step 5.1: null resets to the initial context
            if context is None:
                if not override_protected and result.has_protected:
                    raise jsonld_error(
                        "invalid context nullification",
                        "a null @context cannot reset a context that has protected terms",
                        where,
                    )
                previous = result
                result = ActiveContext(active.original_base, active.processing_mode)
                owned = True
                if not propagate:
                    result.previous = previous
                continue
            # step 5.2: a remote context (its result is cached, so shared: copy before changing it)
            if isinstance(context, str):
                result = self._remote(result, context, base_url, remote, events, where, validate_scoped)
                owned = False
                continue
            # Leniency (as jsonld.js and pyld): an array entry that only wraps its definitions in an "@context"
            # member, e.g. [..., {"@context": {"name": "https://schema.org/name"}}], is the wrapped object. A lone
            # wrapper stays "keyword redefinition" (W3C toRdf test er56); see docs/jsonld-conformance.md.
            if (
                isinstance(local, list)
                and isinstance(context, dict)
                and len(context) == 1
                and isinstance(context.get("@context"), dict)
            ):
                context = context["@context"]
            # step 5.3
            if not isinstance(context, dict):
                raise jsonld_error(
                    "invalid local context", "a @context must be an object, a string or null", where
                )
            if not owned:
                result = self._copy(result, where)
                owned = True
            self._definition(result, context, base_url, remote, events, where, override_protected)
        if owned:
            # contexts cached on it while it was being built (validating scoped contexts) saw a partial state
            result.derived = {}
        return result

    def _copy(self, active: ActiveContext, path: Path) -> ActiveContext:
        """A private copy of ``active`` to build on (its cost counts as context work)."""
        self.budget.charge((0, 0, 0, len(active.terms) + 1), path)
        return active.copy()

    def _remote(
        self,
        result: ActiveContext,
        reference: str,
        base_url: str | None,
        remote: tuple[str, ...],
        events: EventLog,
        path: Path,
        validate_scoped: bool,
    ) -> ActiveContext:
        # step 5.2.1
        url = resolve_iri(base_url, reference)
        # step 5.2.2: while validating a scoped context, do not follow a context already being processed
        if not validate_scoped and url in remote:
            return result
        # step 5.2.3
        if len(remote) >= MAX_REMOTE_CONTEXTS:
            raise jsonld_error(
                "context overflow", f"more than {MAX_REMOTE_CONTEXTS} nested remote contexts", path
            )
        # step 5.2.5/5.2.6: dereference (the loader keeps documents; this cache keeps processed results)
        key = ("remote", url, validate_scoped)
        hit = self._hit(result.derived, key, path, events)
        if hit is not None:
            return hit

        def compute(recorder: EventLog) -> ActiveContext:
            document = self.load(url)
            if not isinstance(document, dict) or "@context" not in document:
                raise jsonld_error(
                    "invalid remote context", f"{url} has no top-level @context", path, url=url
                )
            # step 5.2.7
            return self._process(
                result,
                document["@context"],
                url,
                (*remote, url),
                recorder,
                (None, f"<{url}>"),
                False,
                True,
                validate_scoped,
            )

        return self._computed(result.derived, key, None, compute, path, events)

    def _definition(
        self,
        result: ActiveContext,
        context: dict[str, Any],
        base_url: str | None,
        remote: tuple[str, ...],
        events: EventLog,
        path: Path,
        override_protected: bool,
    ) -> None:
        """Steps 5.5-5.13 for one context object: ``result`` (a private copy) is extended in place."""
        # steps 5.5-5.11: the context's own entries (@version, @import, @base, @vocab, ...)
        context, protected = context_entries(self, result, context, base_url, remote, events, path)
        # step 5.12 / 5.13: define every term
        terms = [term for term in context if term not in CONTEXT_KEYS]
        self.budget.charge((0, len(terms), 0, 0), path)
        replaced_protected = result.has_protected and any(
            (d := result.terms.get(t)) is not None and d.protected for t in terms
        )
        defined: dict[str, bool] = {}
        for term in terms:
            create_term_definition(
                self,
                result,
                context,
                term,
                defined,
                base_url,
                protected,
                override_protected,
                remote,
                events,
                path,
            )
        # a protected term may have been overridden (in a property-scoped context): recount then only
        if replaced_protected and not any(
            (d := result.terms.get(t)) is not None and d.protected for t in terms
        ):
            result.has_protected = any(d is not None and d.protected for d in result.terms.values())

    def validate_scoped(
        self, active: ActiveContext, local: Any, base_url: str | None, remote: tuple[str, ...], path: Path
    ) -> None:
        """§4.2.2 step 21.3: process a scoped context once, to report its errors where it is defined."""
        self._process(active, local, base_url, remote, EventLog(False), path, True, True, False)
