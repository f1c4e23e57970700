"""``credentialStatus`` entries: BitstringStatusListEntry (Bitstring Status List v1.0 §2.1) and
StatusList2021Entry.

:func:`build_entry` writes the entry an issuer puts in a credential; :func:`parse_entry` reads one strictly
for the verifier and raises :class:`~microcred.errors.StatusListError` naming the JSON path of the bad field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import StatusListError

BITSTRING_ENTRY = "BitstringStatusListEntry"
STATUS_LIST_2021_ENTRY = "StatusList2021Entry"

#: Entry type -> (status list credential type, status list (credentialSubject) type).
LIST_TYPES: dict[str, tuple[str, str]] = {
    BITSTRING_ENTRY: ("BitstringStatusListCredential", "BitstringStatusList"),
    STATUS_LIST_2021_ENTRY: ("StatusList2021Credential", "StatusList2021"),
}

#: Largest ``statusSize`` microcred reads (a larger one needs 2**statusSize status messages).
MAX_STATUS_SIZE = 16
#: §2.1: an index is an arbitrary size integer; microcred reads up to 18 digits (far past any real list).
_INDEX = re.compile(r"[0-9]{1,18}")
_HEX_STATUS = re.compile(r"0x[0-9a-fA-F]+")

#: §2.1 statusMessage: the messages when the array is absent.
DEFAULT_MESSAGES: dict[int, str] = {0: "unset", 1: "set"}


@dataclass(frozen=True)
class StatusEntry:
    """A parsed ``credentialStatus`` entry that points into a status list."""

    type: str
    status_purpose: str
    status_list_index: int
    status_list_credential: str
    id: str | None = None
    status_size: int = 1
    #: status value -> message (§2.1 statusMessage); the "unset"/"set" defaults when the array is absent.
    status_messages: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_MESSAGES))
    status_reference: tuple[str, ...] = ()

    @property
    def multibase(self) -> bool:
        """Whether the list's ``encodedList`` has a Multibase prefix (Bitstring yes, StatusList2021 no)."""
        return self.type == BITSTRING_ENTRY

    @property
    def list_credential_type(self) -> str:
        """The type of the status list credential this entry points to."""
        return LIST_TYPES[self.type][0]

    @property
    def list_type(self) -> str:
        """The type of the status list (the list credential's ``credentialSubject``)."""
        return LIST_TYPES[self.type][1]

    def message_for(self, status: int) -> str | None:
        """The message the entry states for ``status``, if any (``statusMessage``)."""
        return self.status_messages.get(status)


def build_entry(
    status_list_credential: str,
    status_list_index: int,
    status_purpose: str,
    *,
    status_size: int = 1,
    status_messages: dict[int, str] | None = None,
    entry_type: str = BITSTRING_ENTRY,
) -> dict[str, Any]:
    """The ``credentialStatus`` entry for ``status_list_index`` in the list at ``status_list_credential``
    (§2.1).

    ``id`` is ``<list URL>#<index>``; ``statusListIndex`` is the index as a base-10 string.
    """
    if entry_type not in LIST_TYPES:
        raise StatusListError(f"unknown status entry type {entry_type!r}; use one of {', '.join(LIST_TYPES)}")
    entry: dict[str, Any] = {
        "id": f"{status_list_credential}#{status_list_index}",
        "type": entry_type,
        "statusPurpose": status_purpose,
        "statusListIndex": str(status_list_index),
        "statusListCredential": status_list_credential,
    }
    if status_size != 1 or status_messages is not None:
        messages = status_messages if status_messages is not None else dict(DEFAULT_MESSAGES)
        if len(messages) != 1 << status_size or set(messages) != set(range(1 << status_size)):
            raise StatusListError(f"statusMessage needs exactly {1 << status_size} messages, one per value")
        entry["statusSize"] = status_size
        entry["statusMessage"] = [{"status": hex(v), "message": messages[v]} for v in sorted(messages)]
    return entry


def _types(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in items if isinstance(t, str)]


def _parse_index(value: Any, entry_type: str, path: str) -> int:
    # §2.1: "an arbitrary size integer greater than or equal to 0, expressed as a string in base 10".
    if isinstance(value, str) and _INDEX.fullmatch(value):
        return int(value)
    if (
        entry_type == STATUS_LIST_2021_ENTRY
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value >= 0
    ):
        return value  # StatusList2021 issuers in the wild sometimes wrote a JSON number
    raise StatusListError(
        f"statusListIndex must be a non-negative integer written as a base-10 string, not {value!r}",
        path=f"{path}.statusListIndex",
    )


def _parse_status_size(value: Any, path: str) -> int:
    if value is None:
        return 1  # §2.1: absent statusSize is processed as 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise StatusListError(
            f"statusSize must be an integer greater than zero, not {value!r}", path=f"{path}.statusSize"
        )
    if value > MAX_STATUS_SIZE:
        raise StatusListError(
            f"statusSize {value} is larger than microcred reads ({MAX_STATUS_SIZE})",
            path=f"{path}.statusSize",
        )
    return value


def _parse_messages(value: Any, status_size: int, path: str) -> dict[int, str]:
    """§2.1 statusMessage: an array of 2**statusSize objects with ``status`` ("0x..") and ``message``."""
    where = f"{path}.statusMessage"
    if value is None:
        if status_size > 1:
            raise StatusListError(
                "statusMessage must be present when statusSize is greater than 1", path=where
            )
        return dict(DEFAULT_MESSAGES)
    if not isinstance(value, list):
        raise StatusListError("statusMessage must be an array", path=where)
    if len(value) != 1 << status_size:
        raise StatusListError(
            f"statusMessage must have {1 << status_size} elements for statusSize {status_size}, "
            f"not {len(value)}",
            path=where,
        )
    messages: dict[int, str] = {}
    for i, item in enumerate(value):
        item_path = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise StatusListError("each statusMessage element must be an object", path=item_path)
        status, message = item.get("status"), item.get("message")
        if not isinstance(status, str) or not _HEX_STATUS.fullmatch(status):
            raise StatusListError(
                f"status must be a hexadecimal string like '0x1', not {status!r}", path=f"{item_path}.status"
            )
        number = int(status, 16)
        if number >= 1 << status_size or number in messages:
            raise StatusListError(f"status {status} is out of range or repeated", path=f"{item_path}.status")
        if not isinstance(message, str):
            raise StatusListError("message must be a string", path=f"{item_path}.message")
        messages[number] = message
    return messages


def _parse_reference(value: Any, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and ":" in v for v in items):
        raise StatusListError(
            "statusReference must be a URL or an array of URLs", path=f"{path}.statusReference"
        )
    return tuple(items)


def parse_entry(entry: Any, *, path: str = "$.credentialStatus") -> StatusEntry:
    """Read one ``credentialStatus`` entry strictly (§2.1); a :class:`StatusListError` names the field."""
    if not isinstance(entry, dict):
        raise StatusListError("a credentialStatus entry must be an object", path=path)
    known = [t for t in _types(entry.get("type")) if t in LIST_TYPES]
    if len(known) != 1:
        raise StatusListError(
            f"credentialStatus type must be one of {', '.join(LIST_TYPES)}, not {entry.get('type')!r}",
            path=f"{path}.type",
            details={"type": entry.get("type")},
        )
    entry_type = known[0]
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise StatusListError("statusPurpose must be a non-empty string", path=f"{path}.statusPurpose")
    index = _parse_index(entry.get("statusListIndex"), entry_type, path)
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or ":" not in url:
        raise StatusListError("statusListCredential must be a URL", path=f"{path}.statusListCredential")
    ident = entry.get("id")
    if ident is not None and (not isinstance(ident, str) or ident == url):
        # §2.1 id: "It MUST NOT be the URL for the status list."
        raise StatusListError("id must be a URL other than the status list's URL", path=f"{path}.id")
    if entry_type == BITSTRING_ENTRY:
        status_size = _parse_status_size(entry.get("statusSize"), path)
        messages = _parse_messages(entry.get("statusMessage"), status_size, path)
        reference = _parse_reference(entry.get("statusReference"), path)
    else:
        status_size, messages, reference = 1, dict(DEFAULT_MESSAGES), ()
    return StatusEntry(
        type=entry_type,
        status_purpose=purpose,
        status_list_index=index,
        status_list_credential=url,
        id=ident,
        status_size=status_size,
        status_messages=messages,
        status_reference=reference,
    )


def credential_status_entries(credential: dict[str, Any]) -> list[tuple[str, Any]]:
    """The raw ``credentialStatus`` entries of ``credential`` (an object or an array) with JSON paths."""
    value = credential.get("credentialStatus")
    if value is None:
        return []
    if isinstance(value, list):
        return [(f"$.credentialStatus[{i}]", item) for i, item in enumerate(value)]
    return [("$.credentialStatus", value)]
