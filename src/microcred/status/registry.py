"""The issuer side of Bitstring Status List: a registry of status lists, indices and status changes.

A registrar creates a list (a URL it will host, a purpose, a size), the issuer allocates ``credentialStatus``
entries for each credential it issues (:meth:`StatusRegistry.allocate`, or ``issue(..., status=registry)``),
and later revokes, suspends or reinstates credentials by id. :meth:`StatusRegistry.publish` signs the current
status list credential for the registrar to host at the list URL.

* Indices are drawn **at random** within the list (§2.1 statusListIndex: "Implementations SHOULD assign
  indexes randomly"; §6.5 Decoy Values), never handed out twice and never reused.
* ``revocation`` is not reversible; ``suspension`` is (§2.1 statusPurpose).
* Records live in one SQLite file by default (``sqlite3``, WAL, one transaction per change) or in any database
  a SQLAlchemy URL names; concurrent issuers (threads or processes) never get the same index.
* A list with a rollover URL template is followed by a new list when every list of its purpose is full
  (:mod:`~microcred.status.allocation`); blocks of credentials: :mod:`~microcred.status.blocks`.
* Publishing (one list, or every changed list at once) is :class:`~microcred.status.publication.ListPublishing`.
"""

from __future__ import annotations

import os
import random
import secrets
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..clock import Clock, format_datetime, resolve_clock
from ..errors import (
    StatusEntryNotFoundError,
    StatusListError,
    StatusListFullError,
    StatusListNotFoundError,
    StatusTransitionError,
    UsageError,
)
from . import store
from .allocation import (
    REGISTRY_PURPOSES,
    check_purpose,
    check_rollover,
    check_url,
    draw_index,
    full_error,
    roll_over,
)
from .backend import Transaction, open_backend, run_transaction
from .bitstring import MIN_ENTRIES
from .entry import build_entry
from .publication import ListPublishing, Signer

__all__ = ["DEFAULT_DB", "REGISTRY_PURPOSES", "Signer", "StatusRegistry"]

#: The registry's default database file (the CLI's ``--db`` default).
DEFAULT_DB = "microcred-status.sqlite"


class StatusRegistry(ListPublishing):
    """Status lists and their entries, in an SQLite file (``db`` a path) or a database (``db`` a SQLAlchemy
    URL).

    ``clock`` stamps records and published lists; ``rng`` draws indices (default: the OS's CSPRNG).
    """

    def __init__(
        self,
        db: str | os.PathLike[str] = DEFAULT_DB,
        *,
        clock: Clock | datetime | str | None = None,
        rng: random.Random | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.backend = open_backend(db if isinstance(db, str) else Path(db), timeout=timeout)
        self.clock = resolve_clock(clock)
        self._rng: random.Random = rng or secrets.SystemRandom()
        lock = self.backend.supports_for_update
        try:
            run_transaction(self.backend, lambda tx: store.create_schema(tx, for_update=lock))
        except BaseException:
            self.backend.close()
            raise

    @property
    def location(self) -> str:
        """Where the registry's records live (for messages)."""
        return self.backend.location

    def _now(self) -> str:
        return format_datetime(self.clock.now())

    def close(self) -> None:
        """Close the backend (its connections)."""
        self.backend.close()

    def __enter__(self) -> StatusRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StatusRegistry({self.location!r})"

    # -- lists ----------------------------------------------------------------------------------------------
    def create_list(
        self,
        url: str,
        purpose: str = "revocation",
        *,
        size: int = MIN_ENTRIES,
        issuer: str | None = None,
        min_size: int = MIN_ENTRIES,
        rollover: str | None = None,
    ) -> store.ListRow:
        """Register a status list of ``size`` entries at ``url`` for ``purpose``
        (``revocation``/``suspension``).

        ``size`` must reach ``min_size`` (the REC's 131,072 unless an ecosystem sets another lower bound, §3.2
        step 2) and be a multiple of 8. ``issuer`` is the status list credential's issuer when it is published
        (default: the signing key's controller). ``rollover`` (``"https://x/status/{n}"``) is the URL template
        of the list that follows this one when every list of the purpose is full (see
        :func:`~microcred.status.allocation.roll_over`).
        """
        check_url(url)
        check_purpose(purpose)
        check_rollover(rollover)
        if isinstance(size, bool) or not isinstance(size, int) or size < max(1, min_size) or size % 8:
            raise UsageError(f"size must be a multiple of 8 and at least {min_size} entries, not {size!r}")
        row = store.ListRow(url, purpose, size, 1, issuer, 0, self._now(), rollover)

        def work(tx: Transaction) -> store.ListRow:
            if store.get_list(tx, url) is not None:
                raise StatusListError(
                    f"a status list {url} already exists in {self.location}", details={"url": url}
                )
            store.insert_list(tx, row)
            return row

        return run_transaction(self.backend, work)

    def lists(self) -> list[store.ListRow]:
        """Every status list in the registry."""
        return run_transaction(self.backend, store.all_lists)

    def get_list(self, url: str) -> store.ListRow:
        """The status list published at ``url``; :class:`StatusListNotFoundError` otherwise."""
        row = run_transaction(self.backend, lambda tx: store.get_list(tx, url))
        if row is None:
            raise StatusListNotFoundError(f"no status list {url} in {self.location}", details={"url": url})
        return row

    def count_set(self, url: str) -> int:
        """How many entries of the list have a status other than 0 (revoked or suspended)."""
        self.get_list(url)
        return run_transaction(self.backend, lambda tx: store.count_set(tx, url))

    # -- allocation -----------------------------------------------------------------------------------------
    def _allocate_one(
        self, tx: Transaction, credential_id: str, purpose: str, list_url: str | None
    ) -> store.EntryRow:
        if list_url is not None:
            row = store.get_list(tx, list_url, for_update=self.backend.supports_for_update)
            if row is None:
                raise StatusListNotFoundError(f"no status list {list_url} in {self.location}")
            if row.purpose != purpose:
                raise UsageError(f"status list {list_url} is a {row.purpose} list, not a {purpose} list")
            if row.allocated >= row.size:
                raise StatusListFullError(
                    f"status list {row.url} is full ({row.size} entries)", details={"url": row.url}
                )
        else:
            found = store.open_list(tx, purpose, now_ms=int(time.time() * 1000))
            if found is None:
                found = roll_over(tx, purpose, template=None, now=self._now())
            if found is None:
                raise full_error(purpose, self.location)
            row = found
            if self.backend.supports_for_update:
                locked = store.get_list(tx, row.url, for_update=True)
                row = locked if locked is not None else row
        index = draw_index(tx, row, self._rng)
        entry = store.EntryRow(credential_id, row.url, index, purpose, 0, None, self._now())
        # the (list, index) primary key refuses a duplicate: the transaction retries
        store.insert_entry(tx, entry)
        store.log_event(tx, credential_id, purpose, "allocate", None, entry.updated)
        return entry

    def allocate(
        self,
        credential_id: str,
        purposes: Sequence[str] | None = None,
        *,
        list_url: str | None = None,
    ) -> list[dict[str, Any]]:
        """Allocate a random index per purpose for ``credential_id``; return the ``credentialStatus`` entries.

        ``purposes`` defaults to every purpose the registry has lists for (``revocation`` first), or to the
        purpose of ``list_url`` when that is given. Idempotent: a credential that already has an entry for a
        purpose keeps it. All purposes are allocated in one transaction (all or nothing).
        """
        if not isinstance(credential_id, str) or not credential_id:
            raise UsageError("a credential id (non-empty string) is needed to allocate a status entry")
        if list_url is not None and purposes is None:
            purposes = (self.get_list(list_url).purpose,)
        if purposes is None:
            present = {row.purpose for row in self.lists()}
            purposes = tuple(p for p in REGISTRY_PURPOSES if p in present)
            if not purposes:
                raise StatusListNotFoundError(
                    f"the status registry {self.location} has no status lists; create one first"
                )
        if isinstance(purposes, str):
            purposes = (purposes,)
        wanted = list(dict.fromkeys(check_purpose(p) for p in purposes))
        if not wanted:
            raise UsageError("allocate needs at least one status purpose")
        if list_url is not None and len(wanted) > 1:
            raise UsageError("list_url names one list, so only one purpose can be allocated from it")

        def work(tx: Transaction) -> list[store.EntryRow]:
            existing = {row.purpose: row for row in store.entries_for(tx, credential_id)}
            rows = []
            for purpose in wanted:
                row = existing.get(purpose) or self._allocate_one(tx, credential_id, purpose, list_url)
                if list_url is not None and row.list_url != list_url:
                    raise StatusListError(
                        f"{credential_id} already has a {purpose} entry in another list ({row.list_url})"
                    )
                rows.append(row)
            return rows

        return [build_entry(r.list_url, r.index, r.purpose) for r in run_transaction(self.backend, work)]

    # -- status changes -------------------------------------------------------------------------------------
    def entries(self, credential_id: str) -> list[store.EntryRow]:
        """Every entry (list, index, purpose, current status) the registry holds for ``credential_id``."""
        return run_transaction(self.backend, lambda tx: store.entries_for(tx, credential_id))

    def history(self, credential_id: str) -> list[dict[str, Any]]:
        """The status events (allocate, revoke, suspend, reinstate) recorded for ``credential_id``."""
        return run_transaction(self.backend, lambda tx: store.events_for(tx, [credential_id]))

    def _change(
        self, credential_id: str, purpose: str, status: int, action: str, reason: str | None
    ) -> store.EntryRow:
        def work(tx: Transaction) -> store.EntryRow:
            rows = {row.purpose: row for row in store.entries_for(tx, credential_id)}
            row = rows.get(purpose)
            if row is None:
                if not rows:
                    raise StatusEntryNotFoundError(
                        f"the status registry has no entries for credential {credential_id!r}",
                        details={"credentialId": credential_id},
                    )
                if action == "reinstate":
                    raise StatusTransitionError(
                        f"credential {credential_id!r} has no suspension entry; revocation is not reversible",
                        details={"credentialId": credential_id},
                    )
                raise StatusEntryNotFoundError(
                    f"credential {credential_id!r} has no {purpose} entry "
                    f"(it has: {', '.join(sorted(rows))})",
                    details={"credentialId": credential_id, "purpose": purpose},
                )
            if row.status == status:
                return row  # already so: nothing changes, nothing is logged
            return store.update_status(tx, row, status, action=action, reason=reason, at=self._now())

        return run_transaction(self.backend, work)

    def revoke(self, credential_id: str, *, reason: str | None = None) -> store.EntryRow:
        """Set the credential's revocation bit. Revocation is not reversible."""
        return self._change(credential_id, "revocation", 1, "revoke", reason)

    def suspend(self, credential_id: str, *, reason: str | None = None) -> store.EntryRow:
        """Set the credential's suspension bit (undo with :meth:`reinstate`)."""
        return self._change(credential_id, "suspension", 1, "suspend", reason)

    def reinstate(self, credential_id: str, *, reason: str | None = None) -> store.EntryRow:
        """Clear the credential's suspension bit. A revocation stays: it is not reversible."""
        return self._change(credential_id, "suspension", 0, "reinstate", reason)
