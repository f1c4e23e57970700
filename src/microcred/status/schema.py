"""The status registry's tables, in portable SQL (SQLite; PostgreSQL through SQLAlchemy), and their upgrade.

* ``microcred_status_lists``: one row per status list (URL, purpose, size in entries, statusSize, issuer, how
  many indices are allocated), the URL template of the list that follows it when it is full (``rollover``),
  the block allocator holding it (``lease_owner`` until ``lease_until``, milliseconds since the epoch), and
  the change counter (``version``: bumped by every revoke/suspend/reinstate) next to the version last
  published (``published_version``; NULL: never published).
* ``microcred_status_entries``: one row per allocated index. The primary key (list, index) means an index is
  never handed out twice; rows are never deleted, so an index is never reused. ``UNIQUE (credential_id,
  purpose)`` gives a credential at most one entry per purpose.
* ``microcred_status_events``: an append-only log (allocate, revoke, suspend, reinstate) with reasons;
  ``seq`` orders one credential's events.

Schema version 1 (before rollover, leases and change tracking) is upgraded in place by adding the columns.
"""

from __future__ import annotations

from .backend import Transaction

SCHEMA_VERSION = "2"

SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS microcred_status_meta (
        name VARCHAR(64) PRIMARY KEY,
        value VARCHAR(256) NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS microcred_status_lists (
        url VARCHAR(2048) PRIMARY KEY,
        purpose VARCHAR(64) NOT NULL,
        size INTEGER NOT NULL,
        status_size INTEGER NOT NULL,
        issuer VARCHAR(2048),
        allocated INTEGER NOT NULL,
        created VARCHAR(40) NOT NULL,
        rollover VARCHAR(2048),
        lease_owner VARCHAR(64),
        lease_until BIGINT,
        version INTEGER NOT NULL DEFAULT 0,
        published_version INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS microcred_status_entries (
        list_url VARCHAR(2048) NOT NULL REFERENCES microcred_status_lists (url),
        status_index INTEGER NOT NULL,
        credential_id VARCHAR(2048) NOT NULL,
        purpose VARCHAR(64) NOT NULL,
        status INTEGER NOT NULL,
        reason TEXT,
        updated VARCHAR(40) NOT NULL,
        PRIMARY KEY (list_url, status_index),
        UNIQUE (credential_id, purpose)
    )""",
    """CREATE TABLE IF NOT EXISTS microcred_status_events (
        seq INTEGER NOT NULL,
        credential_id VARCHAR(2048) NOT NULL,
        purpose VARCHAR(64) NOT NULL,
        action VARCHAR(32) NOT NULL,
        reason TEXT,
        at VARCHAR(40) NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS microcred_status_events_seq ON microcred_status_events (seq)",
    "CREATE INDEX IF NOT EXISTS microcred_status_events_cred ON microcred_status_events (credential_id)",
)

#: Schema 1 -> 2: the columns added to ``microcred_status_lists``.
UPGRADE_1_TO_2: tuple[str, ...] = (
    "ALTER TABLE microcred_status_lists ADD COLUMN rollover VARCHAR(2048)",
    "ALTER TABLE microcred_status_lists ADD COLUMN lease_owner VARCHAR(64)",
    "ALTER TABLE microcred_status_lists ADD COLUMN lease_until BIGINT",
    "ALTER TABLE microcred_status_lists ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE microcred_status_lists ADD COLUMN published_version INTEGER",
)


def create_schema(tx: Transaction, *, for_update: bool = False) -> None:
    """Create the tables (if missing), upgrade a version 1 schema, and record the schema version.

    ``for_update`` locks the version row first (PostgreSQL), so two processes never upgrade at once.
    """
    for statement in SCHEMA:
        tx.execute(statement)
    lock = " FOR UPDATE" if for_update else ""
    rows = tx.execute("SELECT value FROM microcred_status_meta WHERE name = 'schema'" + lock)
    if not rows:
        tx.execute(
            "INSERT INTO microcred_status_meta (name, value) VALUES ('schema', :v)", {"v": SCHEMA_VERSION}
        )
    elif str(rows[0][0]) == "1":
        for statement in UPGRADE_1_TO_2:
            tx.execute(statement)
        tx.execute("UPDATE microcred_status_meta SET value = :v WHERE name = 'schema'", {"v": SCHEMA_VERSION})
