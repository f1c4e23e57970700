"""``microcred issue-batch INPUT --engine dask [--workers N] | --scheduler tcp://HOST:PORT``: a batch on a Dask
cluster (:mod:`microcred.batch.dask_engine`, docs/scale.md).

The scheduler is reached (or a local cluster started) before the output folder is created, so a cluster that
cannot be reached leaves nothing behind (exit code 2). Progress as for the process engine (and, when stderr is not
a terminal, a plain progress line every 5 seconds, as ``verify --workers`` does); the summary adds the
credentials an earlier run had written (skipped), and the figures of the run: partitions, workers, peak memory
per worker, status allocations per second and CPU milliseconds per credential.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import ClusterUnavailableError
from ._common import EXIT_INVALID, EXIT_OK, CliError, print_json


def _cluster(args: argparse.Namespace, stack: contextlib.ExitStack) -> Any:
    from ..batch.dask_engine import connect, local_cluster

    try:
        if args.scheduler is not None:
            if args.workers is not None:
                raise CliError("--workers starts a local cluster; a --scheduler has its own workers")
            return stack.enter_context(connect(args.scheduler, timeout=args.connect_timeout))
        from distributed import Client

        cluster = stack.enter_context(local_cluster(args.workers))
        return stack.enter_context(Client(cluster, set_as_default=False))  # type: ignore[no-untyped-call]
    except ClusterUnavailableError as exc:
        raise CliError(f"{exc.message} (nothing was issued)") from exc


def _signer(args: argparse.Namespace) -> Any:
    if args.signer:
        from ..batch.signer_spec import CscSpec, Pkcs11Spec

        if args.signer.startswith("pkcs11:"):
            return Pkcs11Spec(args.signer, kid=args.kid)
        if args.signer.startswith("csc:"):
            return CscSpec.from_reference(args.signer, kid=args.kid)
        raise CliError(f"unknown signer {args.signer[:40]!r}: use pkcs11:… (RFC 7512) or csc:https://…")
    from ._input import load_key

    return load_key(args.key)


def run_dask(args: argparse.Namespace, template: dict[str, Any] | None) -> int:
    """Run ``issue-batch`` on a Dask cluster; the exit code."""
    from ..batch import count_records, read_records
    from ..batch.dask_engine import DEFAULT_PARTITION_SIZE, issue_on_cluster
    from ..batch.progress import PLAIN_EVERY, Progress

    if args.overwrite:
        raise CliError("--overwrite: a Dask batch skips the credentials already written (to restart a job)")
    if args.partition_size is not None and args.partition_size < 1:
        raise CliError("--partition-size must be at least 1")
    signer = _signer(args)
    source = Path(args.input)
    records = read_records(source, kind=args.input_format)
    # a long cluster job shows life in logs too: a plain progress line every few seconds when not on a terminal
    plain = None if args.quiet else PLAIN_EVERY
    progress = Progress(sys.stderr, None, enabled=False if args.quiet else None, plain_every=plain)
    if progress.enabled:
        progress.total = count_records(source, kind=args.input_format)
    counts = {"issued": 0, "existed": 0, "failed": 0}
    figures = {"partitions": 0, "cpu": 0.0, "allocations": 0, "allocation_seconds": 0.0}
    peaks: dict[str, int] = {}
    failures: list[Any] = []
    with contextlib.ExitStack() as stack:
        client = _cluster(args, stack)
        started = time.perf_counter()
        partitions = issue_on_cluster(
            records,
            signer,
            client=client,
            out=args.out,
            format=args.format,
            status=args.status_db,
            now=args.now,
            data_model=args.data_model,
            template=template,
            indent=args.indent,
            partition_size=args.partition_size or DEFAULT_PARTITION_SIZE,
        )
        try:
            for partition in partitions:
                summary = partition.summary
                figures["partitions"] += 1
                figures["cpu"] += summary.cpu_seconds
                figures["allocations"] += summary.allocations
                figures["allocation_seconds"] += summary.allocation_seconds
                peaks[summary.worker] = max(peaks.get(summary.worker, 0), summary.peak_rss)
                for outcome in partition.outcomes:
                    state = "failed" if not outcome.ok else "existed" if outcome.existed else "issued"
                    counts[state] += 1
                    if not outcome.ok:
                        if args.json:
                            failures.append(outcome)
                        elif not args.quiet:
                            named = f" ({outcome.credential_id})" if outcome.credential_id else ""
                            progress.message(
                                f"microcred: {source.name} line {outcome.number}{named}: {outcome.error}"
                            )
                    progress.update(ok=outcome.ok)
        finally:
            progress.clear()
        seconds = time.perf_counter() - started
    total = sum(counts.values())
    if total == 0:
        raise CliError(f"{source}: no records")
    _report(args, source, counts, figures, peaks, failures, seconds)
    return EXIT_INVALID if counts["failed"] else EXIT_OK


def _report(
    args: argparse.Namespace,
    source: Path,
    counts: dict[str, int],
    figures: dict[str, Any],
    peaks: dict[str, int],
    failures: list[Any],
    seconds: float,
) -> None:
    issued, existed, failed = counts["issued"], counts["existed"], counts["failed"]
    rate = issued / seconds if seconds > 0 else 0.0
    allocation_rate = (
        figures["allocations"] / figures["allocation_seconds"] if figures["allocation_seconds"] else 0.0
    )
    peak_mib = max(peaks.values(), default=0) / 2**20
    cpu_ms = 1000 * figures["cpu"] / issued if issued else 0.0
    if args.quiet:
        return
    if args.json:
        print_json(
            {
                "input": str(source),
                "out": args.out,
                "format": args.format,
                "engine": "dask",
                "records": issued + existed + failed,
                "issued": issued,
                "existed": existed,
                "failed": failed,
                "seconds": round(seconds, 3),
                "credentialsPerSecond": round(rate, 1),
                "partitions": figures["partitions"],
                "workers": len(peaks),
                "peakMemoryPerWorkerMiB": round(peak_mib, 1),
                "statusAllocations": figures["allocations"],
                "statusAllocationsPerSecond": round(allocation_rate, 1),
                "cpuMsPerCredential": round(cpu_ms, 2),
                "failures": [f.to_dict() for f in failures],
            }
        )
        return
    skipped = f", {existed:,} already written" if existed else ""
    print(
        f"issued {issued:,}{skipped}, failed {failed:,} of {issued + existed + failed:,} records in {seconds:.2f} s "
        f"({rate:,.0f} credentials/s) -> {args.out}"
    )
    print(
        f"{figures['partitions']:,} partitions on {len(peaks)} workers; peak memory per worker {peak_mib:,.0f} MiB; "
        f"{figures['allocations']:,} status allocations ({allocation_rate:,.0f}/s); {cpu_ms:.1f} CPU ms per credential"
    )
