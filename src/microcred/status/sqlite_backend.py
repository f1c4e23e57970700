"""The default status registry backend: one SQLite file through the standard library's ``sqlite3``.

* WAL journal and ``synchronous=FULL``: a committed change survives a killed process (and a power cut), and
  readers do not block the writer.
* Every change runs in ``BEGIN IMMEDIATE``: the write lock is taken when the transaction starts, so two
  issuers (threads or processes) never read the same free index and both write it; a busy database is waited
  for (``busy_timeout``) and then retried by :func:`~microcred.status.backend.run_transaction`.
* One connection per thread (``sqlite3`` connections are not shared between threads).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StatusRegistryError
from .backend import BusyError, ConflictError, Transaction


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class _SqliteTransaction:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            cursor = self._connection.execute(sql, dict(params or {}))
            return [tuple(row) for row in cursor.fetchall()]
        except sqlite3.IntegrityError as exc:
            raise ConflictError(str(exc)) from exc
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise BusyError(str(exc)) from exc
            raise StatusRegistryError(f"status registry SQL failed: {exc}") from exc

    def execute_many(self, sql: str, rows: list[Mapping[str, Any]]) -> None:
        """Run one statement once per parameter set (``executemany``)."""
        try:
            self._connection.executemany(sql, [dict(r) for r in rows])
        except sqlite3.IntegrityError as exc:
            raise ConflictError(str(exc)) from exc
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise BusyError(str(exc)) from exc
            raise StatusRegistryError(f"status registry SQL failed: {exc}") from exc


class SqliteBackend:
    """Status records in one SQLite file (created if missing)."""

    supports_for_update = False
    supports_arrays = False

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._timeout = timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        if not self.path.parent.is_dir():
            raise StatusRegistryError(
                f"cannot open status registry {self.path}: folder {self.path.parent} does not exist",
                path=str(self.path),
            )
        self._connection()  # open now, so a bad path fails here

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise StatusRegistryError(f"the status registry {self.location} is closed")
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        try:
            # isolation_level=None: no implicit transactions; every change is an explicit BEGIN IMMEDIATE.
            connection = sqlite3.connect(
                str(self.path), timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StatusRegistryError(
                f"cannot open status registry {self.path}: {exc}", path=str(self.path)
            ) from exc
        if mode is None or str(mode[0]).lower() != "wal":
            connection.close()
            raise StatusRegistryError(
                f"status registry {self.path} cannot use the WAL journal", path=str(self.path)
            )
        self._local.connection = connection
        with self._lock:
            self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction (``BEGIN IMMEDIATE``): committed when the block ends, rolled back if it raises."""
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise BusyError(str(exc)) from exc
            raise StatusRegistryError(f"status registry {self.location}: {exc}") from exc
        try:
            yield _SqliteTransaction(connection)
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        try:
            connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if _is_busy(exc):
                raise BusyError(str(exc)) from exc
            raise StatusRegistryError(f"status registry {self.location}: commit failed: {exc}") from exc

    def close(self) -> None:
        """Close every connection this backend opened."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
