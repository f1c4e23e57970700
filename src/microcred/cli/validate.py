"""``microcred validate FILE``: SHACL validation against the EDC shapes and microcred's Annex I shape."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MicrocredError
from ..shacl import PROFILES
from ._common import EXIT_INVALID, EXIT_OK, CliError, error_message, print_json, read_json
from .convert import is_model_json, load_microcredential


def register(sub: Any) -> None:
    """Add the ``validate`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "validate",
        help="validate a credential with the EDC SHACL shapes and the Annex I micro-credential shape",
        description="FILE may be an EDC credential (plain, wrapped or sealed) or model JSON (mapped first). "
        "Exit 0 if it conforms, 1 if not, 2 on input errors.",
    )
    p.add_argument("file", metavar="FILE", help="input JSON file ('-' for stdin)")
    p.add_argument(
        "--profile",
        default="all",
        choices=tuple(PROFILES),
        help="edc (structure), edc-full (+ controlled vocabularies), microcredential (Annex I), "
        "all (default)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred validate``: SHACL validation with the chosen profile; the exit code."""
    from ..shacl import validate

    data = read_json(args.file)
    credential = load_microcredential(args.file, data) if is_model_json(data) else data
    try:
        report = validate(credential, profile=args.profile)
    except MicrocredError as exc:
        raise CliError(f"{args.file}: {error_message(exc)}") from exc
    if args.json:
        print_json({"file": args.file, **report.to_dict()})
    else:
        print(f"{args.file}: {report.summary()}")
    return EXIT_OK if report.conforms else EXIT_INVALID
