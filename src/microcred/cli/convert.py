"""``microcred convert FILE --to elm|elm-v2|ob3|ebsi|loq|model``: between model JSON, Europass EDC (ELM 3) JSON-LD and
Open Badges 3.0 (docs/shapes.md).

``convert`` writes what it read: an EDC credential converted to model JSON keeps the credential (``elm``), so
converting that model JSON back to ELM gives the same RDF graph. Missing Annex I elements and concepts outside
the bundled vocabularies are warnings here (on stderr); ``validate`` and ``issue`` reject them.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from ..errors import MicrocredError
from ._common import EXIT_OK, CliError, emit, error_message, read_json

TARGETS = ("elm", "elm-v2", "ob3", "ebsi", "loq", "model")


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
    p.add_argument(
        "--to",
        required=True,
        choices=TARGETS,
        help="elm: VC 1.1 EDC; elm-v2: VC 2.0 EDC; ob3: Open Badges 3.0; ebsi: EBSI VCDM 2.0 Europass EDC "
        "(docs/shapes.md); loq: the offering as an ELM LOQ catalogue entry (docs/catalogue.md); model",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    p.add_argument("--issuer-id", metavar="ID", help="use this IRI (e.g. the signing key's DID) as issuer id")
    p.add_argument("--credential-id", metavar="ID", help="use this IRI as the credential id")
    p.add_argument("--language", default="en", help="with --to ob3: the language of its one-language texts")
    p.set_defaults(func=run)


def is_model_json(data: Any) -> bool:
    """True for micro-credential model JSON, False for a credential (EDC JSON-LD, wrapped or sealed)."""
    if not isinstance(data, dict):
        return False
    credential_keys = ("@context", "credentialSubject", "credential", "payload", "vc")
    return not any(k in data for k in credential_keys) and ("learner" in data or "awardingBodies" in data)


def load_microcredential(path: str, data: Any, *, lenient: bool = False) -> Any:
    """The :class:`MicroCredential` in ``data``: model JSON or a credential.

    Model JSON is validated strictly unless ``lenient`` (then, as for a credential, missing Annex I elements
    and concepts outside the bundled vocabularies are accepted)."""
    from ..elm import from_elm
    from ..model import MicroCredential
    from ..shapes.ob3_read import from_ob3, is_ob3

    try:
        if is_ob3(data):
            return from_ob3(data).model
        if is_model_json(data):
            return MicroCredential.from_dict(data, lenient=lenient, unknown_concepts=lenient)
        return from_elm(data)
    except MicrocredError as exc:
        raise CliError(f"{path}: {error_message(exc)}") from exc


def warn(path: str, message: str) -> None:
    """One warning line on stderr."""
    sys.stderr.write(f"warning: {path}: {message}\n")


def run(args: argparse.Namespace) -> int:
    """Run ``microcred convert``: model JSON to ELM JSON-LD or back; the exit code."""
    from ..elm import to_elm

    data = read_json(args.file)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mc = load_microcredential(args.file, data, lenient=True)
    for item in caught:
        warn(args.file, str(item.message))
    if mc.elm is not None and not is_model_json(data) and mc.ob3 is None:
        from ..undefined_members import describe, undefined_members

        try:
            undefined = undefined_members(mc.elm)
        except MicrocredError as exc:
            warn(args.file, f"the credential's JSON-LD could not be checked: {error_message(exc)}")
        else:
            if undefined:
                warn(args.file, describe(undefined) + "; convert keeps them as they are")
    for where, message in mc.missing_mandatory():
        if (where, message) not in mc.unknown_concepts():
            warn(args.file, f"{where}: {message} (needed to issue; convert keeps what it read)")
    try:
        if args.to == "model":
            out: dict[str, Any] = mc.to_dict()
        elif args.to in ("ob3", "ebsi", "loq"):
            out = _other_shape(mc, args)
        else:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out = to_elm(
                    mc,
                    data_model="v2" if args.to == "elm-v2" else "v1",
                    issuer_id=args.issuer_id,
                    credential_id=args.credential_id,
                )
            for item in caught:
                warn(args.file, str(item.message))
    except MicrocredError as exc:
        raise CliError(f"{args.file}: {error_message(exc)}") from exc
    emit(out, args.output)
    return EXIT_OK


def _other_shape(mc: Any, args: argparse.Namespace) -> dict[str, Any]:
    """``mc`` as Open Badges 3.0, an EBSI Europass EDC or a LOQ catalogue entry (warnings on stderr)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.to == "ebsi":
            from ..shapes.ebsi import to_ebsi

            out: dict[str, Any] = to_ebsi(mc, issuer_id=args.issuer_id, credential_id=args.credential_id)
        elif args.to == "loq":
            from ..shapes.loq import to_loq

            out = to_loq(mc)
        else:
            from ..shapes.ob3 import to_ob3

            out = to_ob3(
                mc, issuer_id=args.issuer_id, credential_id=args.credential_id, language=args.language
            )
    for item in caught:
        warn(args.file, str(item.message))
    return out
