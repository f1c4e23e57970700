"""The verifier's side of presentations: VC DM 2.0 §4.13 data rules, holder proof, holder binding."""

from .data_model import presentation_data_model_check
from .detect import is_presentation
from .verify import verify_presentation

__all__ = ["is_presentation", "presentation_data_model_check", "verify_presentation"]
