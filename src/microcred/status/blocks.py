"""Status entries for many credentials at once: random free indices reserved in blocks (issue 19 item 4).

:meth:`StatusRegistry.allocate <microcred.status.registry.StatusRegistry.allocate>` takes one transaction per
credential (a list-row lock, a few probes, two inserts): on PostgreSQL that peaks near a hundred allocations a
second. :class:`BlockAllocator` gives a whole block of credentials their entries in **one** transaction:

1. the credentials that already have an entry for the purpose keep it (idempotent, as ``allocate``);
2. the oldest list of the purpose with free indices is locked (``SELECT ... FOR UPDATE`` on PostgreSQL, the
   database lock on SQLite), its allocated indices read once, and as many *uniformly random* free indices as
   needed are drawn from a cryptographic RNG (Bitstring Status List v1.0 §6.1 "Herd privacy": an index says
   nothing about the order of issuance);
3. the entries and their events are inserted with one ``executemany`` each (psycopg pipelines it) and the
   list's count updated;
4. when the list fills up and ``rollover`` names the next list's URL (``"https://x/status/{n}"``), the next list
   is created in the same transaction (same purpose, size and issuer) and allocation goes on there.

No index is ever given twice, across threads, processes and machines: the list row is locked while the block is
drawn, and the (list, index) primary key stays the last line of defence (a conflict rolls the whole block back
and it is retried). Blocks of different workers interleave in the same list, so a block's indices are as
random as single allocations.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from typing import Any

from ..errors import StatusListFullError, UsageError
from . import store
from .backend import Transaction, run_transaction
from .entry import build_entry

#: Credential ids per ``IN (...)`` look-up of existing entries.
IDS_PER_QUERY = 500


class BlockAllocator:
    """Allocate ``credentialStatus`` entries of one purpose for blocks of credentials, one transaction a block."""

    def __init__(
        self,
        registry: Any,
        purpose: str = "revocation",
        *,
        rollover: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if rollover is not None and "{n}" not in rollover:
            raise UsageError(
                f"rollover must be a URL template with {{n}} (the list number), not {rollover!r}"
            )
        self.registry = registry
        self.purpose = purpose
        self.rollover = rollover
        self._rng: random.Random = rng or secrets.SystemRandom()

    def allocate_many(self, credential_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The ``credentialStatus`` entry of each credential id, in order (all in one transaction)."""
        ids = list(credential_ids)
        if any(not isinstance(c, str) or not c for c in ids) or len(set(ids)) != len(ids):
            raise UsageError("allocate_many needs distinct, non-empty credential ids")
        if not ids:
            return []
        rows = run_transaction(self.registry.backend, lambda tx: self._work(tx, ids))
        return [build_entry(r.list_url, r.index, r.purpose) for r in rows]

    # -- one transaction ------------------------------------------------------------------------------------
    def _work(self, tx: Transaction, ids: list[str]) -> list[store.EntryRow]:
        found = _existing(tx, ids, self.purpose)
        missing = [c for c in ids if c not in found]
        now = self.registry._now()
        new: list[store.EntryRow] = []
        while missing:
            row = self._open_list(tx)
            count = min(len(missing), row.size - row.allocated)
            indices = self._draw(store.taken_indices(tx, row.url), row.size, count)
            block = [
                store.EntryRow(c, row.url, i, self.purpose, 0, None, now)
                for c, i in zip(missing[:count], indices, strict=True)
            ]
            _insert_entries(tx, block)
            tx.execute(
                "UPDATE microcred_status_lists SET allocated = allocated + :n WHERE url = :u",
                {"n": count, "u": row.url},
            )
            new += block
            missing = missing[count:]
        _log_allocations(tx, new, now)
        found.update({r.credential_id: r for r in new})
        return [found[c] for c in ids]

    def _open_list(self, tx: Transaction) -> store.ListRow:
        backend = self.registry.backend
        row = store.open_list(tx, self.purpose)
        if row is not None and backend.supports_for_update:
            locked = store.get_list(tx, row.url, for_update=True)
            row = locked if locked is not None and locked.allocated < locked.size else None
            if row is None:  # another worker filled it meanwhile: its transaction is retried
                from .backend import BusyError

                raise BusyError("the open status list filled up meanwhile")
        if row is not None:
            return row
        lists = [r for r in store.all_lists(tx) if r.purpose == self.purpose]
        if self.rollover is None or not lists:
            raise StatusListFullError(
                f"every {self.purpose} list in {self.registry.location} is full; create another with "
                "'microcred status create' (or give a rollover URL template)",
                details={"purpose": self.purpose},
            )
        last = lists[-1]
        url = self.rollover.format(n=len(lists) + 1)
        fresh = store.ListRow(
            url, self.purpose, last.size, last.status_size, last.issuer, 0, self.registry._now()
        )
        store.insert_list(tx, fresh)  # a concurrent rollover to the same URL conflicts: retried
        return fresh

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
