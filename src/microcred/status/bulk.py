"""The block allocator's bulk statements: a thousand rows in one statement, portable or with PostgreSQL arrays.

Portable SQL (SQLite, any SQLAlchemy database): look-ups by ``IN (:a0, :a1, ...)`` in chunks of
:data:`IDS_PER_QUERY`, inserts by the driver's ``executemany``. On PostgreSQL (``arrays``) each is one statement
with array parameters, which the server plans and runs once: look-ups by a join on ``unnest(CAST(:a AS text[]))``
(an index look-up per id; ``= ANY(...)`` may be planned as a scan of the whole table, O(rows x ids)), inserts by
``INSERT ... SELECT ... FROM unnest(...)`` (PostgreSQL documentation, §9.19 Array Functions, ``unnest``); under
load that halves the server's work per block (measured in docs/performance.md).
"""

from __future__ import annotations

from typing import Any

from . import store
from .backend import Transaction

#: Credential ids per ``IN (...)`` look-up (portable SQL).
IDS_PER_QUERY = 500

_ENTRY = "credential_id, list_url, status_index, purpose, status, reason, updated"


def _entry(r: tuple[Any, ...]) -> store.EntryRow:
    return store.EntryRow(str(r[0]), str(r[1]), int(r[2]), str(r[3]), int(r[4]), r[5], str(r[6]))


def existing_entries(
    tx: Transaction, ids: list[str], purpose: str, *, arrays: bool
) -> dict[str, store.EntryRow]:
    """The entries of ``purpose`` that credentials of ``ids`` already have, by credential id."""
    if arrays:
        columns = ", ".join(f"e.{c.strip()}" for c in _ENTRY.split(","))
        rows = tx.execute(  # a join on the ids: one index look-up each, whatever the table's statistics say
            f"SELECT {columns} FROM unnest(CAST(:ids AS text[])) AS x(c) "
            "JOIN microcred_status_entries e ON e.credential_id = x.c AND e.purpose = :p",
            {"p": purpose, "ids": ids},
        )
        return {str(r[0]): _entry(r) for r in rows}
    found: dict[str, store.EntryRow] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        part = ids[start : start + IDS_PER_QUERY]
        names = ", ".join(f":c{i}" for i in range(len(part)))
        params: dict[str, Any] = {f"c{i}": c for i, c in enumerate(part)}
        params["p"] = purpose
        rows = tx.execute(
            f"SELECT {_ENTRY} FROM microcred_status_entries WHERE purpose = :p AND credential_id IN ({names})",
            params,
        )
        found.update({str(r[0]): _entry(r) for r in rows})
    return found


def execute_many(tx: Transaction, sql: str, rows: list[dict[str, Any]]) -> None:
    """One statement, many parameter sets: the driver's executemany when the backend has it."""
    many = getattr(tx, "execute_many", None)
    if many is not None:
        many(sql, rows)
        return
    for row in rows:
        tx.execute(sql, row)


def insert_entries(tx: Transaction, rows: list[store.EntryRow], *, arrays: bool) -> None:
    """Insert new entries (status 0) of one purpose, all updated at the same time."""
    if not rows:
        return
    if arrays:
        tx.execute(
            f"INSERT INTO microcred_status_entries ({_ENTRY}) SELECT c, u, i, :p, 0, NULL, :t "
            "FROM unnest(CAST(:cs AS text[]), CAST(:us AS text[]), CAST(:is AS integer[])) AS x(c, u, i)",
            {
                "cs": [r.credential_id for r in rows],
                "us": [r.list_url for r in rows],
                "is": [r.index for r in rows],
                "p": rows[0].purpose,
                "t": rows[0].updated,
            },
        )
        return
    execute_many(
        tx,
        f"INSERT INTO microcred_status_entries ({_ENTRY}) VALUES (:c, :u, :i, :p, 0, NULL, :t)",
        [{"c": r.credential_id, "u": r.list_url, "i": r.index, "p": r.purpose, "t": r.updated} for r in rows],
    )


def log_allocations(tx: Transaction, rows: list[store.EntryRow], at: str, *, arrays: bool) -> None:
    """Append an ``allocate`` event for each new entry (one purpose)."""
    if not rows:
        return
    seq = int(tx.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM microcred_status_events")[0][0])
    if arrays:
        tx.execute(
            "INSERT INTO microcred_status_events (seq, credential_id, purpose, action, reason, at) "
            "SELECT :s + n - 1, c, :p, 'allocate', NULL, :at "
            "FROM unnest(CAST(:cs AS text[])) WITH ORDINALITY AS x(c, n)",
            {"s": seq, "cs": [r.credential_id for r in rows], "p": rows[0].purpose, "at": at},
        )
        return
    execute_many(
        tx,
        "INSERT INTO microcred_status_events (seq, credential_id, purpose, action, reason, at) "
        "VALUES (:s, :c, :p, 'allocate', NULL, :at)",
        [{"s": seq + n, "c": r.credential_id, "p": r.purpose, "at": at} for n, r in enumerate(rows)],
    )
