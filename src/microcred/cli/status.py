"""``microcred status ACTION``: run a Bitstring Status List registry (revoke, suspend, publish).

* ``create --url URL --purpose revocation|suspension [--size N] [--issuer DID] [--rollover TEMPLATE]``: register
  a status list (``TEMPLATE``, e.g. ``https://x/status/{n}``: where the next list goes when it is full).
* ``allocate CREDENTIAL_ID [--purpose P]... [--list URL]``: allocate entries (``issue --status-db`` does
  this).
* ``revoke|suspend|reinstate CREDENTIAL_ID [--reason TEXT]``: change a credential's status.
* ``publish --list URL --key KEY --format FORMAT [-o OUT]``: sign the status list credential to host at URL.
* ``publish --changed --out DIR --key KEY [--kind bitstring|token]...``: sign and write every list changed since
  it was last published (``DIR/<URL path>``; a Token Status List as ``DIR/<URL path>.jwt``).
* ``show [CREDENTIAL_ID | --list URL] [--json]``: what the registry holds.

Every action takes ``--db PATH_OR_URL`` (an SQLite file, default ``./microcred-status.sqlite``, or a
SQLAlchemy URL such as ``postgresql+psycopg://...``). Exit codes: 0 done, 2 bad input (unknown credential or
list, a revocation that cannot be undone).
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..status.bitstring import MIN_ENTRIES
from ..status.registry import DEFAULT_DB, REGISTRY_PURPOSES
from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_OK, CliError, emit, print_json


def register(sub: Any) -> None:
    """Add the ``status`` command and its actions to the CLI's subparsers."""
    p = sub.add_parser(
        "status",
        help="manage Bitstring Status Lists: create, revoke, suspend, reinstate, publish, show",
        description="The issuer side of W3C Bitstring Status List: a registry of status lists in an SQLite "
        "file or a database, random index allocation, revocation and suspension, and the signed status list "
        "credential to host.",
    )
    actions = p.add_subparsers(dest="status_action", metavar="ACTION")
    actions.required = True
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="PATH_OR_URL",
        help=f"registry: SQLite file or SQLAlchemy URL (default: ./{DEFAULT_DB})",
    )

    create = actions.add_parser("create", parents=[db], help="register a new status list")
    create.add_argument("--url", required=True, help="where the status list credential will be hosted")
    create.add_argument("--purpose", choices=REGISTRY_PURPOSES, default="revocation", help="status purpose")
    create.add_argument(
        "--size", type=int, default=MIN_ENTRIES, help=f"entries (default and minimum {MIN_ENTRIES})"
    )
    create.add_argument(
        "--issuer",
        metavar="DID",
        help="issuer of the status list credential (default: the controller of the --key given to "
        "'status publish')",
    )
    create.add_argument(
        "--rollover",
        metavar="TEMPLATE",
        help="URL template of the next list when this one is full, {n} the list number "
        "(e.g. https://registrar.example.edu/status/{n})",
    )
    create.set_defaults(func=run_create)

    allocate = actions.add_parser(
        "allocate", parents=[db], help="allocate credentialStatus entries for an id"
    )
    allocate.add_argument("credential_id", metavar="CREDENTIAL_ID")
    allocate.add_argument(
        "--purpose", action="append", choices=REGISTRY_PURPOSES, help="purpose(s) (default: all)"
    )
    allocate.add_argument("--list", dest="list_url", metavar="URL", help="allocate from this list")
    allocate.set_defaults(func=run_allocate)

    for action, text in (
        ("revoke", "revoke a credential (not reversible)"),
        ("suspend", "suspend a credential (reversible)"),
        ("reinstate", "lift a credential's suspension"),
    ):
        change = actions.add_parser(action, parents=[db], help=text)
        change.add_argument("credential_id", metavar="CREDENTIAL_ID")
        change.add_argument("--reason", help="why (kept in the registry's log, not published)")
        change.add_argument("--json", action="store_true", help="print the entry as JSON")
        change.set_defaults(func=run_change, action=action)

    publish = actions.add_parser("publish", parents=[db], help="sign the status list credential for hosting")
    which = publish.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", dest="list_url", metavar="URL", help="the status list")
    which.add_argument(
        "--changed", action="store_true", help="every list changed since it was last published (needs --out)"
    )
    publish.add_argument(
        "--out", metavar="DIR", help="with --changed: the folder to write to (DIR/<URL path>, atomically)"
    )
    publish.add_argument(
        "--kind",
        action="append",
        choices=("bitstring", "token"),
        help="with --changed: publish as a Bitstring Status List credential and/or a Token Status List "
        "(statuslist+jwt, DIR/<URL path>.jwt); default bitstring",
    )
    publish.add_argument("--key", required=True, metavar="KEY", help="private key (JWK or PEM)")
    publish.add_argument(
        "--format", "-f", default="eddsa-rdfc-2022", choices=ISSUE_FORMATS, help="securing format"
    )
    publish.add_argument("--data-model", choices=("v1", "v2"), help="VC data model (default per format)")
    publish.add_argument(
        "--valid-days", type=float, metavar="DAYS", help="set validUntil this many days ahead"
    )
    publish.add_argument("--now", metavar="ISO", help="publish as of this date-time (default: now)")
    publish.add_argument(
        "-o", "--output", metavar="OUT", help="output file (default: stdout); written atomically"
    )
    publish.set_defaults(func=run_publish)

    show = actions.add_parser("show", parents=[db], help="show lists, a list, or a credential's status")
    show.add_argument("credential_id", nargs="?", metavar="CREDENTIAL_ID")
    show.add_argument("--list", dest="list_url", metavar="URL", help="show this list")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)


def open_registry(args: argparse.Namespace, *, create: bool = False) -> Any:
    """Open the status registry named by ``--registry`` (a SQLite file or a database URL); ``create`` allows a new one."""
    from ..status.backend import is_url
    from ..status.registry import StatusRegistry

    if not create and not is_url(args.db) and not Path(args.db).is_file():
        raise CliError(
            f"no status registry at {args.db}; create a list first: "
            f"microcred status create --db {args.db} --url URL"
        )
    return StatusRegistry(args.db)


def _state(purpose: str, status: int) -> str:
    if status == 0:
        return "active"
    return {"revocation": "revoked", "suspension": "suspended"}.get(purpose, f"status {hex(status)}")


def run_create(args: argparse.Namespace) -> int:
    """Run ``microcred status create``: add a status list to the registry."""
    with open_registry(args, create=True) as registry:
        row = registry.create_list(
            args.url, args.purpose, size=args.size, issuer=args.issuer, rollover=args.rollover
        )
    print(f"created {row.purpose} list {row.url} ({row.size} entries) in {args.db}")
    return EXIT_OK


def run_allocate(args: argparse.Namespace) -> int:
    """Run ``microcred status allocate``: print the ``credentialStatus`` entry (or entries) for a credential id."""
    with open_registry(args) as registry:
        entries = registry.allocate(args.credential_id, args.purpose, list_url=args.list_url)
    print_json(entries[0] if len(entries) == 1 else entries)
    return EXIT_OK


def overall_state(rows: list[Any]) -> str:
    """A credential's state over all its entries: revoked beats suspended beats active."""
    states = {_state(r.purpose, r.status) for r in rows}
    return next((s for s in ("revoked", "suspended") if s in states), "active")


def run_change(args: argparse.Namespace) -> int:
    """Run ``microcred status revoke|suspend|reinstate`` on a credential's entries."""
    with open_registry(args) as registry:
        row = getattr(registry, args.action)(args.credential_id, reason=args.reason)
        rows = registry.entries(args.credential_id)
    if args.json:
        print_json(row.to_dict())
    else:
        print(
            f"{row.credential_id}: {row.purpose} entry {_state(row.purpose, row.status)} "
            f"({row.list_url}#{row.index}); the credential is {overall_state(rows)}"
        )
        if args.action == "reinstate" and overall_state(rows) == "revoked":
            print(
                "note: revocation is not reversible (Bitstring Status List §2.1); reinstate lifts a suspension only"
            )
        print("publish the list again so verifiers see it: microcred status publish --list " + row.list_url)
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    """Run ``microcred status publish``: sign the current status list credential (or every changed list) and
    write it."""
    from ..clock import resolve_clock
    from ._input import load_key

    if args.changed != (args.out is not None):
        raise CliError("--out DIR goes with --changed (one list: --list URL -o OUT)")
    if args.kind and not args.changed:
        raise CliError("--kind goes with --changed")
    if args.changed and args.output is not None:
        raise CliError("with --changed, name the folder with --out DIR (not -o)")
    key = load_key(args.key)
    valid_for = timedelta(days=args.valid_days) if args.valid_days is not None else None
    with open_registry(args) as registry:
        if args.changed:
            return _publish_changed(registry, args, key, resolve_clock(args.now), valid_for)
        version = registry.get_list(args.list_url).version  # read before the bits: a later change stays
        secured = registry.publish(
            args.list_url,
            key,
            format=args.format,
            clock=resolve_clock(args.now),
            data_model=args.data_model,
            valid_for=valid_for,
        )
        emit(secured, args.output)
        if args.output not in (None, "-"):
            registry.mark_published(args.list_url, version)
    return EXIT_OK


def _publish_changed(
    registry: Any, args: argparse.Namespace, key: Any, clock: Any, valid_for: timedelta | None
) -> int:
    out = Path(args.out)
    if not out.is_dir():
        raise CliError(f"--out {args.out}: no such folder")
    done = registry.publish_changed(
        out,
        key,
        kinds=tuple(args.kind or ("bitstring",)),
        format=args.format,
        clock=clock,
        data_model=args.data_model,
        valid_for=valid_for,
    )
    if not done:
        print(f"no status list changed since it was last published; nothing written to {args.out}")
        return EXIT_OK
    for item in done:
        print(f"published {item.url} ({item.kind}) to {item.location}")
    print(f"{len({item.url for item in done})} changed list(s) published to {args.out}")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    """Run ``microcred status show``: print the lists, or one credential's entries and their history."""
    with open_registry(args) as registry:
        if args.credential_id is not None:
            rows = registry.entries(args.credential_id)
            if not rows:
                raise CliError(f"the status registry has no entries for {args.credential_id!r}")
            data: Any = {
                "credentialId": args.credential_id,
                "entries": [{**r.to_dict(), "state": _state(r.purpose, r.status)} for r in rows],
                "history": registry.history(args.credential_id),
            }
            lines = [f"{args.credential_id}:"]
            lines += [
                f"  {r.purpose:<10} {_state(r.purpose, r.status):<9} {r.list_url}#{r.index}" for r in rows
            ]
        else:
            lists = [registry.get_list(args.list_url)] if args.list_url else registry.lists()
            data = [{**row.to_dict(), "set": registry.count_set(row.url)} for row in lists]
            lines = [
                f"{d['url']}  {d['purpose']:<10} {d['allocated']}/{d['size']} allocated, {d['set']} set"
                + ("; to publish" if d["changed"] else "")
                for d in data
            ] or [f"no status lists in {args.db}"]
    if args.json:
        print_json(data)
    else:
        print("\n".join(lines))
    return EXIT_OK
