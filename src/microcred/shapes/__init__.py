"""Other shapes of one micro-credential: Open Badges 3.0, EBSI EDC, baked badges, ELM LOQ catalogue entries.

The ELM / Europass EDC shapes (``elm``, ``elm-v2``) are :func:`microcred.elm.to_elm`; this package adds
Open Badges 3.0 (:mod:`.ob3`, :mod:`.ob3_read`), the EBSI VCDM 2.0 EDC (:mod:`.ebsi`), badges baked into PNG
and SVG images (:mod:`.bake_png`, :mod:`.bake_svg`) and catalogue entries (:mod:`.loq`, :mod:`.catalogue`).
See docs/shapes.md and docs/catalogue.md.
"""

from __future__ import annotations

from ..errors import UsageError

#: Every shape ``convert --to`` writes (besides ``model``).
SHAPES = ("elm", "elm-v2", "ob3", "ebsi", "loq")
#: Shapes ``issue(..., shape=)`` signs a MicroCredential in (None: the default, ELM).
ISSUE_SHAPES: tuple[str | None, ...] = (None, "elm", "ob3")


def check_shape(shape: str | None, fmt: str) -> None:
    """A :class:`UsageError` for a shape ``issue`` does not know, or one the format ``fmt`` cannot carry."""
    if shape not in ISSUE_SHAPES:
        known = ", ".join(s for s in ISSUE_SHAPES if s)
        raise UsageError(f"unknown shape {shape!r}; choose one of: {known}")
    if fmt == "sd-jwt-vc" and shape not in (None, "elm"):
        raise UsageError(
            f"shape={shape!r} is not available for 'sd-jwt-vc' (its claims are the model's facts)"
        )
