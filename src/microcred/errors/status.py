"""Status lists: Bitstring Status List / StatusList2021 (lists, entries, the issuer's registry) and the Token
Status List (draft-ietf-oauth-status-list)."""

from __future__ import annotations

from .base import MicrocredError


class StatusListError(MicrocredError):
    """A status list or status entry is invalid, or the registry cannot do what was asked."""

    code = "STATUS_LIST_ERROR"


class StatusListFullError(StatusListError):
    """A status list has no free index left."""

    code = "STATUS_LIST_FULL"


class StatusListLengthError(StatusListError):
    """A status list is shorter than the minimum (Bitstring Status List §3.2 STATUS_LIST_LENGTH_ERROR)."""

    code = "STATUS_LIST_LENGTH_ERROR"


class StatusListTooLargeError(StatusListError):
    """A status list expands past the decompression cap (zip-bomb guard)."""

    code = "STATUS_LIST_TOO_LARGE"


class StatusListNotFoundError(StatusListError):
    """The status registry has no list with that URL."""

    code = "STATUS_LIST_NOT_FOUND"


class StatusEntryNotFoundError(StatusListError):
    """The status registry has no entry (of that purpose) for that credential id."""

    code = "STATUS_ENTRY_NOT_FOUND"


class StatusTransitionError(StatusListError):
    """A status change that is not allowed (e.g. reinstating a revocation, which is not reversible)."""

    code = "STATUS_TRANSITION_NOT_ALLOWED"


class StatusRegistryError(StatusListError):
    """The status registry's database cannot be opened or used (or its driver is not installed)."""

    code = "STATUS_REGISTRY_ERROR"


class TokenStatusListError(StatusListError):
    """A Token Status List (draft-ietf-oauth-status-list) is malformed or cannot be used."""

    code = "TOKEN_STATUS_LIST_INVALID"
