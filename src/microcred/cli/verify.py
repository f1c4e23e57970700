"""``microcred verify FILE... [--json]``: verify secured credentials of any supported format.

Exit codes: 0 every credential verified; 1 a check failed (the credential is not valid); 2 a file could not be
read, or some check could not be decided (missing key, unreachable status list, no trust anchor).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..verification.results import CheckStatus, VerificationResult
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_json

#: File name endings picked up when a directory is given.
CREDENTIAL_SUFFIXES = (".json", ".jsonld", ".jwt", ".jws", ".txt", ".vc")


def register(sub: Any) -> None:
    """Add the ``verify`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "verify",
        help="verify secured credentials (format detected automatically)",
        description="Verify each FILE (or every credential file in a directory). Exit 0 verified, 1 not verified, "
        "2 could not process.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="credential files or directories ('-' for stdin)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument(
        "--keys", metavar="KEYS.json", help="offline keys: verification method id -> key description"
    )
    p.add_argument("--now", metavar="ISO", help="verify as of this date-time (default: now)")
    p.add_argument(
        "--trust-anchor", action="append", default=[], metavar="PEM", help="trusted CA certificate(s)"
    )
    p.add_argument(
        "--status-list", action="append", default=[], metavar="FILE", help="status list credential file"
    )
    p.add_argument(
        "--allow-network", action="store_true", help="allow did:web and status list fetching (https)"
    )
    p.add_argument(
        "--shacl", choices=("edc", "microcredential", "all"), help="also validate with SHACL shapes"
    )
    p.add_argument("--no-status", action="store_true", help="do not check credentialStatus")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing; use the exit code")
    p.set_defaults(func=run)


def iter_inputs(paths: list[str]) -> Iterator[Path | None]:
    """Expand directories into their credential files (sorted); None stands for stdin."""
    for name in paths:
        if name == "-":
            yield None
            continue
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CREDENTIAL_SUFFIXES
            )
        else:
            yield path


def build_verifier(args: argparse.Namespace) -> Any:
    """The :class:`~microcred.verification.verifier.Verifier` the command-line options describe."""
    from ..fetcher import HardenedFetcher
    from ..jsonio import load_file
    from ..verification.policy import VerificationPolicy
    from ..verification.verifier import Verifier

    fetcher = HardenedFetcher() if args.allow_network else None
    resolver = None
    if args.keys:
        from ..resolve import ChainResolver, StaticResolver, default_resolver

        resolver = ChainResolver([StaticResolver.from_file(args.keys), default_resolver(fetcher=fetcher)])
    status_lists: list[Any] = []
    for name in args.status_list:
        text = Path(name).read_text(encoding="utf-8").strip() if Path(name).is_file() else None
        if text is None:
            raise InputError(f"{name}: no such file", path=name)
        status_lists.append(load_file(name) if text.startswith("{") else text)
    policy = VerificationPolicy(check_status=not args.no_status, shacl_profile=args.shacl)
    return Verifier(
        resolver=resolver,
        now=args.now,
        trust_anchors=args.trust_anchor,
        fetcher=fetcher,
        status_lists=status_lists,
        policy=policy,
    )


def exit_code(results: list[VerificationResult]) -> int:
    """0 when every result verified, 1 when a check failed, 2 when something could only end in ``error``."""
    if all(r.verified for r in results):
        return EXIT_OK
    if any(c.status is CheckStatus.FAILED for r in results for c in r.checks):
        return EXIT_INVALID
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """Run ``microcred verify``: verify every file given (directories recursively) and print the results; the exit code."""
    verifier = build_verifier(args)
    results: list[VerificationResult] = []
    unreadable = False
    for path in iter_inputs(args.files):
        source = "<stdin>" if path is None else str(path)
        try:
            raw = sys.stdin.buffer.read() if path is None else path.read_bytes()
        except OSError as exc:
            print(f"microcred: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
            unreadable = True
            continue
        result = verifier.verify(raw, source=source)
        results.append(result)
        if not args.json and not args.quiet:
            print(result.summary())
    if args.json and not args.quiet:
        if len(results) == 1 and len(args.files) == 1 and not Path(args.files[0]).is_dir():
            print_json(results[0].to_dict())
        else:
            print_json(
                {
                    "verified": bool(results) and all(r.verified for r in results),
                    "results": [r.to_dict() for r in results],
                }
            )
    if not results:
        if not unreadable:
            print("microcred: no credential files found", file=sys.stderr)
        return EXIT_USAGE
    code = exit_code(results)
    return EXIT_USAGE if unreadable and code == EXIT_OK else code
