"""``microcred issue INPUT --key KEY --format FORMAT [-o OUT]``: secure a micro-credential or a JSON-LD VC."""

from __future__ import annotations

import argparse
from typing import Any

from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_OK, emit, read_json


def register(sub: Any) -> None:
    """Add the ``issue`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "issue",
        help="issue (sign) a micro-credential",
        description="Secure INPUT (a micro-credential model JSON, or an ELM / JSON-LD credential) with KEY.",
    )
    p.add_argument("input", metavar="INPUT", help="model JSON or JSON-LD credential ('-' for stdin)")
    p.add_argument(
        "--key", required=True, metavar="KEY", help="private key (JWK or PEM), e.g. from 'microcred keygen'"
    )
    p.add_argument("--format", "-f", default="eddsa-rdfc-2022", choices=ISSUE_FORMATS, help="securing format")
    p.add_argument(
        "--data-model", choices=("v1", "v2"), help="VC data model for a model input (default per format)"
    )
    p.add_argument("--now", metavar="ISO", help="issue as of this date-time (default: now)")
    p.add_argument(
        "--status-db", metavar="DB", help="status registry (SQLite path or SQLAlchemy URL) to allocate from"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout); written atomically")
    p.set_defaults(func=run)


def load_credential_input(path: str) -> Any:
    """A JSON-LD credential (has @context or is a JAdES/wrapped document) stays a dict; else it is model JSON."""
    data = read_json(path)
    if isinstance(data, dict) and "@context" not in data and "credential" not in data:
        from ..model import MicroCredential

        return MicroCredential.from_dict(data)
    if isinstance(data, dict) and "credential" in data and "@context" not in data:
        from ..elm import from_elm

        return from_elm(data)
    return data


def run(args: argparse.Namespace) -> int:
    """Run ``microcred issue``: sign a credential file with a key file; the exit code."""
    from ..issuer import issue
    from ..keys import Key

    credential = load_credential_input(args.input)
    key = Key.load(args.key)
    status = None
    if args.status_db:
        from ..status import StatusRegistry

        status = StatusRegistry(args.status_db)
    secured = issue(
        credential, key, format=args.format, data_model=args.data_model, now=args.now, status=status
    )
    emit(secured, args.output)
    return EXIT_OK
