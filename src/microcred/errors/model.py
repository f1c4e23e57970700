"""The facts of a micro-credential and their shapes: the model, its controlled vocabularies, the ELM mapping,
SHACL validation and baked Open Badge images."""

from __future__ import annotations

from .base import InputError, MicrocredError


class ModelValidationError(InputError):
    """The facts of a micro-credential do not fit the model; ``details['errors']`` lists every field."""

    code = "MODEL_INVALID"


class VocabularyError(ModelValidationError):
    """A controlled value is not in its vocabulary; the message lists allowed values."""

    code = "VOCABULARY_VALUE_UNKNOWN"


class MappingError(InputError):
    """A JSON-LD document cannot be mapped to or from the ELM model."""

    code = "ELM_MAPPING_ERROR"


class BakedBadgeError(InputError):
    """A PNG or SVG image that should carry a baked Open Badge does not (or carries it malformed)."""

    code = "BAKED_BADGE_INVALID"


class ShapeValidationError(MicrocredError):
    """SHACL validation could not run (bad shapes graph, unknown profile)."""

    code = "SHACL_ERROR"
