"""Canonical N-Quads of a JSON-LD document or N-Quads dataset (RDFC-1.0).

This first version delegates to pyld's URDNA2015 (SHA-256 only, no work limit, no safe mode); the
canonicalization issue replaces it with microcred's own RDFC-1.0 engine behind the same signature.
"""

from __future__ import annotations

from typing import Any, Literal

from pyld import jsonld

from ..errors import CanonicalizationError, JsonLdError, UsageError
from .loader import DocumentLoader, resolve_loader

InputFormat = Literal["jsonld", "nquads"]
HashAlgorithm = Literal["sha256", "sha384"]


def canonicalize(
    data: Any,
    *,
    input_format: InputFormat = "jsonld",
    hash_algorithm: HashAlgorithm = "sha256",
    loader: DocumentLoader | None = None,
    max_work: int | None = None,
) -> str:
    """Return the RDFC-1.0 canonical N-Quads of ``data``."""
    if hash_algorithm != "sha256":
        raise UsageError("this build of canonicalize supports sha256 only")
    options: dict[str, Any] = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    if input_format == "nquads":
        options["inputFormat"] = "application/n-quads"
    else:
        options["documentLoader"] = resolve_loader(loader)
        options["base"] = None
    try:
        out = jsonld.normalize(data, options)
    except jsonld.JsonLdError as exc:
        raise JsonLdError(f"JSON-LD processing failed: {exc}") from exc
    except RecursionError as exc:
        raise CanonicalizationError("canonicalization recursed too deeply") from exc
    return str(out)
