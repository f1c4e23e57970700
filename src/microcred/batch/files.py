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
import os
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from ..atomic_files import write_files
from ..compact_json import credential_file_bytes
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


def output_bytes(outcome: BatchOutcome) -> bytes:
    """What the output file holds: the serialized credential (JSON, or the compact JWS), UTF-8 encoded."""
    credential = outcome.credential
    if credential is None:
        raise UsageError(f"record {outcome.number} has no credential to write")
    if isinstance(credential, bytes):  # (serialized and encoded by the worker)
        return credential if credential.endswith(b"\n") else credential + b"\n"
    return credential_file_bytes(credential)


def output_name(outcome: BatchOutcome) -> str:
    """``<percent-encoded id>.json`` (``.jwt`` for a compact JWS), or ``record-<number>`` without an id."""
    credential = outcome.credential
    if isinstance(credential, bytes):
        compact = not credential.lstrip().startswith(b"{")
    else:
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
    data = output_bytes(outcome)
    if not overwrite and target.exists():  # (before the work of writing it)
        raise _exists(target)
    try:
        return write_atomic(target, data, overwrite=overwrite)
    except FileExistsError:
        raise _exists(target) from None


def _exists(target: Path) -> BatchOutputExistsError:
    return BatchOutputExistsError(
        f"{target} already exists (the same credential id twice, or an earlier run); not overwritten",
        path=str(target),
    )


class OutcomeWriter:
    """Writes the issued credentials of a batch into a folder, a group at a time, in input order for the caller.

    Files are written like :func:`write_outcome` (atomic; nothing half-written under a credential's name), but a
    group of up to :data:`GROUP` files is flushed to disk once (:func:`~microcred.atomic_files.write_files`): an
    ``fsync`` per file cost 0.4-0.5 ms of CPU per credential on the test machine, about a fifth of issuing it.
    Groups are written on a background thread while the next one fills. :meth:`put` takes every outcome (a failed
    record passes through) and returns the outcomes whose writing has finished, in the order they were put, each
    with the error of its writing or ``None``; at most :data:`WINDOW` outcomes are in flight, so memory stays
    flat. A group is handed over when full or :data:`MAX_DELAY` seconds after it was started, so a slow batch
    still reports as it goes. :meth:`finish` returns the rest.
    """

    #: Files flushed to disk together.
    GROUP = 64
    #: Outcomes put but not yet returned, at most (the caller blocks on the oldest group beyond this).
    WINDOW = 2 * GROUP
    #: Seconds after its first outcome a group is handed over even if it is not full.
    MAX_DELAY = 0.25

    def __init__(self, folder: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        self.folder = Path(folder)
        self.overwrite = overwrite
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="microcred-writer")
        self._group: list[BatchOutcome] = []
        self._started = 0.0
        self._pending: deque[tuple[list[BatchOutcome], Future[list[Exception | None]]]] = deque()
        self._in_flight = 0

    def put(self, outcome: BatchOutcome) -> list[tuple[BatchOutcome, Exception | None]]:
        """Start writing ``outcome`` (if it was issued); the outcomes finished so far, in input order."""
        if not self._group:
            self._started = time.monotonic()
        self._group.append(outcome)
        self._in_flight += 1
        if len(self._group) >= self.GROUP or time.monotonic() - self._started >= self.MAX_DELAY:
            self._hand_over()
        done: list[tuple[BatchOutcome, Exception | None]] = []
        while self._pending and (self._pending[0][1].done() or self._in_flight > self.WINDOW):
            done.extend(self._collect())
        return done

    def finish(self) -> list[tuple[BatchOutcome, Exception | None]]:
        """Wait for every write; the outcomes not returned yet, in input order. The thread is stopped."""
        if self._group:
            self._hand_over()
        done: list[tuple[BatchOutcome, Exception | None]] = []
        while self._pending:
            done.extend(self._collect())
        self._pool.shutdown(wait=True)
        return done

    def close(self) -> None:
        """Stop the thread after the writes under way (what :meth:`finish` does, without the results)."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
        self._group = []
        self._pool.shutdown(wait=True)

    def _hand_over(self) -> None:
        group, self._group = self._group, []
        self._pending.append((group, self._pool.submit(_write_group, group, self.folder, self.overwrite)))

    def _collect(self) -> list[tuple[BatchOutcome, Exception | None]]:
        group, future = self._pending.popleft()
        self._in_flight -= len(group)
        exc = future.exception()
        if exc is not None and not isinstance(exc, Exception):
            raise exc  # KeyboardInterrupt and the like are not a record's failure
        errors: list[Exception | None] = [exc] * len(group) if exc is not None else future.result()
        return list(zip(group, errors, strict=True))


def _write_group(group: list[BatchOutcome], folder: Path, overwrite: bool) -> list[Exception | None]:
    """Write the issued outcomes of ``group`` (one flush); per outcome ``None`` or the error."""
    issued = [outcome for outcome in group if outcome.ok]
    targets = [folder / output_name(outcome) for outcome in issued]
    results = write_files(
        [(target, output_bytes(o)) for target, o in zip(targets, issued, strict=True)],
        overwrite=overwrite,
    )
    errors = iter(
        _exists(target) if isinstance(error, FileExistsError) else error
        for target, error in zip(targets, results, strict=True)
    )
    return [next(errors) if outcome.ok else None for outcome in group]
