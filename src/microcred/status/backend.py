"""Where the status registry keeps its records: a small SQL backend interface and the transaction runner.

Two backends implement it: :class:`~microcred.status.sqlite_backend.SqliteBackend` (the stdlib ``sqlite3``,
one file, the default) and :class:`~microcred.status.sqlalchemy_backend.SqlAlchemyBackend` (any SQLAlchemy
URL, e.g. ``postgresql://...``, for registries shared by several issuing servers; SQLAlchemy is imported only
then).

The registry writes portable SQL with ``:name`` parameters; a backend runs it inside a transaction and
translates its driver's errors into :class:`ConflictError` (a unique constraint said no) and
:class:`BusyError` (the database is locked or a serialization failure: try again). :func:`run_transaction`
retries on both.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import StatusRegistryError

T = TypeVar("T")

#: How often a transaction is tried before giving up (each try waits for locks up to the backend's timeout).
DEFAULT_ATTEMPTS = 50


class ConflictError(Exception):
    """A unique constraint rejected a write (another issuer took that index first)."""


class BusyError(Exception):
    """The database is locked or reported a serialization failure; the transaction can be retried."""


class Transaction(Protocol):
    """A database transaction: run SQL with named parameters."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one statement; return its rows (empty for statements without rows)."""
        ...


class Backend(Protocol):
    """Where the status registry keeps its records (SQLite or SQLAlchemy)."""

    #: Where the records live, for messages (a file path or a URL without its password).
    location: str
    #: Whether ``SELECT ... FOR UPDATE`` locks rows (PostgreSQL); SQLite locks the whole file instead.
    supports_for_update: bool
    #: Whether bulk statements may take array parameters (PostgreSQL); portable ``IN`` / ``executemany`` else.
    supports_arrays: bool

    def transaction(self) -> AbstractContextManager[Transaction]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        ...

    def close(self) -> None:
        """Release the backend's connections."""


def run_transaction(
    backend: Backend,
    work: Callable[[Transaction], T],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``work`` in a transaction, retrying (with a short random back-off) on conflicts and lock errors."""
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            with backend.transaction() as tx:
                return work(tx)
        except (ConflictError, BusyError) as exc:
            last = exc
            sleep(random.uniform(0, min(0.05, 0.002 * (attempt + 1))))
    raise StatusRegistryError(
        f"the status registry at {backend.location} stayed busy after {attempts} attempts: {last}",
        details={"location": backend.location},
    )


def is_url(db: str) -> bool:
    """A SQLAlchemy URL (``dialect[+driver]://...``) rather than a file path."""
    return "://" in db


def open_backend(db: str | Path, *, timeout: float = 30.0) -> Backend:
    """The backend for ``db``: a SQLAlchemy URL (``postgresql://...``, ``sqlite:///f``) or an SQLite path."""
    text = str(db)
    if not text:
        raise StatusRegistryError("no status registry database was given")
    if is_url(text):
        from .sqlalchemy_backend import SqlAlchemyBackend

        return SqlAlchemyBackend(text, timeout=timeout)
    from .sqlite_backend import SqliteBackend

    return SqliteBackend(text, timeout=timeout)
