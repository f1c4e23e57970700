"""Output files of a batch: one file per credential, named from its id, written atomically.

The name is the credential id percent-encoded (every character but ``A-Z a-z 0-9 - _ .`` becomes ``%XX``), so
that different ids never share a file name and any id is a safe file name; ``urn:uuid:6f1c...`` becomes
``urn%3Auuid%3A6f1c....json``. Ids longer than 180 characters are cut and end in a hash of the whole id.
Embedded-proof and JAdES credentials are ``.json``, compact JWTs ``.jwt``. An existing file is not
overwritten unless asked (:class:`~microcred.errors.BatchOutputExistsError`): a repeated credential id in a
batch, or an earlier run into the same folder, is reported instead of silently replacing a credential.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from ..errors import BatchOutputExistsError, UsageError
from ..jsonio import write_atomic
from .outcome import BatchOutcome

MAX_STEM = 180


def file_stem(credential_id: str) -> str:
    """A file name stem for a credential id: percent-encoded, never hidden, at most ~200 characters."""
    stem = quote(credential_id, safe="-_.")
    if stem.startswith("."):
        stem = "%2E" + stem[1:]
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(credential_id.encode("utf-8")).hexdigest()[:16]
        stem = f"{stem[:MAX_STEM]}~{digest}"
    return stem


def output_text(outcome: BatchOutcome) -> str:
    """What the output file holds: the serialized credential (JSON, or the compact JWS)."""
    credential = outcome.credential
    if credential is None:
        raise UsageError(f"record {outcome.number} has no credential to write")
    if isinstance(credential, str):
        return credential if credential.endswith("\n") else credential + "\n"
    return json.dumps(credential, ensure_ascii=False) + "\n"


def output_name(outcome: BatchOutcome) -> str:
    """``<percent-encoded id>.json`` (``.jwt`` for a compact JWS), or ``record-<number>`` without an id."""
    credential = outcome.credential
    compact = isinstance(credential, str) and not credential.lstrip().startswith("{")
    stem = file_stem(outcome.credential_id) if outcome.credential_id else f"record-{outcome.number}"
    return stem + (".jwt" if compact else ".json")


def write_outcome(outcome: BatchOutcome, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write an issued credential into ``folder`` atomically (temporary file, fsync, then into place); its path.

    Without ``overwrite`` the file is put in place with a hard link, which fails when the name exists: two writers
    of the same name (a repeated credential id, written on two threads) cannot both succeed, and an existing
    credential is never replaced (:class:`~microcred.errors.BatchOutputExistsError`). Where the file system has
    no hard links, the name is checked first and the file renamed into place.
    """
    target = Path(folder) / output_name(outcome)
    text = output_text(outcome)
    if not overwrite and target.exists():  # (before the work of writing it)
        raise _exists(target)
    try:
        return write_atomic(target, text, overwrite=overwrite)
    except FileExistsError:
        raise _exists(target) from None


def _exists(target: Path) -> BatchOutputExistsError:
    return BatchOutputExistsError(
        f"{target} already exists (the same credential id twice, or an earlier run); not overwritten",
        path=str(target),
    )


class OutcomeWriter:
    """Writes the issued credentials of a batch into a folder on a few threads, in input order for the caller.

    Each file is written by :func:`write_outcome` (atomic, fsync-ed). One fsync costs milliseconds on most disks
    (2.4 ms on the test machine), so a single writer caps a batch at a few hundred credentials per second whatever
    the workers do; fsyncs on several threads are committed together by the file system's journal (4 threads:
    about 3,800 files per second there). :meth:`put` takes every outcome (a failed record passes through) and
    returns the outcomes whose writing has finished, in the order they were put, each with the error of its
    writing or ``None``; at most :data:`WINDOW` outcomes are in flight, so memory stays flat. :meth:`finish`
    returns the rest.
    """

    #: Threads writing files.
    THREADS = 4
    #: Outcomes put but not yet returned, at most (the caller blocks on the oldest beyond this).
    WINDOW = 64

    def __init__(self, folder: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        self.folder = folder
        self.overwrite = overwrite
        self._pool = ThreadPoolExecutor(self.THREADS, thread_name_prefix="microcred-writer")
        self._pending: deque[tuple[BatchOutcome, Future[Path] | None]] = deque()

    def put(self, outcome: BatchOutcome) -> list[tuple[BatchOutcome, Exception | None]]:
        """Start writing ``outcome`` (if it was issued); the outcomes finished so far, in input order."""
        future = (
            self._pool.submit(write_outcome, outcome, self.folder, overwrite=self.overwrite)
            if outcome.ok
            else None
        )
        self._pending.append((outcome, future))
        done: list[tuple[BatchOutcome, Exception | None]] = []
        while self._pending:
            head, head_future = self._pending[0]
            if head_future is not None and not head_future.done() and len(self._pending) <= self.WINDOW:
                break
            self._pending.popleft()
            done.append((head, _error(head_future)))
        return done

    def finish(self) -> list[tuple[BatchOutcome, Exception | None]]:
        """Wait for every write; the outcomes not returned yet, in input order. The threads are stopped."""
        done = [(outcome, _error(future)) for outcome, future in self._pending]
        self._pending.clear()
        self._pool.shutdown(wait=True)
        return done

    def close(self) -> None:
        """Stop the threads after the writes under way (what :meth:`finish` does, without the results)."""
        for _, future in self._pending:
            if future is not None:
                future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)


def _error(future: Future[Path] | None) -> Exception | None:
    """The exception a write raised (a ``MicrocredError`` or an ``OSError``), ``None`` when it succeeded."""
    if future is None:
        return None
    exc = future.exception()
    if exc is None or isinstance(exc, Exception):
        return exc
    raise exc  # KeyboardInterrupt and the like are not a record's failure
