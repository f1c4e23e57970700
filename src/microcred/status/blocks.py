"""Status entries for many credentials at once: random free indices reserved in blocks (issue 19 item 4).

:meth:`StatusRegistry.allocate <microcred.status.registry.StatusRegistry.allocate>` takes one transaction per
credential (a list-row lock, a few probes, two inserts): on PostgreSQL that peaks near a hundred allocations a
second. :class:`BlockAllocator` gives a whole block of credentials their entries in **one** transaction:

1. the credentials that already have an entry for the purpose keep it (idempotent, as ``allocate``);
2. the allocator draws from a list of its own (:mod:`~microcred.status.leases`): the one it holds, else the
   oldest list with free indices nobody holds (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), else a new list at
   the rollover URL (:func:`~microcred.status.allocation.roll_over`), else, with no rollover template, the
   oldest open list shared with its holder (waiting for its row lock). Two allocators with lists of their own
   never wait for each other;
3. the list row is locked for the transaction (``SELECT ... FOR UPDATE``; the database lock on SQLite) and as
   many *uniformly random* free indices as needed are drawn from a cryptographic RNG (Bitstring Status List
   v1.0 §6.1 "Herd privacy": an index says nothing about the order of issuance). The allocator keeps its
   list's free indices between blocks (:class:`~microcred.status.free_indices.FreeIndices`: O(1) a draw, however
   full the list); the list's ``allocated`` count, read under the lock, tells whether anyone else allocated in it
   since (a single ``allocate``): only then is the list read again. A list is read once per lease;
4. the entries and their events are inserted with one statement each (:mod:`~microcred.status.bulk`), the
   list's count updated and its lease renewed;
5. when the list fills up, allocation goes on in the next (a block can span two lists).

No index is ever given twice, across threads, processes and machines: the list row is locked while the block is
drawn and written, and the (list, index) primary key stays the last line of defence (a conflict rolls the whole
block back and it is retried). :meth:`BlockAllocator.release` (or leaving its ``with`` block) gives the list
back, so the next allocator goes on filling it: lists fill up one after another as far as the workers allow.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..errors import StatusListFullError, UsageError
from . import leases, store
from .allocation import check_purpose, check_rollover, full_error, roll_over
from .backend import BusyError, Transaction, run_transaction
from .bulk import existing_entries, insert_entries, log_allocations
from .entry import build_entry
from .free_indices import FreeIndices

#: The most credential ids one ``allocate_many`` call (one transaction) takes.
MAX_BLOCK_IDS = 10_000


class BlockAllocator:
    """Allocate ``credentialStatus`` entries of one purpose for blocks of credentials, one transaction a block.

    ``rollover`` (``"https://x/status/{n}"``) overrides the lists' own rollover template; ``lease`` is how long
    (seconds) the allocator keeps its list between blocks; ``lease_clock`` gives the time leases are measured
    with (``time.time``); ``rng`` draws the indices (default: the OS's CSPRNG). One allocator per worker
    (thread or process): it remembers the list it holds.
    """

    def __init__(
        self,
        registry: Any,
        purpose: str = "revocation",
        *,
        rollover: str | None = None,
        rng: random.Random | None = None,
        lease: float = leases.DEFAULT_LEASE_SECONDS,
        lease_clock: Callable[[], float] = time.time,
    ) -> None:
        check_purpose(purpose)
        check_rollover(rollover)
        if (
            isinstance(lease, bool)
            or not isinstance(lease, int | float)
            or not 0 < lease <= leases.MAX_LEASE_SECONDS
        ):
            raise UsageError(
                f"lease must be a number of seconds in (0, {leases.MAX_LEASE_SECONDS:g}], not {lease!r}"
            )
        self.registry = registry
        self.purpose = purpose
        self.rollover = rollover
        self.lease = float(lease)
        self.owner = secrets.token_hex(16)
        self._clock = lease_clock
        self._arrays = bool(getattr(registry.backend, "supports_arrays", False))
        self._rng: random.Random = rng or secrets.SystemRandom()
        self._list: str | None = None  # the list this allocator holds
        self._free: FreeIndices | None = None  # that list's free indices as last seen (the database decides)
        self._pending = False  # a transaction ran and has not committed (yet): the two above are stale

    @property
    def list_url(self) -> str | None:
        """The list this allocator holds (None before its first block or after :meth:`release`)."""
        return self._list

    def allocate_many(self, credential_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The ``credentialStatus`` entry of each credential id, in order (all in one transaction)."""
        ids = list(credential_ids)
        if any(not isinstance(c, str) or not c for c in ids) or len(set(ids)) != len(ids):
            raise UsageError("allocate_many needs distinct, non-empty credential ids")
        if len(ids) > MAX_BLOCK_IDS:
            raise UsageError(
                f"allocate_many takes at most {MAX_BLOCK_IDS} credential ids a call, not {len(ids)}"
            )
        if not ids:
            return []
        rows = run_transaction(self.registry.backend, lambda tx: self._work(tx, ids))
        self._pending = False  # committed
        return [build_entry(r.list_url, r.index, r.purpose) for r in rows]

    def release(self) -> None:
        """Give back the list this allocator holds (another allocator may go on filling it)."""
        run_transaction(self.registry.backend, lambda tx: leases.release(tx, self.owner))
        self._list, self._free = None, None

    def __enter__(self) -> BlockAllocator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # -- one transaction ------------------------------------------------------------------------------------
    def _work(self, tx: Transaction, ids: list[str]) -> list[store.EntryRow]:
        if self._pending:  # an earlier try did not commit: what it drew is not taken after all
            self._list, self._free = None, None
        self._pending = True
        found = existing_entries(tx, ids, self.purpose, arrays=self._arrays)
        missing = [c for c in ids if c not in found]
        now = self.registry._now()
        now_ms = int(self._clock() * 1000)
        until_ms = now_ms + int(self.lease * 1000)
        new: list[store.EntryRow] = []
        while missing:
            row, free = self._hold(tx, now_ms, until_ms)
            count = min(len(missing), row.size - row.allocated)
            indices = self._draw_checked(tx, row, free, count)
            block = [
                store.EntryRow(c, row.url, i, self.purpose, 0, None, now)
                for c, i in zip(missing[:count], indices, strict=True)
            ]
            insert_entries(tx, block, arrays=self._arrays)
            lease = ", lease_owner = :o, lease_until = :t" if self._list == row.url else ""
            tx.execute(
                f"UPDATE microcred_status_lists SET allocated = allocated + :n{lease} WHERE url = :u",
                {"n": count, "u": row.url, "o": self.owner, "t": until_ms},
            )
            new += block
            missing = missing[count:]
        log_allocations(tx, new, now, arrays=self._arrays)
        found.update({r.credential_id: r for r in new})
        return [found[c] for c in ids]

    def _hold(self, tx: Transaction, now_ms: int, until_ms: int) -> tuple[store.ListRow, FreeIndices]:
        """The locked list to draw from and its free indices; ``self._list`` is the list held (None: shared)."""
        locking = bool(self.registry.backend.supports_for_update)
        if self._list is not None:
            row = leases.held(tx, self._list, self.owner, now_ms=now_ms, for_update=locking)
            if row is not None:
                if self._free is None:
                    self._free = FreeIndices(row.size, store.taken_indices(tx, row.url))
                return row, self._free
        row = leases.claim(
            tx, self.purpose, self.owner, now_ms=now_ms, until_ms=until_ms, skip_locked=locking
        )
        if row is not None:
            taken: Iterable[int] = store.taken_indices(tx, row.url)
        else:
            row = roll_over(
                tx,
                self.purpose,
                template=self.rollover,
                now=self.registry._now(),
                lease_owner=self.owner,
                lease_until=until_ms,
            )
            taken = ()
        if row is not None:
            self._list, self._free = row.url, FreeIndices(row.size, taken)
            return row, self._free
        self._list, self._free = None, None
        shared = store.open_list(tx, self.purpose)  # every open list is held and no rollover: share one
        if shared is None:
            raise full_error(self.purpose, self.registry.location)
        if locking:
            shared = store.get_list(tx, shared.url, for_update=True)
            if shared is None or shared.allocated >= shared.size:
                raise BusyError("the open status list filled up meanwhile")  # the transaction is retried
        return shared, FreeIndices(shared.size, store.taken_indices(tx, shared.url))

    def _draw_checked(self, tx: Transaction, row: store.ListRow, free: FreeIndices, count: int) -> list[int]:
        """``count`` uniformly random free indices of the (locked) list.

        The list's ``allocated`` count, read under its lock, says whether the allocator's view is exact: every
        allocation adds to it. When someone else allocated in the list since the view was made (a single
        ``allocate``, an allocator whose lease ran out), the view is read again from the database.
        """
        if row.allocated != row.size - len(free):
            free = FreeIndices(row.size, store.taken_indices(tx, row.url))
            if self._list == row.url:
                self._free = free
        if count > len(free):
            raise StatusListFullError(
                f"status list {row.url} has {len(free)} free indices, {count} were needed"
            )
        return free.draw(count, self._rng)
