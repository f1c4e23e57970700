"""The JSON-LD document loader: offline by default.

A :class:`DocumentLoader` serves the bundled contexts plus any documents the caller adds. An unknown URL is
an :class:`~microcred.errors.UnknownDocumentError` naming the URL. Network access is opt-in: pass a
:class:`~microcred.fetcher.Fetcher` and the exact URLs (or URL prefixes) that may be fetched; fetched documents
are cached by the loader.

The loader is callable with pyld's signature, ``loader(url, options) -> RemoteDocument``, so it can be handed to
``pyld.jsonld`` as ``documentLoader`` directly. The other way round, :func:`resolve_loader` accepts anything that
follows the :class:`JsonLdLoader` protocol (an object with ``load(url)``) or a pyld-style document loader
(a callable returning a JSON-LD 1.1 API ``RemoteDocument``) and adapts it.

A loader also carries the :class:`~microcred.jsonld.context_limits.ContextLimits` that JSON-LD processing with it
keeps (``DocumentLoader(context_limits=...)``).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from ..errors import DocumentLoaderError, MicrocredError, UnknownDocumentError
from ..fetcher import Fetcher
from ..jsonio import loads_strict
from .context_limits import DEFAULT_CONTEXT_LIMITS, ContextLimits
from .contexts import bundled_contexts, bundled_document


@runtime_checkable
class JsonLdLoader(Protocol):
    """Anything that serves JSON-LD documents by URL (JSON-LD 1.1 API §9.4 ``LoadDocumentCallback``).

    ``load`` returns the parsed document, or raises :class:`~microcred.errors.DocumentLoaderError` (an
    :class:`~microcred.errors.UnknownDocumentError` for a URL it does not serve). Results may be shared: callers
    never mutate them.
    """

    def load(self, url: str) -> Any:
        """The parsed JSON document at ``url``."""
        ...


#: A pyld ``documentLoader``: ``loader(url, options) -> {"document": ..., "documentUrl": ..., ...}``.
PyldDocumentLoader = Callable[[str, Any], Mapping[str, Any]]


class DocumentLoader:
    """Serve JSON-LD documents by URL, offline unless told otherwise."""

    def __init__(
        self,
        documents: Mapping[str, Any] | None = None,
        *,
        bundled: bool = True,
        fetcher: Fetcher | None = None,
        allow_urls: Iterable[str] = (),
        context_limits: ContextLimits = DEFAULT_CONTEXT_LIMITS,
    ) -> None:
        if not isinstance(context_limits, ContextLimits):
            raise DocumentLoaderError("context_limits must be a microcred.jsonld.ContextLimits")
        #: What JSON-LD processing with this loader may spend on contexts.
        self.context_limits = context_limits
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
        """Whether :meth:`load` would return a document for ``url`` (without fetching it)."""
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


#: Documents an :class:`AdaptedLoader` keeps (a pyld loader may fetch on every call).
MAX_ADAPTED_DOCUMENTS = 256


class AdaptedLoader(DocumentLoader):
    """A :class:`DocumentLoader` that serves what another loader serves (and nothing bundled of its own).

    Each document is asked for once and kept, so one processing run sees one version of it.
    """

    def __init__(self, load: Callable[[str], Any], name: str, context_limits: ContextLimits) -> None:
        super().__init__(bundled=False, context_limits=context_limits)
        self._delegate = load
        self._name = name

    def serves(self, url: str) -> bool:
        """Whether the wrapped loader serves ``url`` (asks it)."""
        try:
            self.load(url)
        except DocumentLoaderError:
            return False
        return True

    def load(self, url: str) -> Any:
        """The wrapped loader's document; its failures become :class:`~microcred.errors.DocumentLoaderError`."""
        document = self._extra.get(url)
        if document is not None:
            return document
        try:
            document = self._delegate(url)
        except DocumentLoaderError:
            raise
        except Exception as exc:  # a third-party loader: any failure means "not served"
            raise UnknownDocumentError(
                f"JSON-LD document {url} could not be loaded by {self._name}: {exc}", details={"url": url}
            ) from exc
        if len(self._extra) < MAX_ADAPTED_DOCUMENTS:
            with self._lock:
                self._extra.setdefault(url, document)
        return document

    def __repr__(self) -> str:
        return f"AdaptedLoader({self._name})"


def _pyld_load(loader: PyldDocumentLoader) -> Callable[[str], Any]:
    """``load(url)`` for a pyld document loader: the ``document`` of its RemoteDocument (parsed if text)."""

    def load(url: str) -> Any:
        remote = loader(url, {})
        if not isinstance(remote, Mapping) or "document" not in remote:
            raise DocumentLoaderError(f"the pyld document loader returned no RemoteDocument for {url}")
        document = remote["document"]
        if isinstance(document, str | bytes):
            document = loads_strict(document, source=url)
        return document

    return load


LoaderInput = DocumentLoader | JsonLdLoader | PyldDocumentLoader | Mapping[str, Any] | None


def resolve_loader(loader: LoaderInput, *, context_limits: ContextLimits | None = None) -> DocumentLoader:
    """Accept a DocumentLoader, any :class:`JsonLdLoader`, a pyld document loader, a ``{url: document}`` mapping
    (added to the bundled ones) or None (the bundled contexts)."""
    limits = DEFAULT_CONTEXT_LIMITS if context_limits is None else context_limits
    if loader is None:
        return default_loader()
    if isinstance(loader, DocumentLoader):
        return loader
    if isinstance(loader, Mapping):
        return DocumentLoader(loader, context_limits=limits)
    if isinstance(loader, JsonLdLoader):
        limits = getattr(loader, "context_limits", limits)
        return AdaptedLoader(loader.load, type(loader).__name__, limits)
    if callable(loader):
        return AdaptedLoader(_pyld_load(loader), "a pyld document loader", limits)
    raise DocumentLoaderError(
        f"loader must be a DocumentLoader, an object with load(url), a pyld document loader or a mapping, "
        f"not {type(loader).__name__}"
    )
