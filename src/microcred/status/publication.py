"""Publishing the registry's status lists: the bitstring, the status list credential, and every changed list.

* :meth:`ListPublishing.status_list_credential`: Bitstring Status List v1.0 §3.1 steps 1-4 (the unsigned
  credential of the list as it is now); :meth:`ListPublishing.publish`: step 5, secured.
* :meth:`ListPublishing.publish_changed`: every list whose published bits are out of date, in one call. The
  registry counts changes per list (``version``: every revoke, suspend and reinstate; allocation does not
  change the published bits) and remembers the count last published; a new list has never been published. Each
  changed list is signed (as a Bitstring Status List credential and/or a Token Status List ``statuslist+jwt``),
  handed to the publisher (a folder: each file written atomically), and only then marked published, at the
  count read *before* its bits were: a change that lands meanwhile keeps the list changed for the next call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from ..clock import Clock, resolve_clock
from ..errors import StatusListNotFoundError, UsageError
from ..issue_options import IssueOptions, check_options
from ..jsonio import dumps_pretty
from . import store
from .backend import Backend, Transaction, run_transaction
from .bitstring import Bitstring
from .credential import DataModel, build_status_list_credential
from .publish_target import DirectoryPublisher, Kind, Published, Publisher, check_kinds

if TYPE_CHECKING:
    from .registry import StatusRegistry

#: Signs an unsigned status list credential (tests, HSM-backed signers).
Signer = Callable[[dict[str, Any]], dict[str, Any] | str]
#: Media type of a Status List Token (draft-ietf-oauth-status-list §5.1).
STATUSLIST_JWT = "application/statuslist+jwt"


def _row(backend: Backend, url: str) -> store.ListRow:
    row = run_transaction(backend, lambda tx: store.get_list(tx, url))
    if row is None:
        raise StatusListNotFoundError(f"no status list {url} in {backend.location}", details={"url": url})
    return row


class ListPublishing:
    """The publishing half of :class:`~microcred.status.registry.StatusRegistry`."""

    backend: Backend
    clock: Clock

    def bitstring(self, list_url: str) -> Bitstring:
        """§3.3 Bitstring Generation, steps 1-2: the list's bitstring with every set status."""

        def work(tx: Transaction) -> tuple[store.ListRow | None, list[tuple[int, int]]]:
            return store.get_list(tx, list_url), store.set_entries(tx, list_url)

        row, statuses = run_transaction(self.backend, work)
        if row is None:
            raise StatusListNotFoundError(
                f"no status list {list_url} in {self.backend.location}", details={"url": list_url}
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
        row = _row(self.backend, list_url)
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
        when given; ``options`` are the proof options (:class:`~microcred.issue_options.IssueOptions`). The
        issuer is ``issuer``, else the list's recorded issuer, else the key's controller. The data model is the one ``format`` issues by default (VC 2.0 for the Data Integrity suites).
        """
        issuer = issuer or _row(self.backend, list_url).issuer or getattr(key, "controller", None) or None
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

    # -- every changed list, in one step --------------------------------------------------------------------
    def changed_lists(self) -> list[store.ListRow]:
        """The lists to publish: never published, or a status changed since they were last published."""
        return run_transaction(self.backend, store.changed_lists)

    def mark_published(self, list_url: str, version: int) -> None:
        """Record that the list is published as of change count ``version`` (the ``ListRow.version`` read
        before its bits were); a change made after that keeps the list changed."""
        run_transaction(self.backend, lambda tx: store.mark_published(tx, list_url, version))

    def publish_changed(
        self,
        target: str | os.PathLike[str] | Publisher,
        key: Any = None,
        *,
        kinds: Sequence[Kind] = ("bitstring",),
        format: str = "eddsa-rdfc-2022",
        clock: Clock | datetime | str | None = None,
        data_model: DataModel | None = None,
        valid_for: timedelta | None = None,
        ttl: int | None = None,
        sign: Signer | None = None,
        options: IssueOptions | None = None,
    ) -> list[Published]:
        """Publish every changed list (see :meth:`changed_lists`) to ``target``; return what was published.

        ``target`` is a folder (:class:`~microcred.status.publish_target.DirectoryPublisher`: ``DIR/<URL path>``
        for the Bitstring Status List credential, ``DIR/<URL path>.jwt`` for the Token Status List) or a
        :class:`~microcred.status.publish_target.Publisher`. ``kinds``: ``"bitstring"`` (signed as
        :meth:`publish` does, with ``format``, ``sign``, ``options``) and/or ``"token"`` (a ``statuslist+jwt``
        signed with ``key``). A list is marked published only after every kind of it was written; nothing
        changed: nothing is written and the list is empty.
        """
        wanted = check_kinds(kinds)
        if "token" in wanted and key is None:
            raise UsageError("a Token Status List is signed with a key: give key=")
        when = resolve_clock(clock) if clock is not None else self.clock
        publisher: Publisher = target if callable(target) else DirectoryPublisher(target)
        rows = self.changed_lists()
        if isinstance(publisher, DirectoryPublisher):
            publisher.check([r.url for r in rows], wanted)
        done: list[Published] = []
        for row in rows:
            for kind in wanted:
                if kind == "token":
                    from .token_publication import publish_token_status_list

                    registry = cast("StatusRegistry", self)
                    token = publish_token_status_list(
                        registry, row.url, key, now=when.now(), valid_for=valid_for, ttl=ttl
                    )
                    body, media_type = token.encode("ascii"), STATUSLIST_JWT
                else:
                    secured = self.publish(
                        row.url,
                        key,
                        format=format,
                        clock=when,
                        data_model=data_model,
                        valid_for=valid_for,
                        ttl=ttl,
                        sign=sign,
                        options=options,
                    )
                    if isinstance(secured, str):
                        body, media_type = secured.encode("ascii"), "application/vc+jwt"
                    else:
                        body, media_type = dumps_pretty(secured).encode("utf-8"), "application/vc+ld+json"
                where = publisher(row.url, kind, body, media_type)
                done.append(Published(row.url, kind, where, media_type, row.version))
            self.mark_published(row.url, row.version)
        return done
