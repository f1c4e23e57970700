"""Batches through a remote or hardware signer: many credentials, few round trips.

A :class:`~microcred.signers.Signer` whose key is elsewhere (a CSC service, an HSM) pays a round trip per call, and
the suites sign one credential at a time. :func:`issue_window` issues a window of records on threads that take
turns (one holds the *work lock* at a time, so the issuing code never runs concurrently: status registries and
loaders see one caller) and park at the signing step; when every thread of the window is parked or done, the
requests are sent together with one ``sign_many`` (for CSC: one ``credentials/authorize`` + one ``signHash``), and
the threads continue. A signer failure becomes an error outcome for each record that waited on it: no credential
is emitted without its verified signature.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..keys import Key
from ..signers.protocol import SignerKey, SignRequest

T = TypeVar("T")


class _Pending:
    __slots__ = ("done", "error", "items", "result")

    def __init__(self, items: list[SignRequest]) -> None:
        self.items, self.done = items, threading.Event()
        self.result: list[bytes] = []
        self.error: BaseException | None = None


class CoalescingKey(SignerKey):
    """A :class:`SignerKey` whose ``sign_many`` waits until every thread of the window wants a signature."""

    __slots__ = ("_active", "_inner", "_pending", "_state", "_work", "round_trips")

    def __init__(self, inner: SignerKey) -> None:
        super().__init__(
            inner.signer,
            kid=inner.kid,
            did=inner.did,
            controller=inner.controller,
            certificate_chain=inner.certificate_chain,
        )
        self._inner = inner
        self._state = threading.Lock()  # guards _active and _pending
        self._work = threading.Lock()  # held by the one thread that runs issuing code
        self._active = 0
        self._pending: list[_Pending] = []
        #: ``sign_many`` calls made on the signer (what a batch saves).
        self.round_trips = 0

    def _copy(self, *, key: Any = None, **changes: Any) -> Key:
        return self._inner._copy(key=key, **changes)

    def expect(self, count: int) -> None:
        """Count ``count`` jobs about to :meth:`run` as active (so nothing is sent before they reach the signer)."""
        with self._state:
            self._active += count

    def run(self, job: Callable[[], T]) -> T:
        """Run ``job`` (counted by :meth:`expect`) as one of the window's threads, taking turns on the work lock."""
        self._work.acquire()
        try:
            return job()
        finally:
            self._work.release()
            with self._state:
                self._active -= 1
                batch = self._take_if_idle()
            self._flush(batch)

    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """Park this thread until the window's requests are signed together; its signatures (verified)."""
        pending = _Pending(list(items))
        with self._state:
            self._pending.append(pending)
            self._active -= 1
            batch = self._take_if_idle()
        self._work.release()
        self._flush(batch)
        pending.done.wait()
        self._work.acquire()
        if pending.error is not None:
            raise pending.error
        return pending.result

    def _take_if_idle(self) -> list[_Pending]:
        """(under ``_state``) the pending requests when no thread is running any more; they become active again."""
        if self._active > 0 or not self._pending:
            return []
        batch, self._pending = self._pending, []
        self._active += len(batch)
        return batch

    def _flush(self, batch: list[_Pending]) -> None:
        if not batch:
            return
        requests = [item for pending in batch for item in pending.items]
        self.round_trips += 1
        try:
            signatures = self._inner.sign_many(requests)
        except BaseException as exc:  # every waiting record gets the signer's error
            for pending in batch:
                pending.error = exc
                pending.done.set()
            return
        start = 0
        for pending in batch:
            pending.result = signatures[start : start + len(pending.items)]
            start += len(pending.items)
            pending.done.set()


def issue_window(key: CoalescingKey, jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run ``jobs`` (each issues one record with ``key``) as one window; their results in order."""
    if not jobs:
        return []
    key.expect(len(jobs))
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="microcred-sign") as pool:
        futures = [pool.submit(key.run, job) for job in jobs]
        return [f.result() for f in futures]
