"""JSON-LD: bundled contexts, the offline document loader, safe-mode JSON-LD -> RDF and RDFC-1.0.

* :func:`canonicalize` / :func:`canonicalize_with_map` -- RDFC-1.0 canonical N-Quads (SHA-256 or SHA-384, with a
  work limit) of a JSON-LD document or N-Quads, and the issued blank node identifiers.
* :func:`to_nquads` -- the RDF of a JSON-LD document (safe mode: nothing is dropped silently);
  :func:`check_lossless` -- only the safe-mode check.
* :class:`DocumentLoader` -- offline loader for contexts (bundled ones plus what the caller adds);
  :class:`JsonLdLoader` -- the protocol any loader follows (pyld document loaders are adapted too);
  :class:`ContextLimits` -- bounds on context processing (contexts, terms, inline context size, work).

The implementation follows JSON-LD 1.1 Processing Algorithms and API (context processing, expansion,
deserialization to RDF) and RDF Dataset Canonicalization (RDFC-1.0); see ``docs/canonicalization.md``.
"""

from .canonicalize import CanonicalForm, canonicalize, canonicalize_with_map, check_lossless, to_nquads
from .context_limits import DEFAULT_CONTEXT_LIMITS, ContextLimits
from .contexts import BundledContext, bundled_contexts, bundled_document, export_contexts
from .loader import DocumentLoader, JsonLdLoader, default_loader, resolve_loader

__all__ = [
    "DEFAULT_CONTEXT_LIMITS",
    "BundledContext",
    "CanonicalForm",
    "ContextLimits",
    "DocumentLoader",
    "JsonLdLoader",
    "bundled_contexts",
    "bundled_document",
    "canonicalize",
    "canonicalize_with_map",
    "check_lossless",
    "default_loader",
    "export_contexts",
    "resolve_loader",
    "to_nquads",
]
