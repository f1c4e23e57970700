"""The cache of processed contexts, and what each entry depended on (so no loader sees another loader's result).

Processing a large context (the VC v1/v2 contexts define hundreds of terms, many with scoped contexts) is most of
the cost of JSON-LD processing, so every result is cached on the active context it was derived from. A result
depends on more than its key: on every document the loader served while it was computed (the remote context
itself, the contexts it lists or ``@import``\\ s, those of its scoped contexts). Each entry therefore records the
exact documents it used, and is reused only when the loader at hand serves the same documents again:

* a bundled context (hash-checked, parsed once, never mutated) by identity of the shared parsed object;
* any other document (a caller's or a fetched one) by its exact JSON text.

A loader that does not serve one of them raises while the entry is checked, so a context a loader does not serve
fails for that loader, always (issue 11 item 1). Entries also keep the safe-mode events and the
:mod:`~microcred.jsonld.context_limits` cost of their computation, which a hit replays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .active_context import ActiveContext
from .context_limits import Cost
from .contexts import bundled_documents_loaded

#: Derived active contexts kept per active context.
MAX_DERIVED = 128

#: One document an entry used: (url, the parsed object served, its JSON text or None for a bundled object).
Dependency = tuple[str, Any, "str | None"]


def _json_text(document: Any) -> str:
    try:
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return f"\x00not JSON {id(document)}"  # never equal to JSON text; the entry keeps the object alive


def document_text(document: Any) -> str:
    """The exact JSON text of a parsed document (sorted keys), to compare what two loaders serve.

    Inside :func:`json_text_memo` the text of an object is computed once (by identity), and a list's text is
    put together from the texts known for its items (``[`` + the item texts joined by ``,`` + ``]``, which is
    what the encoder writes)."""
    memo = _TEXT_MEMO.get()
    if memo is None:
        return _json_text(document)
    known = memo.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    if document.__class__ is list and any(id(item) in memo for item in document):
        parts = [document_text(item) for item in document]
        ok = not any(part.startswith("\x00") for part in parts)
        text = "[" + ",".join(parts) + "]" if ok else _json_text(document)
    else:
        text = _json_text(document)
    memo[id(document)] = (document, text)
    return text


# -- the JSON text memo: a hook for the issuer (one credential's document is not changed while it is signed) --
#: Object id -> (the object, kept alive while the memo is; its document_text), inside json_text_memo().
_TEXT_MEMO: ContextVar[dict[int, tuple[Any, str]] | None] = ContextVar(
    "microcred_json_text_memo", default=None
)


@contextmanager
def json_text_memo() -> Iterator[None]:
    """Within this block :func:`document_text` computes the text of an object once (by identity).

    For a caller that processes the same objects several times and changes none of them in the block (an
    issuer canonicalizing a document and its proof configuration, which share the ``@context`` value). A block
    inside another one uses the outer memo."""
    if _TEXT_MEMO.get() is not None:
        yield
        return
    token = _TEXT_MEMO.set({})
    try:
        yield
    finally:
        _TEXT_MEMO.reset(token)


def known_text(document: Any) -> str | None:
    """The :func:`document_text` of ``document`` if the active :func:`json_text_memo` knows it already: the text of
    the object itself, or of a list of strings and objects it knows (else ``None``)."""
    memo = _TEXT_MEMO.get()
    if memo is None:
        return None
    known = memo.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    if document.__class__ is list:
        for item in document:
            if item.__class__ is not str:
                entry = memo.get(id(item))
                if entry is None or entry[0] is not item:
                    return None
        return document_text(document)
    return None


def remember_text(document: Any, text: str) -> None:
    """Tell the active :func:`json_text_memo` (if any) the :func:`document_text` of ``document``, an object its
    owner shares and never changes (e.g. an inline context the ELM writer hands out)."""
    memo = _TEXT_MEMO.get()
    if memo is not None:
        memo[id(document)] = (document, text)


def dependency(url: str, document: Any, text_of: Callable[[Any], str] = document_text) -> Dependency:
    """How an entry remembers that ``document`` was served for ``url``."""
    if bundled_documents_loaded().get(url) is document:
        return (url, document, None)
    return (url, document, text_of(document))


def still_served(dep: Dependency, current: Any, text_of: Callable[[Any], str] = document_text) -> bool:
    """Does the loader at hand, serving ``current`` for the URL, serve what the entry used?"""
    _, used, text = dep
    if text is None:
        return current is used
    return text_of(current) == text


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """A processed context: the result, and what computing it used and cost."""

    #: The object processed (kept alive: entries of objects from loaded documents are keyed by identity).
    local: Any
    result: ActiveContext
    #: Safe-mode events, relative to where the context was processed.
    events: list[tuple[str, str, str]]
    depends_on: tuple[Dependency, ...]
    cost: Cost


def store(cache: dict[Any, Any], key: Any, entry: CacheEntry) -> None:
    """Keep ``entry`` unless the cache is full (replacing an outdated entry for the same key is always done)."""
    if key in cache or len(cache) < MAX_DERIVED:
        cache[key] = entry
