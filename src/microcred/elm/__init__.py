"""Mapping between the micro-credential model and ELM 3 / Europass EDC JSON-LD credentials."""

from .reader import from_elm
from .terms import EDC_AP_VCDM2, DataModel
from .unwrap import unwrap_credential
from .writer import default_credential_id, to_elm

__all__ = ["EDC_AP_VCDM2", "DataModel", "default_credential_id", "from_elm", "to_elm", "unwrap_credential"]
