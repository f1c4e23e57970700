"""One partition of a distributed batch, as a cluster worker runs it (plain Python: no Dask import here).

:func:`issue_partition` is the Dask task of :mod:`microcred.batch.dask_engine`. For its records it

1. reads each record into a credential and fixes its id (a model without one gets the id derived from its
   content, so a job started again finds the same ids);
2. skips each credential whose output file already exists (written by an earlier run of the job);
3. reserves the status entries of all the others in one block per purpose
   (:class:`~microcred.batch.status_blocks.ReservedStatus`; idempotent per credential id);
4. issues them — through a hardware or remote signer ``signer_batch`` at a time, each window's signatures
   requested with one ``sign_many`` (:mod:`microcred.batch.coalescing`) — and writes each credential atomically
   as soon as it is signed (:class:`~microcred.batch.outputs.OutputFolder`);
5. returns a small :class:`PartitionSummary` (counts, one ``(number, id, state, error)`` per record, timings):
   no credential goes back through the scheduler.

The worker's issuer (key or signer, suite, loader, status registry, output folder) is built once per worker
thread and job (:func:`_state_for`).
"""

from __future__ import annotations

import functools
import resource
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from ..compact_json import credential_file_text
from ..errors import BatchOutputExistsError, SigningError
from .coalescing import CoalescingKey, issue_window
from .outcome import RecordError
from .outputs import OutputFolder, name_for
from .records import RecordKind
from .signer_spec import SignerSpec, open_spec
from .status_blocks import ReservedStatus
from .worker import BatchConfig, WorkerState

ISSUED, EXISTED, FAILED = "issued", "existed", "failed"
Payload = tuple[int, RecordKind, Any]


@dataclass(frozen=True)
class PartitionJob:
    """Everything a worker needs for the partitions of one job (picklable; the same for every task)."""

    job: str  # a random token: workers cache their issuer per job
    config: BatchConfig  # key=None: the signer comes from ``signer``
    signer: SignerSpec
    out: str
    signer_batch: int = 64


@dataclass(frozen=True)
class PartitionSummary:
    """What a partition reports: per record ``(number, credential id, state, error)``, counts and figures."""

    index: int
    outcomes: tuple[tuple[int, str | None, str, RecordError | None], ...]
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    allocations: int = 0
    allocation_seconds: float = 0.0
    round_trips: int = 0
    peak_rss: int = 0  # bytes, the worker process's peak resident memory so far
    worker: str = ""

    def count(self, state: str) -> int:
        """How many records of the partition ended in ``state`` (issued, existed, failed)."""
        return sum(1 for o in self.outcomes if o[2] == state)


class _PartitionState:
    """One worker thread's issuer for one job."""

    def __init__(self, job: PartitionJob) -> None:
        from ..signers import SignerKey

        key = open_spec(job.signer)
        self.coalescing = CoalescingKey(key) if isinstance(key, SignerKey) else None
        self.state = WorkerState(job.config, key=self.coalescing or key)
        self.reserved = (
            ReservedStatus(self.state.owned_status) if self.state.owned_status is not None else None
        )
        self.out = OutputFolder(job.out)
        self.job = job

    def close(self) -> None:
        if self.reserved is not None:
            self.reserved.close()
        self.state.close()
        closer = getattr(getattr(self.state.issuer.key, "signer", None), "close", None)
        if callable(closer):
            closer()


_local = threading.local()


def _state_for(job: PartitionJob) -> _PartitionState:
    cached: _PartitionState | None = getattr(_local, "state", None)
    if cached is not None and cached.job.job == job.job:
        return cached
    if cached is not None:
        cached.close()
    _local.state = None
    fresh = _PartitionState(job)
    _local.state = fresh
    return fresh


def issue_partition(job: PartitionJob, index: int, payloads: list[Payload]) -> PartitionSummary:
    """Issue the records of partition ``index`` (restart-safe: existing outputs are skipped); its summary."""
    started, cpu = time.perf_counter(), time.thread_time()
    ps = _state_for(job)
    fmt = job.config.format
    results: dict[int, tuple[int, str | None, str, RecordError | None]] = {}
    todo: list[tuple[int, Any, str]] = []  # (number, credential, id)
    seen: set[str] = set()
    for number, kind, data in payloads:
        if kind == "error":
            results[number] = (number, None, FAILED, data)
            continue
        known: list[str | None] = [None]
        try:
            credential, credential_id = ps.state.prepare(kind, data, known)
            if credential_id is None:
                raise SigningError("a credential of a distributed batch needs an id (its output file's name)")
            if credential_id in seen:
                raise BatchOutputExistsError(f"{credential_id} is in this input twice; issued once")
            seen.add(credential_id)
        except Exception as exc:
            results[number] = (number, known[0], FAILED, RecordError.from_exception(exc))
            continue
        if ps.out.exists(name_for(credential_id, fmt)):
            results[number] = (number, credential_id, EXISTED, None)
        else:
            todo.append((number, credential, credential_id))
    allocations, allocation_seconds = _reserve(ps, todo, results)
    round_trips = ps.coalescing.round_trips if ps.coalescing else 0
    jobs = [functools.partial(_issue_one, ps, number, credential, cid) for number, credential, cid in todo]
    if ps.coalescing is not None:
        done = []
        for start in range(0, len(jobs), job.signer_batch):
            done += issue_window(ps.coalescing, jobs[start : start + job.signer_batch])
    else:
        done = [run() for run in jobs]
    for outcome in done:
        results[outcome[0]] = outcome
    if ps.reserved is not None:
        ps.reserved.forget()
    return PartitionSummary(
        index,
        tuple(results[number] for number, _, _ in payloads),
        seconds=time.perf_counter() - started,
        cpu_seconds=time.thread_time() - cpu,
        allocations=allocations,
        allocation_seconds=allocation_seconds,
        round_trips=(ps.coalescing.round_trips - round_trips) if ps.coalescing else 0,
        peak_rss=_peak_rss(),
        worker=f"{_hostname()}:{_pid()}",
    )


def _reserve(
    ps: _PartitionState,
    todo: list[tuple[int, Any, str]],
    results: dict[int, tuple[int, str | None, str, RecordError | None]],
) -> tuple[int, float]:
    """Reserve the status entries of ``todo`` in one block; on failure every record of it fails (nothing issued)."""
    if ps.reserved is None or not todo:
        return 0, 0.0
    before, seconds = ps.reserved.allocations, ps.reserved.seconds
    try:
        ps.reserved.reserve([cid for _, _, cid in todo])
    except Exception as exc:
        error = RecordError.from_exception(exc)
        for number, _, cid in todo:
            results[number] = (number, cid, FAILED, error)
        todo.clear()
        return 0, 0.0
    return ps.reserved.allocations - before, ps.reserved.seconds - seconds


def _issue_one(
    ps: _PartitionState, number: int, credential: Any, credential_id: str
) -> tuple[int, str | None, str, RecordError | None]:
    try:
        secured = ps.state.issuer.issue(credential, options=ps.state.config.options, status=ps.reserved)
        ps.out.write(
            name_for(credential_id, ps.job.config.format),
            credential_file_text(secured, indent=ps.state.config.indent),
        )
    except Exception as exc:  # one bad record never stops the partition
        return (number, credential_id, FAILED, RecordError.from_exception(exc))
    return (number, credential_id, ISSUED, None)


def _peak_rss() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _hostname() -> str:
    import socket

    return socket.gethostname()


def _pid() -> int:
    import os

    return os.getpid()
