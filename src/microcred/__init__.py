"""microcred: issue and verify EU micro-credentials as W3C Verifiable Credentials (ELM 3 / Europass EDC)."""

from __future__ import annotations

__version__ = "0.1.0"

from .clock import Clock, FixedClock, SystemClock
from .errors import MicrocredError
from .fetcher import Fetcher, HardenedFetcher, StaticFetcher
from .jsonld import DocumentLoader, canonicalize
from .results import Check, CheckStatus, VerificationResult

__all__ = [
    "Check",
    "CheckStatus",
    "Clock",
    "DocumentLoader",
    "Fetcher",
    "FixedClock",
    "HardenedFetcher",
    "MicrocredError",
    "StaticFetcher",
    "SystemClock",
    "VerificationResult",
    "__version__",
    "canonicalize",
]
