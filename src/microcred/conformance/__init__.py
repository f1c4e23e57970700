"""The conformance kit (issue 16 item 4): signed samples with expected verdicts, and a runner that scores any
verifier on them. See ``docs/conformance-kit.md``."""

from __future__ import annotations

from .kit import build_samples, write_kit
from .run import Outcome, run_kit, score_table

__all__ = ["Outcome", "build_samples", "run_kit", "score_table", "write_kit"]
