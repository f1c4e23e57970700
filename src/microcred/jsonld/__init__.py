"""JSON-LD: bundled contexts, the offline document loader and RDFC-1.0 canonicalization."""

from .canonicalize import canonicalize
from .contexts import BundledContext, bundled_contexts, bundled_document, export_contexts
from .loader import DocumentLoader, default_loader, resolve_loader

__all__ = [
    "BundledContext",
    "DocumentLoader",
    "bundled_contexts",
    "bundled_document",
    "canonicalize",
    "default_loader",
    "export_contexts",
    "resolve_loader",
]
