"""``microcred issue-batch INPUT.(jsonl|csv|parquet) --key KEY --out DIR``: issue a credential per record, on all
cores (or on a Dask cluster: ``--engine dask`` / ``--scheduler tcp://HOST:PORT``, :mod:`.batch_dask`).

One file per credential in DIR (named from the credential id, written atomically), a progress bar on a
terminal (stderr), each failed record reported with its line number while the others go on, and a summary.
Exit codes: 0 every record issued; 1 some record failed; 2 usage or input error (unreadable input, bad CSV
header, unreadable key).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import BatchOutputExistsError
from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_INVALID, EXIT_OK, CliError, print_json, read_json


def register(sub: Any) -> None:
    """Add the ``issue-batch`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "issue-batch",
        help="issue a credential for every line of a JSONL or CSV file",
        description="Issue a credential for each record of INPUT (JSON Lines: one model JSON or JSON-LD "
        "credential per line; CSV: one micro-credential per row, columns named by model paths, see "
        "docs/batch.md) into DIR, on all cores. Exit 0 all issued, 1 some failed, 2 usage/input error.",
    )
    p.add_argument("input", metavar="INPUT", help="a .jsonl, .csv or .parquet file")
    p.add_argument("--key", metavar="KEY", help="private key (JWK or PEM)")
    p.add_argument(
        "--signer",
        metavar="REF",
        help="sign with a key that never enters the process: pkcs11:…?pin-source=env:PIN or csc:https://…",
    )
    p.add_argument(
        "--kid", metavar="ID", help="with --signer: the verification method id of the signer's key"
    )
    p.add_argument("--format", "-f", default="eddsa-rdfc-2022", choices=ISSUE_FORMATS, help="securing format")
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="output folder (created if missing; with dask: or an fsspec URL)",
    )
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: every core)")
    p.add_argument(
        "--engine",
        choices=("processes", "dask"),
        help="processes on this machine (default) or a Dask cluster",
    )
    p.add_argument(
        "--scheduler", metavar="URL", help="the Dask scheduler to run on (tcp://HOST:PORT; implies dask)"
    )
    p.add_argument(
        "--partition-size", type=int, metavar="N", help="dask: records per partition (default 1000)"
    )
    p.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="dask: seconds to reach the scheduler",
    )
    p.add_argument(
        "--status-db", metavar="DB", help="status registry (SQLite path or SQLAlchemy URL) to allocate from"
    )
    p.add_argument("--now", metavar="ISO", help="issue as of this date-time (default: now)")
    p.add_argument(
        "--data-model", choices=("v1", "v2"), help="VC data model for model records (default per format)"
    )
    p.add_argument(
        "--template",
        metavar="FILE",
        help="model JSON every model record (JSONL object, CSV row) is merged into",
    )
    p.add_argument(
        "--input-format", choices=("jsonl", "csv", "parquet"), help="INPUT's kind (default: from its suffix)"
    )
    p.add_argument("--overwrite", action="store_true", help="replace output files that already exist")
    p.add_argument("--indent", type=int, metavar="N", help="indent output JSON (default: compact)")
    p.add_argument("--json", action="store_true", help="print the summary (and every failure) as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, failures or summary")
    p.set_defaults(func=run)


def _template(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    data = read_json(path)
    if not isinstance(data, dict):
        raise CliError(f"{path}: a template is a JSON object of model fields")
    return data


def _check_status_db(db: str | None) -> None:
    if db is None:
        return
    from ..status import StatusRegistry

    with StatusRegistry(db) as registry:
        if not registry.lists():
            raise CliError(
                f"the status registry {db} has no status lists; create one with 'microcred status create'"
            )


def _checked(args: argparse.Namespace) -> tuple[Path, dict[str, Any] | None]:
    """The input file and the template, once every option that does not depend on the engine is checked."""
    from ._input import check_regular_file

    source = Path(args.input)
    if not source.exists():
        raise CliError(f"{source}: no such file")
    check_regular_file(args.input, what="batch input")
    if args.workers is not None and args.workers < 1:
        raise CliError("--workers must be at least 1")
    if (args.key is None) == (args.signer is None):
        raise CliError("issue-batch: give --key KEY or --signer REF (one of them)")
    if args.kid and not args.signer:
        raise CliError("issue-batch: --kid goes with --signer (a key file carries its own kid)")
    template = _template(args.template)
    _check_status_db(args.status_db)
    return source, template


def _key(args: argparse.Namespace) -> Any:
    """The key (or the opened signer) of the process engine."""
    if args.partition_size is not None:
        raise CliError("--partition-size is for --engine dask")
    if args.signer:
        from ..signers.uri import open_signer

        return open_signer(args.signer, kid=args.kid)
    from ._input import load_key

    return load_key(args.key)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred issue-batch``: issue every record, write the outcomes, print a summary; the exit code."""
    from ..batch import count_records, issue_many, read_records
    from ..batch.files import OutcomeWriter
    from ..batch.heap import batch_heap
    from ..batch.outcome import BatchOutcome, RecordError
    from ..batch.progress import Progress

    source, template = _checked(args)
    if args.engine == "dask" or args.scheduler is not None:
        from .batch_dask import run_dask

        return run_dask(args, template)
    key = _key(args)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {out}: {exc.strerror or exc}") from exc
    records = read_records(source, kind=args.input_format)

    progress = Progress(sys.stderr, None, enabled=False if args.quiet else None)
    if progress.enabled:
        progress.total = count_records(source, kind=args.input_format)
    started = time.perf_counter()
    outcomes = issue_many(
        records,
        key,
        format=args.format,
        workers=args.workers,
        status=args.status_db,
        now=args.now,
        data_model=args.data_model,
        template=template,
        serialized=True,
        encoded=True,
        indent=args.indent,
    )
    counts = {"issued": 0, "failed": 0}
    failures: list[BatchOutcome] = []  # kept for --json only

    def report(outcome: BatchOutcome, error: Exception | None) -> None:
        if isinstance(error, BatchOutputExistsError):
            outcome = BatchOutcome(
                outcome.number, outcome.credential_id, error=RecordError.from_exception(error)
            )
        elif error is not None:
            raise error  # the output folder cannot be written: the command fails
        counts["issued" if outcome.ok else "failed"] += 1
        if not outcome.ok:
            if args.json:
                failures.append(BatchOutcome(outcome.number, outcome.credential_id, error=outcome.error))
            if not args.quiet and not args.json:
                named = f" ({outcome.credential_id})" if outcome.credential_id else ""
                progress.message(f"microcred: {source.name} line {outcome.number}{named}: {outcome.error}")
        progress.update(ok=outcome.ok)

    # files are written a group at a time on a background thread, reported in input order
    writer = OutcomeWriter(out, overwrite=args.overwrite)
    with batch_heap():  # this process runs the batch now: fewer collector passes (restored afterwards)
        try:
            for outcome in outcomes:
                for written, error in writer.put(outcome):
                    report(written, error)
            for written, error in writer.finish():
                report(written, error)
        finally:
            writer.close()
            progress.clear()
    issued, failed = counts["issued"], counts["failed"]
    seconds = time.perf_counter() - started
    total = issued + failed
    if total == 0:
        raise CliError(f"{source}: no records")
    rate = issued / seconds if seconds > 0 else 0.0
    if args.json and not args.quiet:
        print_json(
            {
                "input": str(source),
                "out": str(out),
                "format": args.format,
                "records": total,
                "issued": issued,
                "failed": failed,
                "seconds": round(seconds, 3),
                "credentialsPerSecond": round(rate, 1),
                "failures": [f.to_dict() for f in failures],
            }
        )
    elif not args.quiet:
        print(
            f"issued {issued:,}, failed {failed:,} of {total:,} records in {seconds:.2f} s "
            f"({rate:,.0f} credentials/s) -> {out}"
        )
    return EXIT_INVALID if failed else EXIT_OK
