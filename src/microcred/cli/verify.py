"""``microcred verify FILE... [--json]``: verify secured credentials of any supported format.

Files are verified one at a time and each result is printed as soon as it is known and then dropped, so memory
stays flat for any number of files. ``--json`` prints JSON Lines: one object per file (the
:meth:`~microcred.verification.results.VerificationResult.to_dict` shape, with ``source``), on its own line, whether one file
or a folder of thousands is given. A file that cannot be read still gets its line, with a ``format`` error.

Exit codes: 0 every credential verified; 1 a check failed (the credential is not valid); 2 a file could not be
read or is not a credential at all (not JSON, not UTF-8, too large), or some check could not be decided
(missing key, unreachable status list, no trust anchor).

JAdES seals: ``--trust-anchor PEM`` (CA certificates), or ``--trusted-lists DIR --lotl-signers PEM`` (the EU LOTL,
its pivots and national lists, verified from the Official Journal's LOTL signing certificates), which decide
whether the seal is a qualified electronic seal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from .. import errors
from ..errors import InputError, MicrocredError
from ..verification.codes import CheckName
from ..verification.results import Check, CheckStatus, VerificationResult
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError
from ._input import COMPACT_JWS

#: File name endings picked up when a directory is given.
CREDENTIAL_SUFFIXES = (".json", ".jsonld", ".jwt", ".jws", ".txt", ".vc", ".pdf")

#: ``format`` check codes that mean "this is not a credential at all" (not JSON, not UTF-8, a number no parser
#: can hold, too large, too deep): the input could not be processed, exit 2, rather than "not verified" (exit
#: 1). Valid JSON that is not a secured credential (no proof, a JWS of an unknown ``typ``) and JSON made
#: ambiguous by a duplicate key stay "not verified".
UNPROCESSABLE_CODES = frozenset(
    cls.code
    for cls in (
        errors.InputError,
        errors.JsonParseError,
        errors.JsonNumberError,
        errors.JsonUnicodeError,
        errors.InputTooLargeError,
        errors.NestingTooDeepError,
    )
)


def looks_processable(raw: bytes) -> bool:
    """True when ``raw`` is JSON-shaped, a compact JWS, a certificate PDF or a PNG/SVG image that may carry a baked badge;
    anything else is not a credential at all."""
    from ..shapes.baked import is_baked_image

    text = raw.strip().removeprefix(b"\xef\xbb\xbf").strip()
    if text.startswith(b"%PDF-"):  # a certificate PDF whose embedded credential was verified
        return True
    return text.startswith((b"{", b"[")) or COMPACT_JWS.fullmatch(text) is not None or is_baked_image(raw)


def register(sub: Any) -> None:
    """Add the ``verify`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "verify",
        help="verify secured credentials (format detected automatically)",
        description="Verify each FILE (or every credential file in a directory). Exit 0 verified, 1 not verified, "
        "2 could not process.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="credential files or directories ('-' for stdin)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print JSON Lines: one result object per file, on its own line, as each file is verified",
    )
    p.add_argument(
        "--keys", metavar="KEYS.json", help="offline keys: verification method id -> key description"
    )
    p.add_argument("--now", metavar="ISO", help="verify as of this date-time (default: now)")
    p.add_argument(
        "--trust-anchor", action="append", default=[], metavar="PEM", help="trusted CA certificate(s)"
    )
    p.add_argument(
        "--trusted-lists",
        metavar="DIR",
        help="EU trusted lists for the JAdES trust check: a directory with the LOTL (and its pivots) and national "
        "list XML files, found by content; or the LOTL's https URL with --allow-network",
    )
    p.add_argument(
        "--lotl-signers",
        metavar="PEM",
        help="certificates that may sign the LOTL (those of the Official Journal); needed with --trusted-lists",
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
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="verify on N processes (0: every core), results still in input order; shows progress on stderr",
    )
    p.add_argument(
        "--challenge",
        metavar="C",
        help="presentations: the challenge (nonce) the holder's proof must carry",
    )
    p.add_argument(
        "--domain",
        metavar="D",
        help="presentations: the domain (audience) the holder's proof must carry",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing; use the exit code")
    p.set_defaults(func=run)


def _walk(folder: str) -> Iterator[str]:
    """Credential files under ``folder``, depth first, each directory's entries sorted by name.

    Only one directory listing is held at a time, so a folder of a million files costs what its largest
    directory costs, not what the whole tree does.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"{folder}: cannot list folder: {exc.strerror or exc}", path=folder) from exc
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):  # a symlinked folder is not entered: no loops
            yield from _walk(entry.path)
        elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in CREDENTIAL_SUFFIXES:
            yield entry.path


def iter_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories into their credential files (sorted, lazily); ``-`` stands for stdin."""
    for name in paths:
        if name != "-" and os.path.isdir(name):
            yield from _walk(name)
        else:
            yield name


def load_trusted_lists(args: argparse.Namespace, fetcher: Any) -> Any:
    """The verified :class:`~microcred.trust.trusted_lists.TrustedLists` of --trusted-lists, or None."""
    if args.lotl_signers and not args.trusted_lists:
        raise CliError("verify: --lotl-signers goes with --trusted-lists")
    if not args.trusted_lists:
        return None
    if not args.lotl_signers:
        raise CliError("verify: --trusted-lists needs --lotl-signers PEM (the LOTL signing certificates)")
    from ..trust.trusted_lists import TrustedLists
    from ._input import load_certificates

    signers = load_certificates(args.lotl_signers)
    if args.trusted_lists.startswith("https://"):
        if fetcher is None:
            raise CliError("verify: fetching the trusted lists needs --allow-network")
        from ..fetcher import HardenedFetcher
        from ..trust.tsl_xml import MAX_LIST_BYTES

        list_fetcher = HardenedFetcher(max_bytes=MAX_LIST_BYTES, cache_ttl=3600.0)
        return TrustedLists.fetch(list_fetcher, lotl_signers=signers, lotl_url=args.trusted_lists)
    return TrustedLists.from_directory(args.trusted_lists, lotl_signers=signers)


def build_verifier(args: argparse.Namespace) -> Any:
    """The :class:`~microcred.verification.verifier.Verifier` the command-line options describe."""
    from ..fetcher import HardenedFetcher
    from ..verification.policy import VerificationPolicy
    from ..verification.verifier import Verifier
    from ._input import load_certificates, load_status_list, read_json

    fetcher = HardenedFetcher() if args.allow_network else None
    resolver = None
    if args.keys:
        from ..resolve import ChainResolver, StaticResolver, default_resolver

        keys = StaticResolver.from_data(read_json(args.keys, what="keys file"), source=args.keys)
        resolver = ChainResolver([keys, default_resolver(fetcher=fetcher)])
    anchors = [cert for name in args.trust_anchor for cert in load_certificates(name)]
    status_lists = [load_status_list(name) for name in args.status_list]
    policy = VerificationPolicy(
        check_status=not args.no_status,
        shacl_profile=args.shacl,
        challenge=getattr(args, "challenge", None),
        domain=getattr(args, "domain", None),
    )
    trusted_lists = load_trusted_lists(args, fetcher)
    return Verifier(
        trusted_lists=trusted_lists,
        resolver=resolver,
        now=args.now,
        trust_anchors=anchors,
        fetcher=fetcher,
        status_lists=status_lists,
        policy=policy,
    )


def iter_results(verifier: Any, names: Iterable[str]) -> Iterator[tuple[VerificationResult, int]]:
    """Verify each file as it comes and yield its result with its exit code; nothing is kept.

    A file that cannot be read (missing, not a regular file, over the size limit) yields a result whose
    ``format`` check is an error naming the file, so every input gives exactly one result. Memory stays flat
    for any number of files: the caller prints each result and drops it.
    """
    from ._input import read_input, source_name

    for name in iter_inputs(names):
        source = source_name(name)
        try:
            raw = read_input(name, limit=verifier.policy.max_bytes, what="credential file")
        except InputError as exc:
            result = VerificationResult(format=None, source=source)
            result.add(Check.error(CheckName.FORMAT, exc.code, exc.message))
            yield result, EXIT_USAGE
            continue
        try:
            result = verifier.verify(raw, source=source)
        except MicrocredError:
            raise  # a usage error (the verifier's configuration), not this file's fault
        except ValueError as exc:  # e.g. an integer beyond Python's int-to-str limit in the JSON
            result = VerificationResult(format=None, source=source)
            message = " ".join(str(exc).split())
            result.add(
                Check.error(
                    CheckName.FORMAT, errors.JsonParseError.code, f"{source}: not usable JSON: {message}"
                )
            )
            yield result, EXIT_USAGE
            continue
        code = result_exit_code(result)
        yield result, (code if code != EXIT_INVALID or looks_processable(raw) else EXIT_USAGE)


def result_exit_code(result: VerificationResult) -> int:
    """0 verified; 1 a check failed on a credential; 2 not a credential at all, or something undecided."""
    if result.verified:
        return EXIT_OK
    for check in result.checks:
        if check.status is CheckStatus.FAILED:
            unprocessable = check.name == "format" and check.code in UNPROCESSABLE_CODES
            if not unprocessable:
                return EXIT_INVALID
    if any(result_exit_code(nested) == EXIT_INVALID for nested in result.credentials):
        return EXIT_INVALID  # a presentation whose credential failed a check
    return EXIT_USAGE


def _in_pool(verifier: Any, args: argparse.Namespace) -> Iterator[tuple[VerificationResult, int]]:
    """``--workers N``: verify on a process pool (results in input order), with issue-batch's progress line."""
    from ..batch.progress import PLAIN_EVERY, Progress
    from ..batch.verify_many import iter_verified
    from ._input import read_input

    if args.workers < 0:
        raise CliError(f"verify: --workers must be 0 (every core) or more, not {args.workers}")
    limit = verifier.policy.max_bytes

    def sources() -> Iterator[Any]:
        for name in iter_inputs(args.files):
            yield ("<stdin>", read_input("-", limit=limit, what="credential")) if name == "-" else name

    progress = Progress(sys.stderr, None, enabled=False if args.quiet else None, plain_every=PLAIN_EVERY)
    if args.quiet:
        progress.plain_every = None
    try:
        for result, processable in iter_verified(sources(), workers=args.workers or None, verifier=verifier):
            code = result_exit_code(result)
            progress.update(ok=code == EXIT_OK)
            yield result, (code if code != EXIT_INVALID or processable else EXIT_USAGE)
    finally:
        progress.clear()


def run(args: argparse.Namespace) -> int:
    """Run ``microcred verify``: verify every file given (directories recursively) and print the results; the exit code."""
    verifier = build_verifier(args)
    seen = invalid = undecided = 0
    results = iter_results(verifier, args.files) if args.workers == 1 else _in_pool(verifier, args)
    for result, code in results:
        seen += 1
        invalid += code == EXIT_INVALID
        undecided += code == EXIT_USAGE
        if args.quiet:
            continue
        if args.json:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            print(result.summary())
        if code == EXIT_USAGE and not args.json and result.format is None:
            print(f"microcred: {result.checks[0].message}", file=sys.stderr)
    sys.stdout.flush()
    if not seen:
        print("microcred: no credential files found", file=sys.stderr)
        return EXIT_USAGE
    if invalid:
        return EXIT_INVALID
    return EXIT_USAGE if undecided else EXIT_OK
