"""Entry point of the ``microcred`` command.

Exit codes: 0 success / verified / valid, 1 not verified or invalid, 2 usage or input error (the message names
the file and field). Every sub-command group lives in its own module with a ``register(subparsers)`` function.

Sub-commands are imported lazily: ``microcred verify ...`` imports only :mod:`microcred.cli.verify` (and what
verifying needs), never SHACL, rdflib or the batch machinery; ``microcred --help`` imports no sub-command at
all. :data:`COMMANDS` holds each command's one-line help so the overview needs no import.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import MicrocredError
from ._common import EXIT_USAGE, CliError, error_message

#: Sub-command -> (module in this package, one-line help), in the order they appear in ``--help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "issue and verify the example micro-credential in every format (offline)"),
    "issue": ("issue", "issue (sign) a micro-credential"),
    "verify": ("verify", "verify secured credentials (format detected automatically)"),
    "present": ("present", "present credentials to a verifier (holder's side): a signed presentation"),
    "render": (
        "render",
        "render a verified credential as a certificate (HTML or PDF/A-3 with the credential attached)",
    ),
    "contexts": ("contexts", "list or export the bundled JSON-LD contexts"),
    "convert": ("convert", "convert a micro-credential between model JSON and Europass EDC (ELM 3) JSON-LD"),
    "validate": (
        "validate",
        "validate a credential with the EDC SHACL shapes and the Annex I micro-credential shape",
    ),
    "status": ("status", "manage Bitstring Status Lists: create, revoke, suspend, reinstate, publish, show"),
    "keygen": ("keygen", "generate a signing key (private JWK), or print a key's public half"),
    "canon": ("canon", "print the RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads file"),
    "issue-batch": ("batch", "issue a credential for every line of a JSONL or CSV file"),
    "stack": ("stack", "stack signed micro-credentials into one larger signed credential"),
    "conformance": ("conformance", "write a conformance kit of signed samples, or score a verifier on one"),
    "bake": ("bake", "bake a credential into a PNG or SVG image (Open Badges 3.0 baking)"),
    "catalogue": (
        "catalogue",
        "write the offerings of micro-credentials as one ELM LOQ catalogue (a DCAT dataset)",
    ),
    "serve": ("serve", "run the issuing and verifying HTTP service (VC-API, status lists, OpenID4VCI/VP)"),
}

#: Sub-command modules, in the order they appear in ``--help`` (kept for callers of the eager parser).
COMMAND_MODULES: list[str] = list(dict.fromkeys(module for module, _ in COMMANDS.values()))


def _chosen(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not an option), if it is one of ours."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in COMMANDS else None


class _Version(argparse.Action):
    """``--version``: microcred's version and whether its JSON-LD core runs compiled (docs/performance.md)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        help_text = kwargs.get("help")
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=None if help_text is None else str(help_text),
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        """Print ``microcred VERSION (JSON-LD core: BUILD)`` on stdout and exit 0 (the core is imported only here)."""
        from ..jsonld import expansion_plans

        build = "compiled with mypyc" if expansion_plans.COMPILED else "pure Python"
        print(f"microcred {__version__} (JSON-LD core: {build})")
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``argv``, only the sub-command it names is imported and fully registered."""
    parser = argparse.ArgumentParser(
        prog="microcred",
        description="Issue and verify EU micro-credentials (ELM 3 / Europass EDC) as W3C Verifiable Credentials.",
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the JSON-LD core's build, then exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    chosen = _chosen(argv) if argv is not None else None
    for name, (module_name, text) in COMMANDS.items():
        if argv is None or name == chosen:
            module = importlib.import_module(f"{__package__}.{module_name}")
            module.register(sub)
        else:
            sub.add_parser(name, help=text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
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
    except (RecursionError, MemoryError) as exc:
        print(f"microcred: input too complex to process ({type(exc).__name__})", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # last resort: a bug must not show the user a traceback; say what happened
        where = f" in {args.command}" if getattr(args, "command", None) else ""
        text = " ".join(str(exc).split())[:300]
        print(
            f"microcred: internal error{where}: {type(exc).__name__}: {text} "
            "(please report this; set MICROCRED_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        if _debug():
            raise
        return EXIT_USAGE
    return int(code or 0)


def _debug() -> bool:
    import os

    return os.environ.get("MICROCRED_DEBUG", "") not in ("", "0")


if __name__ == "__main__":
    sys.exit(main())
