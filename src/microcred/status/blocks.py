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
   v1.0 §6.1 "Herd privacy": an index says nothing about the order of issuance). The allocator remembers its
   list's allocated indices between blocks; the drawn indices are checked against the database with one
   look-up (an index a single ``allocate`` took meanwhile is drawn again), so the list is read once per lease;
4. the entries and their events are inserted with one ``executemany`` each (psycopg pipelines it), the list's
   count updated and its lease renewed;
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
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import StatusListFullError, StatusRegistryError, UsageError
from . import leases, store
from .allocation import check_purpose, check_rollover, full_error, roll_over
from .backend import BusyError, Transaction, run_transaction
from .entry import build_entry

#: Credential ids (and candidate indices) per ``IN (...)`` look-up.
IDS_PER_QUERY = 500
#: The most credential ids one ``allocate_many`` call (one transaction) takes.
MAX_BLOCK_IDS = 10_000


class BlockAllocator:
    """Allocate ``credentialStatus`` entries of one purpose for blocks of credentials, one transaction a block.

    ``rollover`` (``"https://x/status/{n}"``) overrides the lists' own rollover template; ``lease`` is how long
    (seconds) the allocator keeps its list between blocks; ``lease_clock`` gives the time leases are measured
    with (``time.time``); ``rng`` draws the indices (default: the OS's CSPRNG).
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
        self._rng: random.Random = rng or secrets.SystemRandom()
        self._list: str | None = None  # the list this allocator holds
        self._taken: set[int] = set()  # that list's allocated indices as last seen (the database decides)

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
        rows, held, taken = run_transaction(self.registry.backend, lambda tx: self._work(tx, ids))
        self._list, self._taken = held, taken  # only once committed
        return [build_entry(r.list_url, r.index, r.purpose) for r in rows]

    def release(self) -> None:
        """Give back the list this allocator holds (another allocator may go on filling it)."""
        run_transaction(self.registry.backend, lambda tx: leases.release(tx, self.owner))
        self._list, self._taken = None, set()

    def __enter__(self) -> BlockAllocator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # -- one transaction ------------------------------------------------------------------------------------
    def _work(self, tx: Transaction, ids: list[str]) -> tuple[list[store.EntryRow], str | None, set[int]]:
        found = _existing(tx, ids, self.purpose)
        missing = [c for c in ids if c not in found]
        now = self.registry._now()
        now_ms = int(self._clock() * 1000)
        until_ms = now_ms + int(self.lease * 1000)
        held, taken = self._list, set(self._taken)
        new: list[store.EntryRow] = []
        while missing:
            row, held, taken = self._hold(tx, held, taken, now_ms, until_ms)
            count = min(len(missing), row.size - row.allocated)
            indices = self._draw_checked(tx, row, taken, count)
            block = [
                store.EntryRow(c, row.url, i, self.purpose, 0, None, now)
                for c, i in zip(missing[:count], indices, strict=True)
            ]
            _insert_entries(tx, block)
            lease = ", lease_owner = :o, lease_until = :t" if held == row.url else ""
            tx.execute(
                f"UPDATE microcred_status_lists SET allocated = allocated + :n{lease} WHERE url = :u",
                {"n": count, "u": row.url, "o": self.owner, "t": until_ms},
            )
            taken.update(indices)
            new += block
            missing = missing[count:]
        _log_allocations(tx, new, now)
        found.update({r.credential_id: r for r in new})
        return [found[c] for c in ids], held, taken

    def _hold(
        self, tx: Transaction, held: str | None, taken: set[int], now_ms: int, until_ms: int
    ) -> tuple[store.ListRow, str | None, set[int]]:
        """The locked list to draw from, the list held (None when shared) and its allocated indices."""
        locking = bool(self.registry.backend.supports_for_update)
        if held is not None:
            row = leases.held(tx, held, self.owner, now_ms=now_ms, for_update=locking)
            if row is not None:
                return row, held, taken
        row = leases.claim(
            tx, self.purpose, self.owner, now_ms=now_ms, until_ms=until_ms, skip_locked=locking
        )
        if row is None:
            row = roll_over(
                tx,
                self.purpose,
                template=self.rollover,
                now=self.registry._now(),
                lease_owner=self.owner,
                lease_until=until_ms,
            )
            if row is not None:
                return row, row.url, set()
        if row is not None:
            return row, row.url, store.taken_indices(tx, row.url)
        shared = store.open_list(tx, self.purpose)  # every open list is held and no rollover: share one
        if shared is None:
            raise full_error(self.purpose, self.registry.location)
        if locking:
            shared = store.get_list(tx, shared.url, for_update=True)
            if shared is None or shared.allocated >= shared.size:
                raise BusyError("the open status list filled up meanwhile")  # the transaction is retried
        return shared, None, store.taken_indices(tx, shared.url)

    def _draw_checked(self, tx: Transaction, row: store.ListRow, taken: set[int], count: int) -> list[int]:
        """``count`` uniformly random free indices of the (locked) list, checked against the database."""
        chosen = self._draw(taken, row.size, count)
        for _ in range(row.size):
            clash = _taken_among(tx, row.url, chosen)
            if not clash:
                self._rng.shuffle(chosen)
                return chosen
            taken |= clash  # allocated meanwhile by someone else: draw those again
            keep = [i for i in chosen if i not in clash]
            chosen = keep + self._draw(taken | set(keep), row.size, count - len(keep))
        raise StatusRegistryError(f"status list {row.url}: allocated count and entries disagree")

    def _draw(self, taken: set[int], size: int, count: int) -> list[int]:
        """``count`` distinct uniformly random indices of ``range(size)`` not in ``taken``."""
        free = size - len(taken)
        if count > free:
            raise StatusListFullError(f"a status list has {free} free indices, {count} were needed")
        if len(taken) + count <= size // 2:  # sparse: rejection sampling, O(count)
            chosen: set[int] = set()
            while len(chosen) < count:
                index = self._rng.randrange(size)
                if index not in taken:
                    chosen.add(index)
            out = list(chosen)
            self._rng.shuffle(out)
            return out
        return self._rng.sample([i for i in range(size) if i not in taken], count)


def _taken_among(tx: Transaction, url: str, indices: list[int]) -> set[int]:
    """Which of ``indices`` of list ``url`` are allocated."""
    out: set[int] = set()
    for start in range(0, len(indices), IDS_PER_QUERY):
        part = indices[start : start + IDS_PER_QUERY]
        names = ", ".join(f":i{n}" for n in range(len(part)))
        params: dict[str, Any] = {f"i{n}": i for n, i in enumerate(part)}
        params["u"] = url
        rows = tx.execute(
            f"SELECT status_index FROM microcred_status_entries WHERE list_url = :u AND status_index IN ({names})",
            params,
        )
        out.update(int(r[0]) for r in rows)
    return out


def _existing(tx: Transaction, ids: list[str], purpose: str) -> dict[str, store.EntryRow]:
    found: dict[str, store.EntryRow] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        part = ids[start : start + IDS_PER_QUERY]
        names = ", ".join(f":c{i}" for i in range(len(part)))
        params: dict[str, Any] = {f"c{i}": c for i, c in enumerate(part)}
        params["p"] = purpose
        rows = tx.execute(
            "SELECT credential_id, list_url, status_index, purpose, status, reason, updated "
            f"FROM microcred_status_entries WHERE purpose = :p AND credential_id IN ({names})",
            params,
        )
        for r in rows:
            found[str(r[0])] = store.EntryRow(
                str(r[0]), str(r[1]), int(r[2]), str(r[3]), int(r[4]), r[5], str(r[6])
            )
    return found


def _execute_many(tx: Transaction, sql: str, rows: list[dict[str, Any]]) -> None:
    """One statement, many parameter sets: the driver's executemany when the backend has it."""
    many = getattr(tx, "execute_many", None)
    if many is not None:
        many(sql, rows)
        return
    for row in rows:
        tx.execute(sql, row)


def _insert_entries(tx: Transaction, rows: list[store.EntryRow]) -> None:
    _execute_many(
        tx,
        "INSERT INTO microcred_status_entries "
        "(credential_id, list_url, status_index, purpose, status, reason, updated) "
        "VALUES (:c, :u, :i, :p, 0, NULL, :t)",
        [{"c": r.credential_id, "u": r.list_url, "i": r.index, "p": r.purpose, "t": r.updated} for r in rows],
    )


def _log_allocations(tx: Transaction, rows: list[store.EntryRow], at: str) -> None:
    if not rows:
        return
    seq = int(tx.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM microcred_status_events")[0][0])
    _execute_many(
        tx,
        "INSERT INTO microcred_status_events (seq, credential_id, purpose, action, reason, at) "
        "VALUES (:s, :c, :p, 'allocate', NULL, :at)",
        [{"s": seq + n, "c": r.credential_id, "p": r.purpose, "at": at} for n, r in enumerate(rows)],
    )
