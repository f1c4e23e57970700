"""Securing formats: embedded proofs (Data Integrity, JsonWebSignature2020) and envelopes (JOSE, JAdES)."""

from .base import (
    EmbeddedProofSuite,
    EnvelopeVerification,
    EnvelopingSuite,
    ProofOptions,
    ProofVerification,
    VerifyOptions,
)
from .registry import ISSUE_FORMATS, Detected, detect_format, get_suite

__all__ = [
    "ISSUE_FORMATS",
    "Detected",
    "EmbeddedProofSuite",
    "EnvelopeVerification",
    "EnvelopingSuite",
    "ProofOptions",
    "ProofVerification",
    "VerifyOptions",
    "detect_format",
    "get_suite",
]
