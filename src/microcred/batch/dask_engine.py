"""Batches beyond one machine: issue on a Dask cluster (``dask.distributed``), restart-safe (issue 19 item 5).

:func:`issue_on_cluster` reads the records here (JSON Lines, CSV, Parquet, or any iterable), cuts them into
partitions of ``partition_size`` records and submits each partition as one task
(:func:`~microcred.batch.dask_task.issue_partition`) with a bounded number of partitions in flight, so memory
stays flat whatever the input size. Each worker reserves its partition's status entries in one block from the
shared registry, issues, and writes every credential atomically into ``out`` (a folder or any fsspec URL); only
a small summary per partition comes back. The job is restart-safe: run it again after a crash and the
credentials already written are skipped, and those reserved but not written get their same status entries back.

The signer reaches the workers as a description (:mod:`microcred.batch.signer_spec`): a PKCS#11 URI or a CSC
service is opened on each worker; an in-process :class:`~microcred.keys.Key` is sent as its private JWK.

Dask (``pip install 'microcred[dask]'``) is imported only here, when a distributed batch runs; ``import
microcred`` never imports it. See docs/scale.md.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..clock import Clock, resolve_clock
from ..errors import BatchWorkerError, ClusterUnavailableError, UsageError
from ..issue_options import IssueOptions, check_options
from .dask_task import EXISTED, PartitionJob, PartitionSummary, issue_partition
from .outcome import BatchOutcome
from .outputs import OutputFolder
from .records import BatchRecord, as_records
from .signer_spec import signer_spec
from .worker import BatchConfig

if TYPE_CHECKING:
    from ..issuer import DataModel

#: Records per partition (one task, one status block, one summary).
DEFAULT_PARTITION_SIZE = 1000
#: Partitions in flight per worker thread.
PARTITIONS_PER_THREAD = 2


def _dask() -> Any:
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - the [dask] extra installs it
        raise UsageError("a distributed batch needs Dask: pip install 'microcred[dask]'") from exc
    return distributed


def connect(scheduler: str, *, timeout: float = 10.0) -> Any:
    """A ``distributed.Client`` of the scheduler at ``scheduler`` (``tcp://HOST:PORT``); a clear error if it cannot
    be reached within ``timeout`` seconds (:class:`~microcred.errors.ClusterUnavailableError`)."""
    distributed = _dask()
    try:
        return distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnavailableError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def local_cluster(workers: int | None = None, *, memory_limit: str | None = None) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` processes (default: every core), one thread each, listening
    on 127.0.0.1 only; close it (or use it as a context manager) when done."""
    from .pool import default_workers

    distributed = _dask()
    count = default_workers() if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise UsageError(f"workers must be a whole number >= 1, not {workers!r}")
    try:
        return distributed.LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # the scheduler's HTTP endpoint: loopback, any free port
            memory_limit=memory_limit or "auto",
        )
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailableError(f"cannot start a local Dask cluster: {exc}") from exc


@dataclass(frozen=True)
class ClusterPartition:
    """One finished partition: the worker's summary and one :class:`BatchOutcome` per record (no credential)."""

    summary: PartitionSummary
    outcomes: tuple[BatchOutcome, ...]


def issue_on_cluster(
    records: Iterable[Any] | str | os.PathLike[str],
    signer: Any,
    *,
    client: Any,
    out: str | os.PathLike[str],
    format: str = "eddsa-rdfc-2022",
    status: str | os.PathLike[str] | None = None,
    now: Clock | datetime | str | None = None,
    data_model: DataModel | None = None,
    loader: Any = None,
    template: dict[str, Any] | None = None,
    indent: int | None = None,
    options: IssueOptions | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    signer_batch: int = 64,
) -> Iterator[ClusterPartition]:
    """Issue ``records`` on the cluster of ``client`` into ``out``; one :class:`ClusterPartition` per partition, in
    input order.

    ``signer``: a :class:`~microcred.keys.Key` (sent to the workers as its private JWK), a
    :class:`~microcred.batch.signer_spec.Pkcs11Spec` / :class:`~microcred.batch.signer_spec.CscSpec`, or a
    ``pkcs11:`` / ``csc:`` reference (opened on each worker). ``status``: the registry's database (an SQLite path
    every worker can open, or a SQLAlchemy URL). ``out``: a folder or an fsspec URL every worker can write. A
    credential whose output exists is not issued again (``BatchOutcome.existed``).
    """
    from ..suites.registry import ISSUE_FORMATS

    if format not in ISSUE_FORMATS:
        raise UsageError(f"unknown format {format!r}; choose one of: {', '.join(ISSUE_FORMATS)}")
    for name, value in (("partition_size", partition_size), ("signer_batch", signer_batch)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UsageError(f"{name} must be a whole number >= 1, not {value!r}")
    if status is not None and not isinstance(status, str | os.PathLike):
        raise UsageError(
            "cluster workers open the status registry themselves: give its database (path or URL)"
        )
    folder = OutputFolder(os.fspath(out))
    folder.create()
    config = BatchConfig(
        key=None,
        format=format,
        clock=resolve_clock(now),
        data_model=data_model,
        loader=loader,
        status_db=None if status is None else os.fspath(status),
        template=template,
        indent=indent,
        options=check_options(options, where="issue_on_cluster"),
    )
    job = PartitionJob(secrets.token_hex(8), config, signer_spec(signer), folder.url, signer_batch)
    return _run(client, job, as_records(records), partition_size)


def _threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def _run(
    client: Any, job: PartitionJob, source: Iterable[BatchRecord], size: int
) -> Iterator[ClusterPartition]:
    from .pool import _chunks, locate

    distributed = _dask()
    shared = client.scatter(job, broadcast=True, hash=False)
    limit = _threads(client) * PARTITIONS_PER_THREAD
    chunks = enumerate(_chunks(source, size))
    pending: deque[tuple[Any, list[BatchRecord]]] = deque()

    def submit(index: int, chunk: list[BatchRecord]) -> None:
        payloads = [r.payload() for r in chunk]
        future = client.submit(
            issue_partition, shared, index, payloads, pure=False, key=f"microcred-{job.job}-{index}"
        )
        pending.append((future, chunk))

    try:
        for index, chunk in itertools.islice(chunks, limit):
            submit(index, chunk)
        while pending:
            future, chunk = pending.popleft()
            try:
                summary: PartitionSummary = future.result()
            except (distributed.KilledWorker, distributed.CancelledError, OSError) as exc:
                raise BatchWorkerError(
                    f"the cluster could not issue records {chunk[0].number}-{chunk[-1].number} "
                    f"({type(exc).__name__}: {exc}); run the job again: what was written is kept"
                ) from exc
            following = next(chunks, None)
            if following is not None:
                submit(*following)
            outcomes = []
            for record, (number, cid, state, error) in zip(chunk, summary.outcomes, strict=True):
                outcome = BatchOutcome(number, cid, error=error, existed=state == EXISTED)
                outcomes.append(locate(record, outcome))
            yield ClusterPartition(summary, tuple(outcomes))
    finally:
        for future, _ in pending:  # running partitions finish on their workers; the rest never start
            with contextlib.suppress(Exception):  # the client may be closed already
                future.cancel()
