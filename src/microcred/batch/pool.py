"""``issue_many``: issue a batch of credentials on every core, in constant memory, outcomes in input order.

Records are read lazily and sent to worker processes in chunks; at most ``4 x workers`` chunks are in flight, so
memory stays the same whatever the batch size. Outcomes come back in input order (a chunk's outcomes are yielded
when it and every chunk before it are done), each with its record's line number. ``workers=1`` issues in the
calling process, with no pool.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..clock import Clock, resolve_clock
from ..errors import BatchWorkerError, UsageError
from ..issue_options import IssueOptions, check_options
from ..keys import Key
from ..signers import Signer as SignerProtocol
from ..signers import SignerKey, as_key
from .coalescing import CoalescingKey, issue_window
from .csv_columns import column_for
from .outcome import BatchOutcome, RecordError
from .records import BatchRecord, as_records
from .worker import BatchConfig, KeySpec, WorkerState, init_worker, issue_chunk

if TYPE_CHECKING:
    from ..issuer import DataModel
    from ..signers import Signer
    from .signer_spec import SignerSpec

#: Records whose signatures a remote / hardware signer makes in one ``sign_many``.
DEFAULT_SIGNER_BATCH = 64
#: Records sent to a worker at a time, and chunks in flight per worker.
DEFAULT_CHUNK_SIZE = 8
CHUNKS_PER_WORKER = 4


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def issue_many(
    records: Iterable[Any] | str | os.PathLike[str],
    key: Key | Signer | SignerSpec | str,
    *,
    format: str = "eddsa-rdfc-2022",
    workers: int | None = None,
    status: Any = None,
    now: Clock | datetime | str | None = None,
    data_model: DataModel | None = None,
    loader: Any = None,
    template: dict[str, Any] | None = None,
    serialized: bool = False,
    encoded: bool = False,
    indent: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    mp_context: str | None = None,
    options: IssueOptions | None = None,
    signer_batch: int = DEFAULT_SIGNER_BATCH,
    client: Any = None,
    out: str | os.PathLike[str] | None = None,
    partition_size: int | None = None,
) -> Iterator[BatchOutcome]:
    """Issue every record with ``key`` in ``format``; yield one :class:`BatchOutcome` per record, in input order.

    ``records``: a ``.jsonl`` / ``.csv`` file path, or an iterable of model dicts, JSON-LD credentials,
    :class:`~microcred.model.MicroCredential` objects, JSON text lines or :class:`BatchRecord` objects.
    ``workers``: processes to use (default: every core); ``1`` issues in this process. ``status``: a
    :class:`~microcred.status.StatusRegistry` or its database (SQLite path or SQLAlchemy URL): each credential
    gets its ``credentialStatus`` entries. ``template``: model JSON that every model record is merged into
    (objects by key, lists of objects item by item). ``serialized``: outcomes carry the secured credential as
    text (JSON, compact unless ``indent``; or the compact JWS), as a file would hold it; ``encoded`` (with
    ``serialized``): that text UTF-8 encoded (``bytes``), what a writer of files needs, without decoding and
    encoding it again on its way between processes. ``options``: the
    proof options of every credential (:class:`~microcred.issue_options.IssueOptions`).

    A record that cannot be issued gives an outcome with an ``error`` (code, message, field); the others go
    on. Arguments are checked now; records are read as the iterator is consumed. A worker process that dies
    raises :class:`~microcred.errors.BatchWorkerError`.

    ``key`` may be any :class:`~microcred.signers.Signer` (an HSM, a remote CSC seal): its key cannot go to worker
    processes, so the batch is issued in this process, ``signer_batch`` records at a time, each window's signatures
    requested with one ``sign_many`` (:mod:`microcred.batch.coalescing`).

    ``client`` (a ``distributed.Client``) issues on a Dask cluster instead (:mod:`microcred.batch.dask_engine`,
    docs/scale.md): ``out`` (a folder or fsspec URL) is required, each worker writes its credentials there, the
    outcomes carry no ``credential``, and a run started again skips what is written. ``key`` may then also be a
    signer description (``Pkcs11Spec``, ``CscSpec``, a ``pkcs11:`` / ``csc:`` reference), opened on each worker.
    """
    from ..suites.registry import ISSUE_FORMATS

    if client is not None:
        return _on_cluster(records, key, client, out, partition_size, locals())
    if out is not None or partition_size is not None:
        raise UsageError("out= and partition_size= are for a distributed batch (client=...)")
    if isinstance(key, str) or not isinstance(key, Key | SignerProtocol):
        raise UsageError("a signer description or reference is for a distributed batch (client=...)")
    if format not in ISSUE_FORMATS:
        raise UsageError(f"unknown format {format!r}; choose one of: {', '.join(ISSUE_FORMATS)}")
    key = as_key(key)
    if not key.is_private:
        raise UsageError("issuing needs a private key")
    remote = isinstance(key, SignerKey)
    if isinstance(signer_batch, bool) or not isinstance(signer_batch, int) or signer_batch < 1:
        raise UsageError(f"signer_batch must be a whole number >= 1, not {signer_batch!r}")
    count = 1 if remote else default_workers() if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise UsageError(f"workers must be a whole number >= 1, not {workers!r}")
    if encoded and not serialized:
        raise UsageError("encoded=True is for serialized outcomes: give serialized=True too")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise UsageError(f"chunk_size must be a whole number >= 1, not {chunk_size!r}")
    status_db, status_clock, status_object = _status_source(status, in_process=count == 1)
    config = BatchConfig(
        key=KeySpec.of(key) if count > 1 else None,
        format=format,
        clock=resolve_clock(now),
        data_model=data_model,
        loader=loader,
        status_db=status_db,
        status_clock=status_clock,
        template=template,
        serialized=serialized,
        encoded=encoded,
        indent=indent,
        options=check_options(options, where="issue_many"),
    )
    source = as_records(records)
    if remote:
        assert isinstance(key, SignerKey)
        coalescing = CoalescingKey(key)
        state = WorkerState(config, key=coalescing, status=status_object)
        return _in_windows(source, state, coalescing, signer_batch)
    if count == 1:
        return _in_process(source, WorkerState(config, key=key, status=status_object))
    context = multiprocessing.get_context(mp_context)
    if context.get_start_method() != "fork":
        _check_picklable(config)
    return _in_processes(source, config, context, count, chunk_size)


def _on_cluster(
    records: Any, key: Any, client: Any, out: Any, partition_size: int | None, given: dict[str, Any]
) -> Iterator[BatchOutcome]:
    """``issue_many(..., client=...)``: the distributed engine's outcomes, flattened."""
    from .dask_engine import DEFAULT_PARTITION_SIZE, issue_on_cluster

    if out is None:
        raise UsageError(
            "a distributed batch (client=...) writes on the workers: give out= (a folder or URL)"
        )
    unsupported = [n for n in ("workers", "mp_context") if given[n] is not None]
    unsupported += [n for n in ("serialized", "encoded") if given[n]]
    if given["chunk_size"] != DEFAULT_CHUNK_SIZE:
        unsupported.append("chunk_size")
    if unsupported:
        raise UsageError(f"{', '.join(unsupported)}: not for a distributed batch (client=...)")
    partitions = issue_on_cluster(
        records,
        key,
        client=client,
        out=out,
        format=given["format"],
        status=given["status"],
        now=given["now"],
        data_model=given["data_model"],
        loader=given["loader"],
        template=given["template"],
        indent=given["indent"],
        options=given["options"],
        partition_size=partition_size or DEFAULT_PARTITION_SIZE,
        signer_batch=given["signer_batch"],
    )
    return (outcome for partition in partitions for outcome in partition.outcomes)


def _status_source(status: Any, *, in_process: bool) -> tuple[str | None, Clock | None, Any]:
    """(database for each worker to open, registry clock, registry object to use in this process)."""
    if status is None:
        return None, None, None
    if isinstance(status, str | os.PathLike):
        return os.fspath(status), None, None
    if in_process:
        return None, None, status
    path = getattr(getattr(status, "backend", None), "path", None)
    if path is None:
        raise UsageError(
            "worker processes open the status registry themselves: give its database "
            "(an SQLite path or a SQLAlchemy URL) as status=..., or use workers=1"
        )
    return os.fspath(path), getattr(status, "clock", None), None


def _check_picklable(config: BatchConfig) -> None:
    for name in ("clock", "loader", "status_clock", "template", "options"):
        try:
            pickle.dumps(getattr(config, name))
        except Exception as exc:
            raise UsageError(
                f"{name} cannot be sent to worker processes ({exc}); use workers=1 or a picklable {name}"
            ) from exc


def locate(record: BatchRecord, outcome: BatchOutcome) -> BatchOutcome:
    """For a CSV row, name the column of each model field in the error (``learner.fullName`` -> ``...en``)."""
    error = outcome.error
    if error is None or not record.columns:
        return outcome
    columns = record.columns
    problems = tuple((column_for(p, columns) or p, m) for p, m in error.problems)
    path = column_for(error.path, columns) or error.path
    message = error.message
    if problems:
        shown = "; ".join(f"{p or '(row)'}: {m}" for p, m in problems[:3])
        message = f"invalid row: {shown}" + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
    return replace(outcome, error=RecordError(error.code, message, path, problems))


def _in_process(source: Iterable[BatchRecord], state: WorkerState) -> Iterator[BatchOutcome]:
    try:
        for record in source:
            yield locate(record, state.issue(*record.payload()))
    finally:
        state.close()


def _in_windows(
    source: Iterable[BatchRecord], state: WorkerState, key: CoalescingKey, window: int
) -> Iterator[BatchOutcome]:
    try:
        for chunk in _chunks(source, window):
            jobs = [functools.partial(state.issue, *record.payload()) for record in chunk]
            for record, outcome in zip(chunk, issue_window(key, jobs), strict=True):
                yield locate(record, outcome)
    finally:
        state.close()


def _chunks(source: Iterable[BatchRecord], size: int) -> Iterator[list[BatchRecord]]:
    iterator = iter(source)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _in_processes(
    source: Iterable[BatchRecord],
    config: BatchConfig,
    context: Any,
    workers: int,
    chunk_size: int,
) -> Iterator[BatchOutcome]:
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(config,))
    chunks = _chunks(source, chunk_size)
    pending: deque[tuple[Future[list[BatchOutcome]], list[BatchRecord]]] = deque()

    def submit(chunk: list[BatchRecord]) -> None:
        pending.append((pool.submit(issue_chunk, [r.payload() for r in chunk]), chunk))

    try:
        for chunk in itertools.islice(chunks, workers * CHUNKS_PER_WORKER):
            submit(chunk)
        while pending:
            future, chunk = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool as exc:
                raise BatchWorkerError(
                    f"a batch worker process died while issuing records {chunk[0].number}-{chunk[-1].number} "
                    "(killed, or out of memory); outcomes up to there were reported"
                ) from exc
            following = next(chunks, None)
            if following is not None:
                submit(following)
            for record, outcome in zip(chunk, outcomes, strict=True):
                yield locate(record, outcome)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
