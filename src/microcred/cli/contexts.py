"""``microcred contexts list|export``: the bundled JSON-LD contexts."""

from __future__ import annotations

import argparse
from typing import Any

from ..jsonld.contexts import bundled_contexts, export_contexts
from ._common import EXIT_OK, print_json


def register(sub: Any) -> None:
    """Add the ``contexts`` command (``list`` / ``export``) to the CLI's subparsers."""
    p = sub.add_parser("contexts", help="list or export the bundled JSON-LD contexts")
    csub = p.add_subparsers(dest="contexts_command", metavar="ACTION")
    csub.required = True
    lp = csub.add_parser("list", help="print URL, sha256 and file of every bundled context")
    lp.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lp.set_defaults(func=_list)
    ep = csub.add_parser(
        "export", help="copy the contexts and an index.json into DIR (for hosting or preloading)"
    )
    ep.add_argument("dir", metavar="DIR")
    ep.set_defaults(func=_export)


def _list(args: argparse.Namespace) -> int:
    entries = bundled_contexts()
    if args.json:
        print_json(
            {
                url: {"file": e.file, "sha256": e.sha256, "source": e.source}
                for url, e in sorted(entries.items())
            }
        )
        return EXIT_OK
    for url, e in sorted(entries.items()):
        print(f"{url}\t{e.sha256}\t{e.file}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    out = export_contexts(args.dir)
    print(f"exported {len(bundled_contexts())} contexts and index.json to {out}")
    return EXIT_OK
