"""Positive samples: the minimal and the full example micro-credential, per format, data model and key type."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.examples import example_microcredential, minimal_microcredential
from .formats import PLANS
from .sample import VERIFIED, Sample, secure, signing_key

VARIANTS = {"minimal": minimal_microcredential, "full": example_microcredential}


def positive_samples() -> Iterator[Sample]:
    """Every positive sample: a conforming verifier verifies each one."""
    for plan in PLANS:
        for data_model in plan.data_models:
            for key_type in plan.key_types:
                for variant, make in VARIANTS.items():
                    mc = make()
                    secured = secure(mc, plan.format, signing_key(plan.format, key_type, mc), data_model)
                    dm = "" if data_model == "-" else f"{data_model}-"
                    yield Sample(
                        path=f"samples/{plan.dir}/valid-{dm}{key_type.lower()}-{variant}.{plan.extension}",
                        content=secured,
                        format=plan.format,
                        kind="valid",
                        expect=VERIFIED,
                        reason=f"the {variant} example micro-credential, correctly secured with {plan.format}",
                        data_model=data_model,
                        key_type=key_type,
                        shape="model" if plan.family == "sd-jwt" else "elm",
                    )
