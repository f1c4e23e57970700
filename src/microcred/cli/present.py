"""``microcred present CREDENTIAL... --key HOLDER_KEY --format F [--challenge C] [--domain D] [--disclose PATH] -o OUT``.

The holder's side (:func:`microcred.present.present`): wrap the credentials in a presentation signed with the
holder's key, for the verifier's challenge and domain. Data Integrity presentations are written as JSON, ``vp+jwt``
and ``sd-jwt`` as one line of text; the output is written atomically.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._common import EXIT_OK, CliError, emit

#: microcred.present.PRESENT_FORMATS, spelled out so that the CLI imports the library lazily (a test keeps them equal)
FORMATS = ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "eddsa-jcs-2022", "ecdsa-jcs-2019", "vp+jwt", "sd-jwt")


def register(sub: Any) -> None:
    """Add ``microcred present`` to the sub-commands."""
    p = sub.add_parser(
        "present",
        help="present credentials to a verifier (holder's side): a signed presentation",
        description="Present CREDENTIAL files (as issued) in a presentation signed with the holder's KEY, for "
        "the verifier's challenge and domain. sd-jwt presents one SD-JWT VC revealing the --disclose paths.",
    )
    p.add_argument("credentials", nargs="+", metavar="CREDENTIAL", help="secured credential files")
    p.add_argument("--key", required=True, metavar="HOLDER_KEY", help="the holder's private key (JWK or PEM)")
    p.add_argument("--format", "-f", default="eddsa-rdfc-2022", choices=FORMATS, help="presentation format")
    p.add_argument("--challenge", metavar="C", help="the verifier's challenge (nonce)")
    p.add_argument("--domain", metavar="D", help="the verifier's domain (audience)")
    p.add_argument(
        "--disclose",
        action="append",
        metavar="PATH",
        help="what to reveal, repeatable: sd-jwt claim paths (learner.givenName), or JSON Pointers "
        "(/credentialSubject/fullName) into ecdsa-sd-2023 credentials",
    )
    p.add_argument("--now", metavar="ISO", help="present as of this date-time (default: now)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout); written atomically")
    p.set_defaults(func=run)


def _credential(path: str) -> Any:
    from ._input import decode_text, read_input, read_json_text

    raw = read_input(path, what="credential file")
    text = decode_text(raw, path, what="credential file").strip()
    if not text:
        raise CliError(f"{path}: the credential file is empty")
    return read_json_text(text, path) if text.startswith("{") else text


def run(args: argparse.Namespace) -> int:
    """Present the credential files; exit 0, or 2 with a one-line error."""
    from ..present import present
    from ._input import load_key

    credentials = [_credential(path) for path in args.credentials]
    key = load_key(args.key)
    shown = present(
        credentials,
        key,
        format=args.format,
        challenge=args.challenge,
        domain=args.domain,
        disclose=args.disclose,
        now=args.now,
    )
    emit(shown, args.output)
    return EXIT_OK
