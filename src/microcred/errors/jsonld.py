"""Loading documents (the bundled contexts, the hardened fetcher), JSON-LD processing in safe mode and RDFC-1.0
canonicalization."""

from __future__ import annotations

from .base import InputError, MicrocredError


class DocumentLoaderError(MicrocredError):
    """A JSON-LD document (context) could not be loaded."""

    code = "DOCUMENT_LOADER_ERROR"


class UnknownDocumentError(DocumentLoaderError):
    """A URL was requested that the offline loader does not serve."""

    code = "DOCUMENT_NOT_BUNDLED"


class ContextIntegrityError(DocumentLoaderError):
    """A bundled context's bytes do not match its pinned sha256."""

    code = "CONTEXT_HASH_MISMATCH"


class FetchError(DocumentLoaderError):
    """The hardened fetcher could not retrieve a resource (network, status, size, content type)."""

    code = "FETCH_FAILED"


class FetchDeniedError(FetchError):
    """The hardened fetcher refused a URL (not https, not allow-listed, private address, redirect)."""

    code = "FETCH_DENIED"


class JsonLdError(InputError):
    """JSON-LD processing by microcred's own processor (:mod:`microcred.jsonld`) failed; the JSON-LD 1.1 error
    code is in ``details["jsonld_code"]``."""

    code = "JSONLD_ERROR"


class SafeModeError(JsonLdError):
    """JSON-LD safe mode: a term, type or IRI would be dropped or left relative (data would go unsigned)."""

    code = "JSONLD_SAFE_MODE_VIOLATION"


class ContextLimitError(JsonLdError):
    """JSON-LD context processing gave up: the document needs more contexts, terms or work than the limits allow."""

    code = "JSONLD_CONTEXT_LIMIT"


class CanonicalizationError(MicrocredError):
    """RDFC-1.0 canonicalization failed (e.g. the work limit was reached)."""

    code = "CANONICALIZATION_ERROR"


class WorkLimitExceededError(CanonicalizationError):
    """RDFC-1.0 gave up: the dataset needs more work than the limit allows (e.g. a poison graph)."""

    code = "CANONICALIZATION_WORK_LIMIT"
