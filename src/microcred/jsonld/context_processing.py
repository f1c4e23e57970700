"""The Context Processing algorithm (JSON-LD 1.1 API §4.1), with caching of processed contexts.

Processing a large context (the VC v1/v2 contexts define hundreds of terms, many with scoped contexts) is most
of the cost of JSON-LD processing, so every result is cached on the active context it was derived from:

* a remote (loaded) context by URL, checked against the document object the loader serves for that URL;
* an object taken from a loaded document (e.g. a type-scoped context) by identity: loaded documents are never
  mutated, and the cache keeps them alive;
* any other object (an inline ``@context`` of the caller's document) by its JSON text, after a private deep copy.

Derived active contexts are immutable, so the caches are shared between documents, loaders serving the same
documents, and threads. Each active context caches at most ``MAX_DERIVED`` derived contexts.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .active_context import ActiveContext
from .iri import BCP47, is_absolute_iri, resolve_iri
from .iri_expansion import expand_iri_in_context
from .loader import DocumentLoader
from .problems import EventLog, Path, jsonld_error
from .term_definition import create_term_definition

#: Remote contexts followed in one chain before ``context overflow`` (JSON-LD 1.1 API §4.1.2 step 5.2.3).
MAX_REMOTE_CONTEXTS = 32
#: Derived active contexts kept per active context.
MAX_DERIVED = 128

_CONTEXT_KEYS = frozenset(
    {"@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"}
)


class ContextProcessor:
    """What context processing needs from one run: the loader and the safe-mode event log."""

    __slots__ = ("events", "loader")

    def __init__(self, loader: DocumentLoader, events: EventLog) -> None:
        self.loader = loader
        self.events = events

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
        anchor: Any = None
        if isinstance(local, str):
            url = resolve_iri(base_url, local)
            anchor = self.loader.load(url)  # the cache entry is valid while the loader serves this object
            key: Any = ("url", url, override_protected, propagate)
        elif frozen:
            key = ("obj", id(local), base_url, override_protected, propagate)
        else:
            text = json.dumps(local, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            key = ("json", text, base_url, override_protected, propagate)
        hit = active.derived.get(key)
        if hit is not None and (anchor is None or hit[0] is anchor):
            self.events.replay(hit[2], path)
            return hit[1]  # type: ignore[no-any-return]
        if not frozen and not isinstance(local, str):
            local = copy.deepcopy(local)
        recorder = EventLog(True)
        result = self._process(
            active, local, base_url, (), recorder, path, override_protected, propagate, True
        )
        recorded = recorder.relative_to(path)
        self.events.replay(recorded, path)
        if len(active.derived) < MAX_DERIVED:
            active.derived[key] = (local if anchor is None else anchor, result, recorded)
        return result

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
        # step 1: the result starts as the active context (copied before any change)
        result = active
        # step 2: @propagate of a single context object overrides the default
        if isinstance(local, dict) and "@propagate" in local:
            if not isinstance(local["@propagate"], bool):
                raise jsonld_error("invalid @propagate value", "@propagate must be true or false", path)
            propagate = local["@propagate"]
        # step 3: a non-propagated context remembers what to revert to
        if not propagate and result.previous is None:
            result = active.copy()
            result.previous = active
        # step 4
        contexts = local if isinstance(local, list) else [local]
        # step 5
        for index, context in enumerate(contexts):
            where: Path = (path, index) if isinstance(local, list) else path
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
                if not propagate:
                    result.previous = previous
                continue
            # step 5.2: a remote context
            if isinstance(context, str):
                result = self._remote(result, context, base_url, remote, events, where, validate_scoped)
                continue
            # step 5.3
            if not isinstance(context, dict):
                raise jsonld_error(
                    "invalid local context", "a @context must be an object, a string or null", where
                )
            result = self._definition(
                result, context, base_url, remote, events, where, override_protected, validate_scoped
            )
        return result

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
        document = self.loader.load(url)
        key = ("remote", url, validate_scoped)
        hit = result.derived.get(key)
        if hit is not None and hit[0] is document:
            events.replay(hit[2], path)
            return hit[1]  # type: ignore[no-any-return]
        if not isinstance(document, dict) or "@context" not in document:
            raise jsonld_error("invalid remote context", f"{url} has no top-level @context", path, url=url)
        recorder = EventLog(True)
        # step 5.2.7
        derived = self._process(
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
        recorded = recorder.relative_to(path)
        events.replay(recorded, path)
        if len(result.derived) < MAX_DERIVED:
            result.derived[key] = (document, derived, recorded)
        return derived

    def _definition(  # noqa: C901 (JSON-LD 1.1 API §4.1.2 Context Processing step 5: one branch per context member)
        self,
        active: ActiveContext,
        context: dict[str, Any],
        base_url: str | None,
        remote: tuple[str, ...],
        events: EventLog,
        path: Path,
        override_protected: bool,
        validate_scoped: bool,
    ) -> ActiveContext:
        result = active.copy()
        # step 5.5 @version
        if "@version" in context:
            if context["@version"] != 1.1:
                raise jsonld_error(
                    "invalid @version value", f"@version {context['@version']!r} is not 1.1", path
                )
            if active.is_1_0:
                raise jsonld_error("processing mode conflict", "@version 1.1 in json-ld-1.0 mode", path)
        # step 5.6 @import
        if "@import" in context:
            context = self._import(active, context, base_url, path)
        # step 5.7 @base (only in a context that is not remote)
        if "@base" in context and not remote:
            value = context["@base"]
            if value is None:
                result.base = None
            elif isinstance(value, str) and is_absolute_iri(value):
                result.base = value
            elif isinstance(value, str) and result.base is not None:
                result.base = resolve_iri(result.base, value)
            else:
                raise jsonld_error("invalid base IRI", "@base must be a string or null", path)
        # step 5.8 @vocab
        if "@vocab" in context:
            value = context["@vocab"]
            if value is None:
                result.vocab = None
            elif not isinstance(value, str):
                raise jsonld_error("invalid vocab mapping", "@vocab must be a string or null", path)
            else:
                vocab = expand_iri_in_context(result, value, vocab=True, document_relative=True)
                if vocab is None or ":" not in vocab:
                    events.warn(
                        "relative @vocab reference",
                        f"@vocab {value!r} is not an absolute IRI",
                        (path, "@vocab"),
                    )
                result.vocab = vocab
        # step 5.9 @language
        if "@language" in context:
            value = context["@language"]
            if value is None:
                result.language = None
            elif isinstance(value, str):
                if not BCP47.match(value):
                    events.warn(
                        "invalid @language value", f"@language {value!r} is not BCP 47", (path, "@language")
                    )
                result.language = value.lower()
            else:
                raise jsonld_error("invalid default language", "@language must be a string or null", path)
        # step 5.10 @direction
        if "@direction" in context:
            if active.is_1_0:
                raise jsonld_error("invalid context entry", "@direction needs json-ld-1.1", path)
            value = context["@direction"]
            if value not in (None, "ltr", "rtl"):
                raise jsonld_error("invalid base direction", "@direction must be 'ltr', 'rtl' or null", path)
            result.direction = value
        # step 5.11 @propagate
        if "@propagate" in context:
            if active.is_1_0:
                raise jsonld_error("invalid context entry", "@propagate needs json-ld-1.1", path)
            if not isinstance(context["@propagate"], bool):
                raise jsonld_error("invalid @propagate value", "@propagate must be true or false", path)
        protected = context.get("@protected", False)
        if "@protected" in context and not isinstance(protected, bool):
            raise jsonld_error("invalid @protected value", "@protected must be true or false", path)
        # step 5.12 / 5.13: define every term
        defined: dict[str, bool] = {}
        for term in context:
            if term in _CONTEXT_KEYS:
                continue
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
        # a protected term may have been overridden (in a property-scoped context): recount
        result.has_protected = any(d is not None and d.protected for d in result.terms.values())
        return result

    def _import(
        self, active: ActiveContext, context: dict[str, Any], base_url: str | None, path: Path
    ) -> dict[str, Any]:
        """Step 5.6: merge the imported context under the importing one."""
        if active.is_1_0:
            raise jsonld_error("invalid context entry", "@import needs json-ld-1.1", path)
        value = context["@import"]
        if not isinstance(value, str):
            raise jsonld_error("invalid @import value", "@import must be a string", path)
        url = resolve_iri(base_url, value)
        document = self.loader.load(url)
        imported = document.get("@context") if isinstance(document, dict) else None
        if not isinstance(imported, dict):
            raise jsonld_error(
                "invalid remote context", f"{url} does not hold a context object", path, url=url
            )
        if "@import" in imported:
            raise jsonld_error("invalid context entry", f"imported context {url} has its own @import", path)
        merged = dict(imported)
        merged.update(context)
        del merged["@import"]
        return merged

    def validate_scoped(
        self, active: ActiveContext, local: Any, base_url: str | None, remote: tuple[str, ...], path: Path
    ) -> None:
        """§4.2.2 step 21.3: process a scoped context once, to report its errors where it is defined."""
        self._process(active, local, base_url, remote, EventLog(False), path, True, True, False)
