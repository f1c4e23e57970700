"""Status entries for a partition of a batch: reserved in one block, handed to ``issue()`` one by one.

A partition of a distributed batch (:mod:`microcred.batch.dask_task`) knows all its credential ids before it signs
anything, so it reserves their ``credentialStatus`` entries with
:meth:`BlockAllocator.allocate_many <microcred.status.blocks.BlockAllocator.allocate_many>`: one transaction per
status purpose for the whole partition instead of one per credential. ``allocate_many`` is idempotent per
credential id, so a job started again gets the same entries for the credentials it had reserved (and perhaps
issued) before it stopped: no credential ever has two indices.

:class:`ReservedStatus` is the allocator ``issue(..., status=...)`` calls; it only hands out what was reserved.
Built on the public API of :mod:`microcred.status` (``StatusRegistry.lists``, ``BlockAllocator``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from ..errors import StatusListNotFoundError, UsageError


def registry_purposes(registry: Any) -> tuple[str, ...]:
    """The purposes the registry has lists for, in the order ``StatusRegistry.allocate`` uses (revocation first)."""
    from ..status import REGISTRY_PURPOSES

    present = {row.purpose for row in registry.lists()}
    purposes = tuple(p for p in REGISTRY_PURPOSES if p in present)
    if not purposes:
        raise StatusListNotFoundError(
            f"the status registry {registry.location} has no status lists; create one first"
        )
    return purposes


class ReservedStatus:
    """A status allocator over entries reserved in blocks: ``allocate(id)`` returns the reserved entries."""

    def __init__(self, registry: Any) -> None:
        from ..status.blocks import BlockAllocator

        self.purposes = registry_purposes(registry)
        self._blocks = [BlockAllocator(registry, purpose) for purpose in self.purposes]
        self._entries: dict[str, list[dict[str, Any]]] = {}
        #: entries reserved, and the seconds the reservations took (for the job's figures)
        self.allocations = 0
        self.seconds = 0.0

    def reserve(self, credential_ids: Sequence[str]) -> None:
        """Reserve (or find again) the entries of ``credential_ids``: one transaction per purpose."""
        ids = list(credential_ids)
        if not ids:
            return
        started = time.perf_counter()
        per_purpose = [blocks.allocate_many(ids) for blocks in self._blocks]
        self.seconds += time.perf_counter() - started
        self.allocations += len(ids) * len(self._blocks)
        for position, credential_id in enumerate(ids):
            self._entries[credential_id] = [entries[position] for entries in per_purpose]

    def allocate(self, credential_id: str) -> list[dict[str, Any]]:
        """The entries reserved for ``credential_id`` (``issue()`` calls this)."""
        entries = self._entries.get(credential_id)
        if entries is None:
            raise UsageError(f"no status entry was reserved for {credential_id}")
        return entries

    def forget(self) -> None:
        """Drop the reserved entries of the finished partition (they are in the registry)."""
        self._entries.clear()
