"""Leases on status lists: each block allocator fills a list of its own, so allocators never wait on one row.

A lease is two columns of the list row (``lease_owner``, ``lease_until`` in milliseconds since the epoch). A
block allocator *claims* the oldest list of its purpose with free indices that nobody holds (or whose lease
ran out), in the transaction that allocates its first block: on PostgreSQL with ``SELECT ... FOR UPDATE SKIP
LOCKED`` (a list another allocator is claiming right now is skipped, not waited for), on SQLite under the
database's write lock. Each block renews the lease; :func:`release` gives the list back.

A lease only decides *which* list an allocator draws from, never *whether* an index is free: every block still
locks its list's row for the transaction (uncontended when each allocator has its own list) and the (list,
index) primary key refuses a duplicate. Expired leases (a crashed worker, clocks apart) therefore cost waiting,
never a duplicate index. Lease times come from the workers' clocks (``time.time``; keep them in NTP sync).
"""

from __future__ import annotations

from . import store
from .backend import Transaction

#: How long a block allocator keeps its list between two blocks (seconds) unless told otherwise.
DEFAULT_LEASE_SECONDS = 60
#: The longest lease a block allocator may ask for (seconds): a crashed worker's list is free again after it.
MAX_LEASE_SECONDS = 3600


def claim(
    tx: Transaction, purpose: str, owner: str, *, now_ms: int, until_ms: int, skip_locked: bool
) -> store.ListRow | None:
    """Lease the oldest free list of ``purpose`` (unheld, expired, or ``owner``'s) to ``owner``; None if none."""
    lock = " FOR UPDATE SKIP LOCKED" if skip_locked else ""
    rows = tx.execute(
        "SELECT url FROM microcred_status_lists WHERE purpose = :p AND allocated < size "
        "AND (lease_owner IS NULL OR lease_owner = :o OR lease_until < :now) "
        "ORDER BY created, url LIMIT 1" + lock,
        {"p": purpose, "o": owner, "now": now_ms},
    )
    if not rows:
        return None
    url = str(rows[0][0])
    renew(tx, url, owner, until_ms=until_ms)
    return store.get_list(tx, url)


def held(tx: Transaction, url: str, owner: str, *, now_ms: int, for_update: bool) -> store.ListRow | None:
    """The list ``owner`` holds at ``url`` (locked for this transaction), or None when its lease went to
    another allocator or the list is full."""
    row = store.get_list(tx, url, for_update=for_update)
    if row is None or row.allocated >= row.size:
        return None
    if row.lease_owner != owner and row.lease_owner is not None and (row.lease_until or 0) >= now_ms:
        return None
    return row


def renew(tx: Transaction, url: str, owner: str, *, until_ms: int) -> None:
    """Hold ``url`` for ``owner`` until ``until_ms``."""
    tx.execute(
        "UPDATE microcred_status_lists SET lease_owner = :o, lease_until = :t WHERE url = :u",
        {"o": owner, "t": until_ms, "u": url},
    )


def release(tx: Transaction, owner: str) -> None:
    """Give back every list ``owner`` holds."""
    tx.execute(
        "UPDATE microcred_status_lists SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :o",
        {"o": owner},
    )
