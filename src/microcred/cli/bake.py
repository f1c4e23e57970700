"""``microcred bake CREDENTIAL --image IN.png|IN.svg -o OUT``: bake an Open Badge into an image (OB 3.0 §5.3).

CREDENTIAL is a secured credential file (JSON with an embedded proof, or a compact JWS). The image type is
told by its content (PNG signature or an SVG root), not its name. ``microcred verify`` reads baked images.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MicrocredError
from ._common import EXIT_OK, CliError, emit, error_message
from ._input import read_input


def register(sub: Any) -> None:
    """Add the ``bake`` sub-command to ``sub``."""
    p = sub.add_parser(
        "bake",
        help="bake a credential into a PNG or SVG image (Open Badges 3.0 baking)",
        description="Write OUT: the image with CREDENTIAL in an iTXt 'openbadgecredential' chunk (PNG) or an "
        "<openbadges:credential> element (SVG); an earlier baked badge is replaced.",
    )
    p.add_argument("credential", metavar="CREDENTIAL", help="secured credential file (JSON or compact JWS)")
    p.add_argument("--image", required=True, metavar="IMAGE", help="the badge image, PNG or SVG")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the baked image (written atomically)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred bake`` (exit 0, or 2 with a message naming the file)."""
    from ..shapes.bake_png import bake_png, is_png
    from ..shapes.bake_svg import bake_svg, looks_like_svg

    try:
        credential = read_input(args.credential, what="credential file").decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise CliError(f"{args.credential}: not UTF-8 text") from exc
    image = read_input(args.image, what="image file")
    try:
        if is_png(image):
            emit(bake_png(image, credential), args.output)
        elif looks_like_svg(image[:4096].decode("utf-8-sig", errors="ignore")):
            emit(bake_svg(image, credential), args.output)
        else:
            raise CliError(f"{args.image}: not a PNG or SVG image")
    except MicrocredError as exc:
        raise CliError(f"{args.image}: {error_message(exc)}") from exc
    return EXIT_OK
