"""Credential status with W3C Bitstring Status List v1.0 (and reading StatusList2021).

* Issuer side: :class:`StatusRegistry` allocates random indices, records credential id -> (list, index,
  purpose), revokes / suspends / reinstates, and publishes the signed status list credential (every changed
  list at once: :meth:`StatusRegistry.publish_changed`); :class:`BlockAllocator` allocates for blocks of
  credentials, each allocator on a list of its own.
* Verifier side: :func:`check_status` turns each ``credentialStatus`` entry into a ``status`` check.
* The codec: :class:`Bitstring`, :func:`encode_list`, :func:`decode_list`.
"""

from __future__ import annotations

from .bitstring import DEFAULT_MAX_BITSTRING_BYTES, MIN_ENTRIES, Bitstring, decode_list, encode_list
from .blocks import BlockAllocator
from .credential import StatusListDocument, build_status_list_credential, parse_status_list_credential
from .entry import BITSTRING_ENTRY, STATUS_LIST_2021_ENTRY, StatusEntry, build_entry, parse_entry
from .publish_target import DirectoryPublisher, Published, Publisher
from .registry import DEFAULT_DB, REGISTRY_PURPOSES, StatusRegistry
from .store import EntryRow, ListRow
from .verify import check_status

__all__ = [
    "BITSTRING_ENTRY",
    "DEFAULT_DB",
    "DEFAULT_MAX_BITSTRING_BYTES",
    "MIN_ENTRIES",
    "REGISTRY_PURPOSES",
    "STATUS_LIST_2021_ENTRY",
    "Bitstring",
    "BlockAllocator",
    "DirectoryPublisher",
    "EntryRow",
    "ListRow",
    "Published",
    "Publisher",
    "StatusEntry",
    "StatusListDocument",
    "StatusRegistry",
    "build_entry",
    "build_status_list_credential",
    "check_status",
    "decode_list",
    "encode_list",
    "parse_entry",
    "parse_status_list_credential",
]
