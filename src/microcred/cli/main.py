"""Entry point of the ``microcred`` command.

Exit codes: 0 success / verified / valid, 1 not verified or invalid, 2 usage or input error (the message names
the file and field). Every sub-command group lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import MicrocredError
from ._common import EXIT_USAGE, CliError, error_message

#: Sub-command modules, in the order they appear in ``--help``.
COMMAND_MODULES: list[str] = [
    "demo",
    "issue",
    "verify",
    "contexts",
    "convert",
    "validate",
    "status",
    "keygen",
    "canon",
    "batch",
]


def build_parser() -> argparse.ArgumentParser:
    """The ``microcred`` argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="microcred",
        description="Issue and verify EU micro-credentials (ELM 3 / Europass EDC) as W3C Verifiable Credentials.",
    )
    parser.add_argument("--version", action="version", version=f"microcred {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__package__}.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The console entry point: parse ``argv``, run the command, map errors to exit codes (0 ok, 1 not verified, 2 could not process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except CliError as exc:
        print(f"microcred: {exc}", file=sys.stderr)
        return exc.exit_code
    except MicrocredError as exc:
        print(f"microcred: error [{exc.code}]: {error_message(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("microcred: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
