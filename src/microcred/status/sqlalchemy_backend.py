"""A status registry backend for a SQLAlchemy URL (``postgresql+psycopg://...``, ``sqlite:///file``).

For registries shared by several issuing servers (the SQL is written for PostgreSQL and SQLite). SQLAlchemy is
an optional dependency, imported only here. Allocation locks the list's row with ``SELECT ... FOR UPDATE``
where the database supports it; the unique constraint on (list, index) stays the last line of defence, and
conflicts, deadlocks and serialization failures are retried. On SQLite URLs every transaction starts with
``BEGIN IMMEDIATE``, as in the stdlib backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..errors import StatusRegistryError
from .backend import BusyError, ConflictError, Transaction

#: SQLSTATEs worth retrying: serialization failure, deadlock, lock not available.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}


def _sqlalchemy() -> Any:
    try:
        import sqlalchemy
    except ImportError as exc:
        raise StatusRegistryError(
            "a status registry URL needs SQLAlchemy (pip install 'sqlalchemy' and the database driver, "
            "e.g. 'psycopg'); or give an SQLite file path instead of a URL"
        ) from exc
    return sqlalchemy


def _is_retryable(exc: Exception) -> bool:
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _RETRY_SQLSTATES:
        return True
    text = str(orig or exc).lower()
    return "database is locked" in text or "deadlock" in text or "could not serialize" in text


class _SqlAlchemyTransaction:
    def __init__(self, connection: Any, sqlalchemy: Any) -> None:
        self._connection = connection
        self._sa = sqlalchemy

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        sa = self._sa
        try:
            result = self._connection.execute(sa.text(sql), dict(params or {}))
            return [tuple(row) for row in result.fetchall()] if result.returns_rows else []
        except sa.exc.IntegrityError as exc:
            raise ConflictError(str(exc.orig)) from exc
        except sa.exc.DBAPIError as exc:
            if _is_retryable(exc):
                raise BusyError(str(exc.orig)) from exc
            raise StatusRegistryError(f"status registry SQL failed: {exc.orig}") from exc

    def execute_many(self, sql: str, rows: list[Mapping[str, Any]]) -> None:
        """Run one statement once per parameter set (the driver's executemany: psycopg pipelines it)."""
        sa = self._sa
        try:
            self._connection.execute(sa.text(sql), [dict(r) for r in rows])
        except sa.exc.IntegrityError as exc:
            raise ConflictError(str(exc.orig)) from exc
        except sa.exc.DBAPIError as exc:
            if _is_retryable(exc):
                raise BusyError(str(exc.orig)) from exc
            raise StatusRegistryError(f"status registry SQL failed: {exc.orig}") from exc


class SqlAlchemyBackend:
    """Status records in the database at a SQLAlchemy URL."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        sa = self._sa = _sqlalchemy()
        try:
            parsed = sa.engine.make_url(url)
        except sa.exc.ArgumentError as exc:
            raise StatusRegistryError(f"not a database URL: {url!r}: {exc}") from exc
        self.location = parsed.render_as_string(hide_password=True)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.supports_for_update = not self.is_sqlite
        #: PostgreSQL: bulk statements take array parameters (``unnest``, ``= ANY``).
        self.supports_arrays = parsed.get_backend_name() == "postgresql"
        connect_args: dict[str, Any] = {"timeout": timeout} if self.is_sqlite else {}
        try:
            self.engine = sa.create_engine(
                parsed, connect_args=connect_args, pool_pre_ping=not self.is_sqlite
            )
        except (sa.exc.ArgumentError, ImportError) as exc:  # unknown dialect, driver not installed
            raise StatusRegistryError(f"cannot open status registry {self.location}: {exc}") from exc
        if self.is_sqlite:
            self._sqlite_events(timeout)

    def _sqlite_events(self, timeout: float) -> None:
        """SQLAlchemy's recipe for real SQLite transactions: no implicit BEGIN; BEGIN IMMEDIATE ourselves."""
        event = self._sa.event

        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        event.listen(self.engine, "connect", _connect)
        event.listen(self.engine, "begin", _begin)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction on a pooled connection: committed when the block ends, rolled back if it raises."""
        sa = self._sa
        try:
            connection = self.engine.connect()
        except sa.exc.DBAPIError as exc:
            if _is_retryable(exc):
                raise BusyError(str(exc.orig)) from exc
            raise StatusRegistryError(
                f"cannot connect to status registry {self.location}: {exc.orig}"
            ) from exc
        try:
            try:
                transaction = connection.begin()
            except sa.exc.DBAPIError as exc:
                if _is_retryable(exc):
                    raise BusyError(str(exc.orig)) from exc
                raise StatusRegistryError(f"status registry {self.location}: {exc.orig}") from exc
            try:
                yield _SqlAlchemyTransaction(connection, sa)
            except BaseException:
                transaction.rollback()
                raise
            try:
                transaction.commit()
            except sa.exc.DBAPIError as exc:
                if _is_retryable(exc):
                    raise BusyError(str(exc.orig)) from exc
                raise StatusRegistryError(
                    f"status registry {self.location}: commit failed: {exc.orig}"
                ) from exc
        finally:
            connection.close()

    def close(self) -> None:
        """Dispose of the engine's connection pool."""
        self.engine.dispose()
