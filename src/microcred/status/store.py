"""The status registry's queries, in portable SQL (SQLite; PostgreSQL through SQLAlchemy).

The tables are described (and created) in :mod:`microcred.status.schema`; the block allocator's leases in
:mod:`microcred.status.leases`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .backend import Transaction
from .schema import SCHEMA, SCHEMA_VERSION, create_schema

__all__ = ["SCHEMA", "SCHEMA_VERSION", "EntryRow", "ListRow", "create_schema"]

_LIST_COLUMNS = (
    "url, purpose, size, status_size, issuer, allocated, created, rollover, version, published_version, "
    "lease_owner, lease_until"
)
_ENTRY_COLUMNS = "credential_id, list_url, status_index, purpose, status, reason, updated"


@dataclass(frozen=True)
class ListRow:
    """A status list as the registry records it."""

    url: str
    purpose: str
    size: int
    status_size: int
    issuer: str | None
    allocated: int
    created: str
    rollover: str | None = None
    version: int = 0
    published_version: int | None = None
    lease_owner: str | None = None
    lease_until: int | None = None

    @property
    def free(self) -> int:
        """How many indices are still free."""
        return self.size - self.allocated

    @property
    def changed(self) -> bool:
        """Whether the list must be published: never published, or a status changed since."""
        return self.published_version is None or self.published_version != self.version

    def to_dict(self) -> dict[str, Any]:
        """The list as JSON."""
        return {
            "url": self.url,
            "purpose": self.purpose,
            "size": self.size,
            "statusSize": self.status_size,
            "issuer": self.issuer,
            "allocated": self.allocated,
            "created": self.created,
            "rollover": self.rollover,
            "changed": self.changed,
        }


@dataclass(frozen=True)
class EntryRow:
    """One allocated index: which credential, which list, which purpose, and its current status value."""

    credential_id: str
    list_url: str
    index: int
    purpose: str
    status: int
    reason: str | None
    updated: str

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON."""
        return {
            "credentialId": self.credential_id,
            "statusListCredential": self.list_url,
            "statusListIndex": self.index,
            "statusPurpose": self.purpose,
            "status": self.status,
            "reason": self.reason,
            "updated": self.updated,
        }


def _list(row: tuple[Any, ...]) -> ListRow:
    return ListRow(
        str(row[0]),
        str(row[1]),
        int(row[2]),
        int(row[3]),
        row[4],
        int(row[5]),
        str(row[6]),
        row[7],
        int(row[8]),
        None if row[9] is None else int(row[9]),
        row[10],
        None if row[11] is None else int(row[11]),
    )


def _entry(row: tuple[Any, ...]) -> EntryRow:
    return EntryRow(str(row[0]), str(row[1]), int(row[2]), str(row[3]), int(row[4]), row[5], str(row[6]))


def insert_list(tx: Transaction, row: ListRow) -> None:
    """Insert a new status list row."""
    tx.execute(
        "INSERT INTO microcred_status_lists "
        "(url, purpose, size, status_size, issuer, allocated, created, rollover, lease_owner, lease_until, "
        "version) VALUES (:url, :purpose, :size, :status_size, :issuer, :allocated, :created, :rollover, "
        ":lease_owner, :lease_until, 0)",
        {
            "url": row.url,
            "purpose": row.purpose,
            "size": row.size,
            "status_size": row.status_size,
            "issuer": row.issuer,
            "allocated": row.allocated,
            "created": row.created,
            "rollover": row.rollover,
            "lease_owner": row.lease_owner,
            "lease_until": row.lease_until,
        },
    )


def get_list(tx: Transaction, url: str, *, for_update: bool = False) -> ListRow | None:
    """The list row for ``url`` (locked for update where the database supports it), or None."""
    sql = f"SELECT {_LIST_COLUMNS} FROM microcred_status_lists WHERE url = :url"
    rows = tx.execute(sql + (" FOR UPDATE" if for_update else ""), {"url": url})
    return _list(rows[0]) if rows else None


def all_lists(tx: Transaction) -> list[ListRow]:
    """Every list row, oldest first."""
    rows = tx.execute(f"SELECT {_LIST_COLUMNS} FROM microcred_status_lists ORDER BY created, url")
    return [_list(r) for r in rows]


def open_list(tx: Transaction, purpose: str, *, now_ms: int = 0) -> ListRow | None:
    """The oldest list of ``purpose`` with free indices (fill lists one after another: bigger herds), a list
    no block allocator holds at ``now_ms`` first (so a single allocation does not wait for a block)."""
    rows = tx.execute(
        f"SELECT {_LIST_COLUMNS} FROM microcred_status_lists WHERE purpose = :p AND allocated < size "
        "ORDER BY CASE WHEN lease_owner IS NULL OR lease_until < :now THEN 0 ELSE 1 END, created, url",
        {"p": purpose, "now": now_ms},
    )
    return _list(rows[0]) if rows else None


def lists_of(tx: Transaction, purpose: str) -> list[ListRow]:
    """Every list of ``purpose``, oldest first."""
    rows = tx.execute(
        f"SELECT {_LIST_COLUMNS} FROM microcred_status_lists WHERE purpose = :p ORDER BY created, url",
        {"p": purpose},
    )
    return [_list(r) for r in rows]


def changed_lists(tx: Transaction) -> list[ListRow]:
    """The lists to publish: never published, or changed since they were last published (oldest first)."""
    rows = tx.execute(
        f"SELECT {_LIST_COLUMNS} FROM microcred_status_lists "
        "WHERE published_version IS NULL OR published_version <> version ORDER BY created, url"
    )
    return [_list(r) for r in rows]


def mark_published(tx: Transaction, url: str, version: int) -> None:
    """Record that the list's bits as of ``version`` are published (a later change keeps it changed)."""
    tx.execute(
        "UPDATE microcred_status_lists SET published_version = :v "
        "WHERE url = :u AND (published_version IS NULL OR published_version < :v)",
        {"u": url, "v": version},
    )


def index_taken(tx: Transaction, url: str, index: int) -> bool:
    """True when ``index`` of list ``url`` is allocated."""
    return bool(
        tx.execute(
            "SELECT 1 FROM microcred_status_entries WHERE list_url = :u AND status_index = :i",
            {"u": url, "i": index},
        )
    )


def taken_indices(tx: Transaction, url: str) -> set[int]:
    """Every allocated index of list ``url``."""
    rows = tx.execute("SELECT status_index FROM microcred_status_entries WHERE list_url = :u", {"u": url})
    return {int(r[0]) for r in rows}


def insert_entry(tx: Transaction, row: EntryRow) -> None:
    """Insert an allocated entry and count it on its list."""
    tx.execute(
        f"INSERT INTO microcred_status_entries ({_ENTRY_COLUMNS}) "
        "VALUES (:credential_id, :list_url, :status_index, :purpose, :status, :reason, :updated)",
        {
            "credential_id": row.credential_id,
            "list_url": row.list_url,
            "status_index": row.index,
            "purpose": row.purpose,
            "status": row.status,
            "reason": row.reason,
            "updated": row.updated,
        },
    )
    tx.execute(
        "UPDATE microcred_status_lists SET allocated = allocated + 1 WHERE url = :u", {"u": row.list_url}
    )


def entries_for(tx: Transaction, credential_id: str) -> list[EntryRow]:
    """Every entry of a credential, by purpose."""
    rows = tx.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM microcred_status_entries WHERE credential_id = :c ORDER BY purpose",
        {"c": credential_id},
    )
    return [_entry(r) for r in rows]


def set_entries(tx: Transaction, url: str) -> list[tuple[int, int]]:
    """(index, status) of every entry of the list whose status is not 0."""
    rows = tx.execute(
        "SELECT status_index, status FROM microcred_status_entries WHERE list_url = :u AND status <> 0 "
        "ORDER BY status_index",
        {"u": url},
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def count_set(tx: Transaction, url: str) -> int:
    """How many entries of list ``url`` have a non-zero status."""
    rows = tx.execute(
        "SELECT COUNT(*) FROM microcred_status_entries WHERE list_url = :u AND status <> 0", {"u": url}
    )
    return int(rows[0][0])


def update_status(
    tx: Transaction, row: EntryRow, status: int, *, action: str, reason: str | None, at: str
) -> EntryRow:
    """Set an entry's status and return the updated row."""
    tx.execute(
        "UPDATE microcred_status_entries SET status = :s, reason = :r, updated = :at "
        "WHERE list_url = :u AND status_index = :i",
        {"s": status, "r": reason, "at": at, "u": row.list_url, "i": row.index},
    )
    tx.execute(  # the published bits changed: the list is to be published again
        "UPDATE microcred_status_lists SET version = version + 1 WHERE url = :u", {"u": row.list_url}
    )
    log_event(tx, row.credential_id, row.purpose, action, reason, at)
    return EntryRow(row.credential_id, row.list_url, row.index, row.purpose, status, reason, at)


def log_event(
    tx: Transaction, credential_id: str, purpose: str, action: str, reason: str | None, at: str
) -> None:
    """Append an event (allocate, revoke, suspend, reinstate) to a credential's history."""
    # A portable sequence number: it orders one credential's events (a credential's next event starts after
    # the transaction of its previous one committed); events of different credentials may share a number.
    seq = int(tx.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM microcred_status_events")[0][0])
    tx.execute(
        "INSERT INTO microcred_status_events (seq, credential_id, purpose, action, reason, at) "
        "VALUES (:seq, :c, :p, :a, :r, :at)",
        {"seq": seq, "c": credential_id, "p": purpose, "a": action, "r": reason, "at": at},
    )


def events_for(tx: Transaction, credential_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The history of the given credentials, oldest first."""
    out: list[dict[str, Any]] = []
    for credential_id in credential_ids:
        rows = tx.execute(
            "SELECT credential_id, purpose, action, reason, at FROM microcred_status_events "
            "WHERE credential_id = :c ORDER BY seq",
            {"c": credential_id},
        )
        out.extend(
            {"credentialId": r[0], "purpose": r[1], "action": r[2], "reason": r[3], "at": r[4]} for r in rows
        )
    return out
