"""Other shapes of one micro-credential: Open Badges 3.0, EBSI EDC, baked badges, ELM LOQ catalogue entries.

The ELM / Europass EDC shapes (``elm``, ``elm-v2``) are :func:`microcred.elm.to_elm`; this package adds
Open Badges 3.0 (:mod:`.ob3`, :mod:`.ob3_read`), the EBSI VCDM 2.0 EDC (:mod:`.ebsi`), badges baked into PNG
and SVG images (:mod:`.bake_png`, :mod:`.bake_svg`) and catalogue entries (:mod:`.loq`, :mod:`.catalogue`).
See docs/shapes.md and docs/catalogue.md.
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..model_check import is_micro_credential

#: Every shape ``convert --to`` writes (besides ``model``).
SHAPES = ("elm", "elm-v2", "ob3", "ebsi", "loq")
#: Shapes ``issue(..., shape=)`` signs a MicroCredential in (None: the default, ELM).
ISSUE_SHAPES: tuple[str | None, ...] = (None, "elm", "ob3")


def check_shape(
    shape: str | None, fmt: str, *, credential: Any = None, data_model: str | None = None
) -> None:
    """A :class:`UsageError` for a shape ``issue`` does not know, one the format ``fmt`` cannot carry, a shape
    asked of a JSON-LD dict (signed as it is), or Open Badges in VC 1.1."""
    if shape is not None and not is_micro_credential(credential):
        raise UsageError("shape= applies to a MicroCredential; a JSON-LD dict is signed as it is")
    if shape == "ob3" and data_model not in (None, "v2"):
        raise UsageError("Open Badges 3.0 credentials use VC Data Model 2.0 (data_model='v2')")
    if shape not in ISSUE_SHAPES:
        known = ", ".join(s for s in ISSUE_SHAPES if s)
        raise UsageError(f"unknown shape {shape!r}; choose one of: {known}")
    if fmt == "sd-jwt-vc" and shape not in (None, "elm"):
        raise UsageError(
            f"shape={shape!r} is not available for 'sd-jwt-vc' (its claims are the model's facts)"
        )
