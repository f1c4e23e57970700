"""``microcred.validate``: SHACL validation (EDC shapes + microcred's Annex I shape); see
:mod:`microcred.shacl`."""

from .shacl import PROFILES, ValidationReport, Violation, validate

__all__ = ["PROFILES", "ValidationReport", "Violation", "validate"]
