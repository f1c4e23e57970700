"""``verify_many``: verify many credentials on every core, results in input order, in constant memory.

Sources are read lazily and sent to worker processes in chunks of paths (a worker reads the file itself, so the
parent never holds a credential); at most ``CHUNKS_PER_WORKER x workers`` chunks are in flight, so memory is the
same for ten files or ten million. Results come back in input order: a chunk's results are yielded when it and
every chunk before it are done. ``workers=1`` verifies in the calling process, with no pool. Each source gets
exactly one :class:`~microcred.verification.results.VerificationResult`: a file that cannot be read gets one whose
``format`` check is an error naming the file, in its place.

The workers use one :class:`~microcred.verification.verifier.Verifier` (the caller's, or a default one), which the
``fork`` start method hands to them as it is; other start methods pickle it (a verifier holding something that
cannot be pickled is a :class:`~microcred.errors.UsageError`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import BatchWorkerError, UsageError
from ..verification.results import VerificationResult
from ..verification.sources import verify_source
from .heap import tune_for_batch
from .pool import default_workers

#: Sources sent to a worker at a time, and chunks in flight per worker.
DEFAULT_CHUNK_SIZE = 8
CHUNKS_PER_WORKER = 4

#: (result, True when the input looked like a credential at all: JSON-shaped or a compact JWS).
Verified = tuple[VerificationResult, bool]

_worker_verifier: Any = None


def verify_many(
    sources: Iterable[Any],
    *,
    workers: int | None = None,
    verifier: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    mp_context: str | None = None,
) -> Iterator[VerificationResult]:
    """Verify every source; yield one result per source, in input order.

    ``sources``: file paths (``str`` / ``os.PathLike``, read by the worker, at most the policy's ``max_bytes``) or
    ``(name, data)`` pairs (``data``: bytes, JSON text, compact JWS or a parsed credential). ``workers``:
    processes to use (default: every core); ``1`` verifies here. ``verifier``: the
    :class:`~microcred.verification.verifier.Verifier` to use (default: ``Verifier()``). Arguments are checked
    now; sources are read as the iterator is consumed. A worker process that dies raises
    :class:`~microcred.errors.BatchWorkerError`.
    """
    verified = iter_verified(
        sources, workers=workers, verifier=verifier, chunk_size=chunk_size, mp_context=mp_context
    )
    return (result for result, _ in verified)


def iter_verified(
    sources: Iterable[Any],
    *,
    workers: int | None = None,
    verifier: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    mp_context: str | None = None,
) -> Iterator[Verified]:
    """Like :func:`verify_many`, each result with whether its input looked like a credential at all (the CLI's
    exit code 1 vs 2)."""
    count = default_workers() if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise UsageError(f"workers must be a whole number >= 1, not {workers!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise UsageError(f"chunk_size must be a whole number >= 1, not {chunk_size!r}")
    if verifier is None:
        from ..verification.verifier import Verifier

        verifier = Verifier()
    if count == 1:
        return (verify_source(verifier, source) for source in sources)
    context = multiprocessing.get_context(mp_context)
    if context.get_start_method() != "fork":
        try:
            pickle.dumps(verifier)
        except Exception as exc:
            raise UsageError(
                f"the verifier cannot be sent to {context.get_start_method()!r} worker processes "
                f"({type(exc).__name__}: {exc}); use the 'fork' start method or workers=1"
            ) from exc
    return _in_processes(sources, verifier, context, count, chunk_size)


def _in_processes(
    sources: Iterable[Any], verifier: Any, context: Any, count: int, chunk_size: int
) -> Iterator[Verified]:
    window: deque[Future[list[Verified]]] = deque()
    chunks = _chunks(sources, chunk_size)
    with ProcessPoolExecutor(count, mp_context=context, initializer=_init, initargs=(verifier,)) as pool:
        try:
            for chunk in chunks:
                window.append(pool.submit(_verify_chunk, chunk))
                # the bound: never more than CHUNKS_PER_WORKER chunks per worker submitted and not yet yielded
                while len(window) >= count * CHUNKS_PER_WORKER:
                    yield from _result(window.popleft())
            while window:
                yield from _result(window.popleft())
        finally:
            for future in window:
                future.cancel()


def _result(future: Future[list[Verified]]) -> list[Verified]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise BatchWorkerError(f"a verification worker process died: {exc}") from exc


def _chunks(sources: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(sources)
    while chunk := list(itertools.islice(iterator, size)):
        yield [os.fspath(s) if isinstance(s, os.PathLike) else s for s in chunk]


def _init(verifier: Any) -> None:
    global _worker_verifier
    _worker_verifier = verifier
    tune_for_batch()


def _verify_chunk(chunk: list[Any]) -> list[Verified]:
    return [verify_source(_worker_verifier, source) for source in chunk]
