"""``microcred stack PART... --key KEY --title T [--rules RULES.json] [--format F] -o OUT``: stack credentials.

Every PART (a secured micro-credential file in any format microcred verifies) is verified and read; the stack
is signed with KEY, in ELM shape or (``--shape clr``) as a CLR 2.0 ``ClrCredential``. A part that is unreadable, invalid, repeated, of another learner, circular, or more parts
than the rules allow, stops with exit 2 and a message naming the part (see ``docs/stacks.md``).
"""

from __future__ import annotations

import argparse
from typing import Any

from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_OK, emit


def register(sub: Any) -> None:
    """Add ``stack`` to the sub-command parsers ``sub``."""
    p = sub.add_parser(
        "stack",
        help="stack signed micro-credentials into one larger signed credential",
        description="Verify every PART and sign one credential whose claim hasPart their achievements.",
    )
    p.add_argument("parts", nargs="+", metavar="PART", help="secured micro-credential files")
    p.add_argument("--key", required=True, metavar="KEY", help="the stack issuer's private key (JWK or PEM)")
    p.add_argument("--title", required=True, metavar="T", help="title of the stack (English)")
    p.add_argument("--rules", metavar="RULES.json", help="stacking rules (see docs/stacks.md)")
    p.add_argument("--format", "-f", default="eddsa-rdfc-2022", choices=ISSUE_FORMATS, help="securing format")
    p.add_argument(
        "--shape",
        default="elm",
        choices=("elm", "clr"),
        help="elm: a Europass EDC credential (default); clr: Open Badges shape, a CLR 2.0 ClrCredential",
    )
    p.add_argument("--eqf", type=int, metavar="N", help="the stack's EQF level (default: its highest part's)")
    p.add_argument("--now", metavar="ISO", help="stack as of this date-time (default: now)")
    p.add_argument(
        "--status-list", action="append", default=[], metavar="FILE", help="status list credential of a part"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout); written atomically")
    p.set_defaults(func=run)


def _status_list(path: str) -> Any:
    from ._input import read_json, read_text

    text = read_text(path, what="status list")
    return read_json(path, what="status list") if text.lstrip().startswith("{") else text.strip()


def run(args: argparse.Namespace) -> int:
    """``microcred stack``: verify the parts, sign the stack, write it."""
    from ..stack import StackRules, stack
    from ._input import load_key, read_input, read_json

    rules = (
        StackRules.from_json(read_json(args.rules, what="rules"), source=args.rules) if args.rules else None
    )
    parts = [read_input(path, what=f"stack part {i}") for i, path in enumerate(args.parts)]
    secured = stack(
        parts,
        load_key(args.key),
        title=args.title,
        rules=rules,
        format=args.format,
        shape=args.shape,
        eqf=args.eqf,
        now=args.now,
        status_lists=[_status_list(p) for p in args.status_list],
    )
    emit(secured, args.output)
    return EXIT_OK
