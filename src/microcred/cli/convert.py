"""``microcred convert FILE --to elm|elm-v2|model``: between model JSON and Europass EDC (ELM 3) JSON-LD."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MicrocredError
from ._common import EXIT_OK, CliError, emit, error_message, read_json

TARGETS = ("elm", "elm-v2", "model")


def register(sub: Any) -> None:
    """Add the ``convert`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "convert",
        help="convert a micro-credential between model JSON and Europass EDC (ELM 3) JSON-LD",
        description="FILE may be model JSON (examples/microcredential.json) or an EDC credential, also "
        "wrapped "
        "({credential: ...}) or sealed (JAdES JSON serialisation). Outputs are unsigned.",
    )
    p.add_argument("file", metavar="FILE", help="input JSON file ('-' for stdin)")
    p.add_argument("--to", required=True, choices=TARGETS, help="elm: VC 1.1 EDC; elm-v2: VC 2.0 EDC; model")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    p.add_argument("--issuer-id", metavar="ID", help="use this IRI (e.g. the signing key's DID) as issuer id")
    p.add_argument("--credential-id", metavar="ID", help="use this IRI as the credential id")
    p.set_defaults(func=run)


def is_model_json(data: Any) -> bool:
    """True for micro-credential model JSON, False for a credential (EDC JSON-LD, wrapped or sealed)."""
    if not isinstance(data, dict):
        return False
    credential_keys = ("@context", "credentialSubject", "credential", "payload", "vc")
    return not any(k in data for k in credential_keys) and ("learner" in data or "awardingBodies" in data)


def load_microcredential(path: str, data: Any) -> Any:
    """The :class:`MicroCredential` in ``data``: model JSON (validated strictly) or a credential."""
    from ..elm import from_elm
    from ..model import MicroCredential

    try:
        if is_model_json(data):
            return MicroCredential.from_dict(data)
        return from_elm(data)
    except MicrocredError as exc:
        raise CliError(f"{path}: {error_message(exc)}") from exc


def run(args: argparse.Namespace) -> int:
    """Run ``microcred convert``: model JSON to ELM JSON-LD or back; the exit code."""
    from ..elm import to_elm

    data = read_json(args.file)
    mc = load_microcredential(args.file, data)
    try:
        if args.to == "model":
            out: dict[str, Any] = mc.to_dict()
        else:
            out = to_elm(
                mc,
                data_model="v2" if args.to == "elm-v2" else "v1",
                issuer_id=args.issuer_id,
                credential_id=args.credential_id,
            )
    except MicrocredError as exc:
        raise CliError(f"{args.file}: {error_message(exc)}") from exc
    emit(out, args.output)
    return EXIT_OK
