"""Other shapes of one micro-credential: Open Badges 3.0, baked badges, ELM LOQ catalogue entries.

The ELM / Europass EDC shapes (``elm``, ``elm-v2``) are :func:`microcred.elm.to_elm`; this package adds
Open Badges 3.0 (:mod:`.ob3`, :mod:`.ob3_read`), badges baked into PNG and SVG images (:mod:`.bake_png`,
:mod:`.bake_svg`) and catalogue entries (:mod:`.loq`, :mod:`.catalogue`). See docs/shapes.md and
docs/catalogue.md.
"""

from __future__ import annotations

SHAPES = ("elm", "elm-v2", "ob3", "loq")
