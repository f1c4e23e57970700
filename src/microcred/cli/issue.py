"""``microcred issue INPUT --key KEY --format FORMAT [-o OUT]``: secure a micro-credential or a JSON-LD VC."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_INVALID, EXIT_OK, CliError, emit, error_message, read_json, read_text


def register(sub: Any) -> None:
    """Add the ``issue`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "issue",
        help="issue (sign) a micro-credential",
        description="Secure INPUT (a micro-credential model JSON, or an ELM / JSON-LD credential) with KEY.",
    )
    p.add_argument("input", metavar="INPUT", help="model JSON or JSON-LD credential ('-' for stdin)")
    p.add_argument("--key", metavar="KEY", help="private key (JWK or PEM), e.g. from 'microcred keygen'")
    p.add_argument(
        "--signer",
        metavar="REF",
        help="sign with a key that never enters the process: pkcs11:token=…;object=…?pin-source=env:PIN "
        "(RFC 7512) or csc:https://SERVICE?credential=ID&client_id=ID (secret in MICROCRED_CSC_CLIENT_SECRET)",
    )
    p.add_argument(
        "--kid", metavar="ID", help="with --signer: the verification method id of the signer's key"
    )
    p.add_argument(
        "--format",
        "-f",
        default="eddsa-rdfc-2022",
        choices=(*ISSUE_FORMATS, "sd-jwt-vc"),
        help="securing format",
    )
    p.add_argument(
        "--holder",
        metavar="HOLDER_PUBLIC_KEY",
        help="bind the credential to this holder key (JWK or PEM; e.g. from 'microcred keygen --public'): its DID "
        "becomes credentialSubject.id (sd-jwt-vc: the key goes into cnf)",
    )
    p.add_argument(
        "--data-model", choices=("v1", "v2"), help="VC data model for a model input (default per format)"
    )
    p.add_argument(
        "--shape",
        choices=("elm", "ob3"),
        help="for a model input: elm (Europass EDC, default) or ob3 (Open Badges 3.0, VC 2.0; docs/shapes.md)",
    )
    p.add_argument("--now", metavar="ISO", help="issue as of this date-time (default: now)")
    p.add_argument(
        "--status-db", metavar="DB", help="status registry (SQLite path or SQLAlchemy URL) to allocate from"
    )
    p.add_argument(
        "--tsa-url",
        metavar="URL",
        help="with -f jades: add a signature time-stamp (JAdES-B-T) from this RFC 3161 TSA (https; network opt-in)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout); written atomically")
    p.add_argument(
        "--reissue",
        action="store_true",
        help="INPUT is a sealed credential (e.g. a JAdES EDC) of another issuer: verify it, then issue its "
        "credential with KEY as the new issuer, nothing else changed",
    )
    p.add_argument(
        "--trust-anchor",
        action="append",
        default=[],
        metavar="PEM",
        help="with --reissue: trusted CA certificate(s) for the original's seal",
    )
    p.add_argument(
        "--untrusted-ok",
        action="store_true",
        help="with --reissue: accept an original whose certificate chain could not be checked (no trust "
        "anchor); a failed check still stops",
    )
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
    from ._input import load_key

    if args.reissue:
        return _reissue(args)
    if args.trust_anchor or args.untrusted_ok:
        raise CliError("--trust-anchor and --untrusted-ok go with --reissue")
    tsa = None
    if args.tsa_url:
        if args.format != "jades":
            raise CliError("issue: --tsa-url goes with -f jades")
        from ..fetcher import HardenedFetcher
        from ..trust.tsa import HttpTimeStampAuthority

        tsa = HttpTimeStampAuthority(args.tsa_url, fetcher=HardenedFetcher())
    credential = load_credential_input(args.input)
    if (args.key is None) == (args.signer is None):
        raise CliError("issue: give --key KEY or --signer REF (one of them)")
    if args.kid and not args.signer:
        raise CliError("issue: --kid goes with --signer (a key file carries its own kid)")
    if args.signer:
        from ..signers.uri import open_signer

        key = open_signer(args.signer, kid=args.kid)
    else:
        key = load_key(args.key)
    holder = None if args.holder is None else load_key(args.holder).public()
    status = None
    if args.status_db:
        from ..status import StatusRegistry

        status = StatusRegistry(args.status_db)
    shape = {"shape": args.shape} if args.shape else {}
    try:
        secured = issue(
            credential,
            key,
            format=args.format,
            data_model=args.data_model,
            now=args.now,
            status=status,
            holder=holder,
            tsa=tsa,
            **shape,
        )
    finally:
        close = getattr(key, "close", None)
        if callable(close):  # a PKCS#11 session: log out
            close()
    emit(secured, args.output)
    return EXIT_OK


def _reissue(args: argparse.Namespace) -> int:
    from ..errors import MicrocredError
    from ..keys import Key
    from ..reissue import reissue

    if args.holder:
        raise CliError("--reissue changes nothing but the issuer; --holder does not apply")
    if args.status_db:
        raise CliError("--reissue keeps the original's credentialStatus; --status-db does not apply")
    sealed = read_json(args.input) if not _is_compact(args.input) else read_text(args.input).strip()
    anchors = [Path(p).read_bytes() for p in args.trust_anchor]
    if args.key is None:
        raise CliError("issue --reissue needs --key KEY")
    key = Key.load(args.key)
    try:
        done = reissue(
            sealed,
            key,
            format=args.format,
            now=args.now,
            trust_anchors=anchors,
            require_trust=not args.untrusted_ok,
            data_model=args.data_model,
        )
    except MicrocredError as exc:
        raise CliError(f"{args.input}: {error_message(exc)}", code=EXIT_INVALID) from exc
    emit(done.secured, args.output)
    return EXIT_OK


def _is_compact(path: str) -> bool:
    """A compact JWS file (``header.payload.signature``) rather than JSON."""
    if path == "-":
        return False
    head = Path(path).read_bytes()[:1].strip() if Path(path).exists() else b"{"
    return head not in (b"{", b"[")
