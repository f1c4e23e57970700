"""SHACL validation of EDC credentials: the official EDC shapes and microcred's Annex I shape."""

from .profiles import PROFILES, shapes_graph
from .report import ValidationReport, Violation
from .validator import credential_document, validate

__all__ = ["PROFILES", "ValidationReport", "Violation", "credential_document", "shapes_graph", "validate"]
