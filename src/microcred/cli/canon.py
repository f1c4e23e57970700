"""``microcred canon FILE``: RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads file.

``--digest sha256`` prints the digest of those canonical N-Quads (what a proof hashes); ``--hash`` only picks the
hash function RDFC-1.0 uses inside the algorithm to label blank nodes.
"""

from __future__ import annotations

import argparse
import hashlib
from typing import Any, Literal

from ..jsonld.canonicalize import canonicalize
from ._common import EXIT_OK, CliError, emit, read_json, read_text


def register(sub: Any) -> None:
    """Add the ``canon`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "canon",
        help="print the RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads file",
        description="Canonicalize with RDFC-1.0 (JSON-LD in safe mode, offline with the bundled contexts).",
    )
    p.add_argument("file", metavar="FILE", help="JSON-LD or N-Quads file ('-' for stdin)")
    p.add_argument(
        "--from",
        dest="input_format",
        choices=["jsonld", "nquads"],
        help="input format (default: nquads for .nq/.nt files, otherwise jsonld)",
    )
    p.add_argument(
        "--hash",
        dest="hash_algorithm",
        choices=["sha256", "sha384"],
        default="sha256",
        help="the hash function RDFC-1.0 uses internally to label blank nodes (RDFC-1.0 section 4.4); it "
        "changes the labels, it does not print a digest (use --digest for that). Default: sha256",
    )
    p.add_argument(
        "--digest",
        choices=["sha256", "sha384", "sha512"],
        help="print the hex digest of the canonical N-Quads (UTF-8) instead of the N-Quads themselves",
    )
    p.add_argument(
        "--max-work", type=int, metavar="N", help="work limit for Hash N-Degree Quads (default: automatic)"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument(
        "--unsafe",
        action="store_true",
        help="diagnostics only: drop what JSON-LD safe mode would reject (the output is NOT safe to sign)",
    )
    p.set_defaults(func=_canon)


def _canon(args: argparse.Namespace) -> int:
    input_format: Literal["jsonld", "nquads"] = args.input_format or (
        "nquads" if args.file.endswith((".nq", ".nt")) else "jsonld"
    )
    if args.max_work is not None and args.max_work < 0:
        raise CliError("--max-work must be a non-negative number")
    data = read_text(args.file) if input_format == "nquads" else read_json(args.file)
    text = canonicalize(
        data,
        input_format=input_format,
        hash_algorithm=args.hash_algorithm,
        max_work=args.max_work,
        safe=not args.unsafe,
    )
    if args.digest:
        emit(hashlib.new(args.digest, text.encode("utf-8")).hexdigest() + "\n", args.output)
    elif text or args.output not in (None, "-"):
        emit(text, args.output)
    return EXIT_OK
