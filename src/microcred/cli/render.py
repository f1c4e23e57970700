"""``microcred render CREDENTIAL --format {html,pdf} -o OUT``: a certificate people can read, print and share.

The credential is verified first with the same options as ``microcred verify`` (``--keys``, ``--trust-anchor``,
``--status-list``, ``--now``, ``--no-status``); an unverified credential is refused (exit 1) unless
``--allow-unverified``, and then the certificate says NOT VERIFIED. The PDF is PDF/A-3b with the signed
credential attached (``microcred verify certificate.pdf`` verifies it). ``--verify-url`` is the verification
page the QR code leads to; ``--credential-url`` (where the credential is published) puts it in the link by
reference: a credential is too large to put in a QR code itself.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._common import EXIT_INVALID, EXIT_OK, CliError


def register(sub: Any) -> None:
    """Add the ``render`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "render",
        help="render a verified credential as a certificate (HTML or PDF/A-3 with the credential attached)",
        description="Verify CREDENTIAL, then write its certificate: every Annex I element, the seal as "
        "verified and a QR code to the verification page.",
    )
    p.add_argument("credential", metavar="CREDENTIAL", help="secured credential file ('-' for stdin)")
    p.add_argument("--format", "-f", choices=("html", "pdf"), default="pdf", help="output format (pdf)")
    p.add_argument("--output", "-o", metavar="OUT", required=True, help="file to write ('-': stdout)")
    p.add_argument("--verify-url", metavar="URL", help="verification page the QR code leads to")
    p.add_argument("--credential-url", metavar="URL", help="where the credential is published (by reference)")
    p.add_argument("--allow-unverified", action="store_true", help="render even if verification fails")
    p.add_argument("--keys", metavar="KEYS.json", help="offline keys: verification method id -> key")
    p.add_argument("--now", metavar="ISO", help="verify as of this date-time (default: now)")
    p.add_argument(
        "--trust-anchor", action="append", default=[], metavar="PEM", help="trusted CA certificate(s)"
    )
    p.add_argument(
        "--status-list", action="append", default=[], metavar="FILE", help="status list credential"
    )
    p.add_argument("--no-status", action="store_true", help="do not check credentialStatus")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred render``: verify, lay out, write atomically; the exit code."""
    from ..errors import VerificationError
    from ..render import render
    from ._common import emit
    from ._input import read_input
    from .verify import build_verifier

    for name in ("trusted_lists", "lotl_signers", "shacl"):
        setattr(args, name, None)
    args.allow_network = False
    verifier = build_verifier(args)
    raw = read_input(args.credential, limit=verifier.policy.max_bytes, what="credential file")
    try:
        out = render(
            raw,
            format=args.format,
            verify_url=args.verify_url,
            credential_url=args.credential_url,
            verifier=verifier,
            allow_unverified=args.allow_unverified,
        )
    except VerificationError as exc:
        raise CliError(f"render: {args.credential}: {exc}", EXIT_INVALID) from exc
    emit(out, args.output)
    if args.output != "-":
        print(f"wrote {args.format.upper()} certificate {args.output}")
    return EXIT_OK
