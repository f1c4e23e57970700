"""The JSON-LD document loader: offline by default.

A :class:`DocumentLoader` serves the bundled contexts plus any documents the caller adds. An unknown URL is
an :class:`~microcred.errors.UnknownDocumentError` naming the URL. Network access is opt-in: pass a
:class:`~microcred.fetcher.Fetcher` and the exact URLs (or URL prefixes) that may be fetched; fetched documents
are cached by the loader.

The loader is callable with pyld's signature, ``loader(url, options) -> RemoteDocument``, so it can be handed to
``pyld.jsonld`` as ``documentLoader`` directly.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import DocumentLoaderError, MicrocredError, UnknownDocumentError
from ..fetcher import Fetcher
from .contexts import bundled_contexts, bundled_document


class DocumentLoader:
    """Serve JSON-LD documents by URL, offline unless told otherwise."""

    def __init__(
        self,
        documents: Mapping[str, Any] | None = None,
        *,
        bundled: bool = True,
        fetcher: Fetcher | None = None,
        allow_urls: Iterable[str] = (),
    ) -> None:
        self._bundled = bundled
        self._extra: dict[str, Any] = {}
        self._fetcher = fetcher
        self._allow = tuple(allow_urls)
        if self._allow and fetcher is None:
            raise DocumentLoaderError("allow_urls needs a fetcher (e.g. microcred.HardenedFetcher())")
        self._lock = threading.Lock()
        for url, doc in (documents or {}).items():
            self.add(url, doc)

    # -- content --------------------------------------------------------------------------------------------
    def add(self, url: str, document: Any) -> None:
        """Serve ``document`` (parsed JSON) at ``url``; it takes precedence over a bundled copy."""
        with self._lock:
            self._extra[url] = document

    def urls(self) -> list[str]:
        """Every URL served without the network."""
        out = set(self._extra)
        if self._bundled:
            out.update(bundled_contexts())
        return sorted(out)

    def serves(self, url: str) -> bool:
        """True when this loader would serve ``url`` (extra documents, the bundled contexts, or allowed fetching)."""
        return url in self._extra or (self._bundled and url in bundled_contexts()) or self._may_fetch(url)

    def _may_fetch(self, url: str) -> bool:
        return self._fetcher is not None and any(
            url == a or (a.endswith("/") and url.startswith(a)) for a in self._allow
        )

    def load(self, url: str) -> Any:
        """The parsed document at ``url``. The result is shared: callers must not mutate it."""
        doc = self._extra.get(url)
        if doc is not None:
            return doc
        if self._bundled and url in bundled_contexts():
            return bundled_document(url)
        if self._may_fetch(url):
            assert self._fetcher is not None
            fetched = self._fetcher.fetch(url, accept="application/ld+json, application/json;q=0.9").json()
            with self._lock:
                self._extra.setdefault(url, fetched)
            return fetched
        hint = "" if self._fetcher is None else " (not in the loader's allow-list)"
        raise UnknownDocumentError(
            f"JSON-LD document {url} is not available offline{hint}; add it with DocumentLoader.add() "
            "or allow it with a fetcher",
            details={"url": url},
        )

    # -- pyld interface -------------------------------------------------------------------------------------
    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """pyld ``documentLoader`` interface. pyld may keep references; it gets a private copy."""
        try:
            document = self.load(url)
        except MicrocredError as exc:
            # pyld wraps loader exceptions; keep ours recognisable as the cause.
            from pyld.jsonld import JsonLdError as PyldError

            raise PyldError(
                str(exc),
                "jsonld.LoadDocumentError",
                {"url": url, "microcred": exc},
                code="loading document failed",
            ) from exc
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": copy.deepcopy(document),
            "contentType": "application/ld+json",
        }

    def __repr__(self) -> str:
        return f"DocumentLoader({len(self.urls())} documents, fetch={'on' if self._allow else 'off'})"


_default: DocumentLoader | None = None


def default_loader() -> DocumentLoader:
    """The process-wide offline loader (bundled contexts only)."""
    global _default
    if _default is None:
        _default = DocumentLoader()
    return _default


def resolve_loader(loader: DocumentLoader | Mapping[str, Any] | None) -> DocumentLoader:
    """Accept a DocumentLoader, a ``{url: document}`` mapping (added to the bundled ones) or None."""
    if loader is None:
        return default_loader()
    if isinstance(loader, DocumentLoader):
        return loader
    if isinstance(loader, Mapping):
        return DocumentLoader(loader)
    raise DocumentLoaderError(f"loader must be a DocumentLoader or a mapping, not {type(loader).__name__}")
