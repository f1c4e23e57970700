"""Securing formats: embedded proofs (Data Integrity, JsonWebSignature2020) and envelopes (JOSE, JAdES)."""

from ..verification.outcome import IssuerBinding, SecuringOutcome, Signer
from .base import (
    EmbeddedProofSuite,
    EnvelopeVerification,
    EnvelopingSuite,
    ProofOptions,
    ProofVerification,
    VerifyOptions,
)
from .registry import (
    ISSUE_FORMATS,
    Detected,
    EmbeddedProofs,
    Envelope,
    ProofKind,
    SuiteRegistry,
    default_registry,
    detect_format,
    get_suite,
)

__all__ = [
    "ISSUE_FORMATS",
    "Detected",
    "EmbeddedProofSuite",
    "EmbeddedProofs",
    "Envelope",
    "EnvelopeVerification",
    "EnvelopingSuite",
    "IssuerBinding",
    "ProofKind",
    "ProofOptions",
    "ProofVerification",
    "SecuringOutcome",
    "Signer",
    "SuiteRegistry",
    "VerifyOptions",
    "default_registry",
    "detect_format",
    "get_suite",
]
