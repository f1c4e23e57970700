"""``microcred conformance kit DIR`` and ``microcred conformance run DIR [--verifier 'COMMAND {file}']``."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import EXIT_INVALID, EXIT_OK


def register(sub: Any) -> None:
    """Add ``conformance kit`` and ``conformance run`` to the sub-command parsers ``sub``."""
    p = sub.add_parser(
        "conformance",
        help="write a conformance kit of signed samples, or score a verifier on one",
        description="Conformance kit: signed positive and negative samples with the verdict a conforming "
        "verifier must reach, and a runner that scores a verifier on them.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    kit = actions.add_parser("kit", help="write the kit into DIR (absent or empty)")
    kit.add_argument("dir", metavar="DIR")
    kit.set_defaults(func=run_kit_command)
    run = actions.add_parser(
        "run", help="score a verifier (default: microcred, in-process) on the kit in DIR"
    )
    run.add_argument("dir", metavar="DIR")
    run.add_argument(
        "--verifier",
        metavar="'COMMAND {file}'",
        help="command run per sample ({file}: the sample, {now}: the kit's time, {kit}: DIR); exit 0 = verified",
    )
    run.add_argument("--format", action="append", default=[], metavar="F", help="only samples of this format")
    run.add_argument("--kind", action="append", default=[], metavar="K", help="only samples of this kind")
    run.add_argument(
        "--shape",
        action="append",
        default=[],
        metavar="S",
        help="only samples of this shape (elm, model, ob3, clr)",
    )
    run.add_argument(
        "--exclude-kind", action="append", default=[], metavar="K", help="skip samples of this kind"
    )
    run.add_argument("--quiet", "-q", action="store_true", help="print only the totals")
    run.set_defaults(func=run_run_command)


def run_kit_command(args: argparse.Namespace) -> int:
    """``conformance kit DIR``: write the kit and say what it holds."""
    from ..conformance import write_kit

    manifest = write_kit(args.dir)
    samples = manifest["samples"]
    positive = sum(1 for s in samples if s["expect"] == "verified")
    kinds = {s["kind"] for s in samples if s["expect"] == "rejected"}
    print(f"{args.dir}: {len(samples)} samples ({positive} to verify, {len(samples) - positive} to reject, "
          f"{len(kinds)} kinds of negative)")  # fmt: skip
    return EXIT_OK


def run_run_command(args: argparse.Namespace) -> int:
    """``conformance run DIR``: score a verifier; exit 0 when every expectation holds."""
    from ..conformance import run_kit, score_table

    outcomes = run_kit(
        args.dir,
        verifier=args.verifier,
        formats=args.format,
        kinds=args.kind,
        exclude_kinds=args.exclude_kind,
        shapes=args.shape,
    )
    table = score_table(outcomes)
    print(table.splitlines()[-1] if args.quiet else table)
    return EXIT_OK if all(o.holds for o in outcomes) else EXIT_INVALID
