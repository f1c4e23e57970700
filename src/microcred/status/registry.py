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
"""

from __future__ import annotations

import os
import random
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..clock import Clock, format_datetime, resolve_clock
from ..errors import (
    StatusEntryNotFoundError,
    StatusListError,
    StatusListFullError,
    StatusListNotFoundError,
    StatusRegistryError,
    StatusTransitionError,
    UsageError,
)
from ..issue_options import IssueOptions, check_options
from . import store
from .backend import Transaction, open_backend, run_transaction
from .bitstring import MIN_ENTRIES, Bitstring
from .credential import DataModel, build_status_list_credential
from .entry import build_entry

#: The registry's default database file (the CLI's ``--db`` default).
DEFAULT_DB = "microcred-status.sqlite"
#: Status purposes the registry manages (Bitstring Status List §2.1).
REGISTRY_PURPOSES: tuple[str, ...] = ("revocation", "suspension")
#: Below this share of used indices a random probe almost always hits a free one; above, pick among the free.
_PROBE_UNTIL = 0.5
_PROBES = 64

#: Signs an unsigned status list credential (tests, HSM-backed signers).
Signer = Callable[[dict[str, Any]], dict[str, Any] | str]


def _check_url(url: str) -> str:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.netloc or parts.fragment:
        raise UsageError(f"a status list URL must be an absolute http(s) URL without a fragment, not {url!r}")
    return url


def _check_purpose(purpose: str) -> str:
    if purpose not in REGISTRY_PURPOSES:
        raise UsageError(f"status purpose must be one of {', '.join(REGISTRY_PURPOSES)}, not {purpose!r}")
    return purpose


class StatusRegistry:
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
        try:
            run_transaction(self.backend, store.create_schema)
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
    ) -> store.ListRow:
        """Register a status list of ``size`` entries at ``url`` for ``purpose``
        (``revocation``/``suspension``).

        ``size`` must reach ``min_size`` (the REC's 131,072 unless an ecosystem sets another lower bound, §3.2
        step 2) and be a multiple of 8. ``issuer`` is the status list credential's issuer when it is published
        (default: the signing key's controller).
        """
        _check_url(url)
        _check_purpose(purpose)
        if isinstance(size, bool) or not isinstance(size, int) or size < max(1, min_size) or size % 8:
            raise UsageError(f"size must be a multiple of 8 and at least {min_size} entries, not {size!r}")
        row = store.ListRow(url, purpose, size, 1, issuer, 0, self._now())

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
    def _draw_index(self, tx: Transaction, row: store.ListRow) -> int:
        if row.allocated < row.size * _PROBE_UNTIL:
            for _ in range(_PROBES):
                index = self._rng.randrange(row.size)
                if not store.index_taken(tx, row.url, index):
                    return index
        taken = store.taken_indices(tx, row.url)
        free = row.size - len(taken)
        if free <= 0:
            raise StatusListFullError(
                f"status list {row.url} is full ({row.size} entries)", details={"url": row.url}
            )
        skip = self._rng.randrange(free)
        for index in range(row.size):
            if index not in taken:
                if skip == 0:
                    return index
                skip -= 1
        raise StatusRegistryError(f"status list {row.url}: allocated count and entries disagree")

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
            found = store.open_list(tx, purpose)
            if found is None:
                raise StatusListFullError(
                    f"every {purpose} list in {self.location} is full; "
                    "create another with 'microcred status create'",
                    details={"purpose": purpose},
                )
            row = found
            if self.backend.supports_for_update:
                locked = store.get_list(tx, row.url, for_update=True)
                row = locked if locked is not None else row
        entry = store.EntryRow(
            credential_id, row.url, self._draw_index(tx, row), purpose, 0, None, self._now()
        )
        store.insert_entry(
            tx, entry
        )  # the (list, index) primary key refuses a duplicate: the transaction retries
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
        wanted = list(dict.fromkeys(_check_purpose(p) for p in purposes))
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

    # -- publishing -----------------------------------------------------------------------------------------
    def bitstring(self, list_url: str) -> Bitstring:
        """§3.3 Bitstring Generation, steps 1-2: the list's bitstring with every set status."""

        def work(tx: Transaction) -> tuple[store.ListRow | None, list[tuple[int, int]]]:
            return store.get_list(tx, list_url), store.set_entries(tx, list_url)

        row, statuses = run_transaction(self.backend, work)
        if row is None:
            raise StatusListNotFoundError(
                f"no status list {list_url} in {self.location}", details={"url": list_url}
            )
        bits = Bitstring.zeros(row.size, row.status_size)
        for index, status in statuses:
            bits.set_status(index, status, row.status_size)
        return bits

    def status_list_credential(
        self,
        list_url: str,
        *,
        issuer: str | None = None,
        clock: Clock | datetime | str | None = None,
        data_model: DataModel = "v2",
        valid_for: timedelta | None = None,
        ttl: int | None = None,
    ) -> dict[str, Any]:
        """§3.1 steps 1-4: the unsigned BitstringStatusListCredential of the list as it is now."""
        row = self.get_list(list_url)
        issuer = issuer or row.issuer
        if issuer is None:
            raise UsageError(
                f"status list {list_url} has no issuer recorded; give one (or publish with a key)"
            )
        now = resolve_clock(clock).now() if clock is not None else self.clock.now()
        return build_status_list_credential(
            list_url,
            issuer=issuer,
            status_purpose=row.purpose,
            encoded_list=self.bitstring(list_url).encode(),
            valid_from=now,
            valid_until=now + valid_for if valid_for is not None else None,
            ttl=ttl,
            data_model=data_model,
        )

    def publish(
        self,
        list_url: str,
        key: Any = None,
        *,
        format: str = "eddsa-rdfc-2022",
        clock: Clock | datetime | str | None = None,
        data_model: DataModel | None = None,
        valid_for: timedelta | None = None,
        ttl: int | None = None,
        issuer: str | None = None,
        sign: Signer | None = None,
        options: IssueOptions | None = None,
    ) -> dict[str, Any] | str:
        """§3.1 step 5: the status list credential, secured, for the registrar to host at ``list_url``.

        Signs with ``microcred.issuer.issue(document, key, format=format, ...)``, or with ``sign(document)``
        when given; ``options`` are the proof options (:class:`~microcred.issue_options.IssueOptions`). The issuer is ``issuer``, else the list's recorded issuer, else the key's controller. The
        data model is the one ``format`` issues by default (VC 2.0 for the Data Integrity suites).
        """
        issuer = issuer or self.get_list(list_url).issuer or getattr(key, "controller", None) or None
        if issuer is None:
            raise UsageError(
                "publishing needs an issuer: give issuer=, record one on the list, or use a key with a DID"
            )
        if sign is not None:
            document = self.status_list_credential(
                list_url,
                issuer=issuer,
                clock=clock,
                data_model=data_model or "v2",
                valid_for=valid_for,
                ttl=ttl,
            )
            return sign(document)
        if key is None:
            raise UsageError("publishing needs a signing key (or a sign= callable)")
        from ..issuer import DEFAULT_DATA_MODEL, issue

        model: DataModel = data_model or DEFAULT_DATA_MODEL.get(format, "v2")
        when = resolve_clock(clock) if clock is not None else self.clock
        document = self.status_list_credential(
            list_url, issuer=issuer, clock=when, data_model=model, valid_for=valid_for, ttl=ttl
        )
        return issue(
            document, key, format=format, now=when, **check_options(options, where="publish").as_kwargs()
        )
