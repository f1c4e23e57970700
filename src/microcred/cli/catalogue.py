"""``microcred catalogue MODEL... -o catalogue.jsonld``: the offerings of micro-credentials as one catalogue.

Each MODEL (model JSON, or a credential ``convert`` reads) becomes an ELM LOQ entry (a ``LearningOpportunity``
with its ``Qualification``); the catalogue is a DCAT dataset of them (docs/catalogue.md).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from ..errors import MicrocredError
from ._common import EXIT_OK, CliError, emit, error_message, read_json


def register(sub: Any) -> None:
    """Add the ``catalogue`` sub-command to ``sub``."""
    p = sub.add_parser(
        "catalogue",
        help="write the offerings of micro-credentials as one ELM LOQ catalogue (a DCAT dataset)",
        description="Each MODEL becomes a catalogue entry (ELM LOQ LearningOpportunity and Qualification).",
    )
    p.add_argument("models", nargs="+", metavar="MODEL", help="model JSON or credential files")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    p.add_argument("--id", default="urn:microcred:catalogue", metavar="IRI", help="the catalogue's id")
    p.add_argument("--title", default="Micro-credentials", help="the catalogue's title (English)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred catalogue`` (exit 0, or 2 with a message naming the file)."""
    from ..shapes.catalogue import catalogue
    from .convert import load_microcredential

    models = []
    for path in args.models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # reading notes are convert's business
            models.append(load_microcredential(path, read_json(path), lenient=True))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = catalogue(models, catalogue_id=args.id, title={"en": args.title})
    except MicrocredError as exc:
        raise CliError(error_message(exc)) from exc
    for item in caught:
        sys.stderr.write(f"warning: {item.message}\n")
    emit(out, args.output)
    return EXIT_OK
