"""The verifier side: one ``status`` check per ``credentialStatus`` entry (Bitstring Status List v1.0 §3.2).

For each BitstringStatusListEntry or StatusList2021Entry, :func:`check_status` fetches the status list
credential through the injected fetcher, has it verified (``verify_list``, e.g. a
:class:`~microcred.verification.verifier.Verifier`'s ``verify``), checks that it is the list the entry names, is issued by
the credential's issuer and is inside its validity period, expands ``encodedList`` under a size cap, checks
the minimum length, the index range and the purpose, and reads the status. Anything that keeps the status from
being known is ``error`` (fail closed): never ``passed``. Fetching, verifying and expanding the list is
:mod:`microcred.status.retrieval`'s; this module decides each entry.

Check codes (stable; ``passed`` / ``failed`` / ``error``):

=============================  =======  ==============================================================
code                           status   meaning
=============================  =======  ==============================================================
STATUS_ACTIVE                  passed   the status is 0: not revoked / not suspended
STATUS_MESSAGE                 passed   ``message`` purpose: the status value and its statusMessage
STATUS_REFRESH_AVAILABLE       passed   ``refresh`` purpose set: a newer credential is available
STATUS_REVOKED                 failed   ``revocation`` status set
STATUS_SUSPENDED               failed   ``suspension`` status set
STATUS_SET                     failed   status set for a purpose microcred gives no other meaning
STATUS_ENTRY_INVALID           failed   the credential's own entry is malformed (§2.1)
STATUS_LIST_ISSUER_MISMATCH    failed   the list's issuer is not the credential's issuer
STATUS_TYPE_UNSUPPORTED        error    a credentialStatus type microcred does not check
STATUS_LIST_UNAVAILABLE        error    no fetcher, or fetching failed (§3.5 STATUS_RETRIEVAL_ERROR)
STATUS_LIST_NOT_VERIFIED       error    the list's proof did not verify (§3.5 STATUS_VERIFICATION_ERROR)
STATUS_LIST_INVALID            error    not a (matching) status list credential, or encodedList malformed
STATUS_LIST_EXPIRED            error    the list's validUntil/expirationDate has passed (§7.2)
STATUS_LIST_NOT_YET_VALID      error    the list's validFrom/issuanceDate is in the future
STATUS_LIST_TOO_LARGE          error    encodedList expands past the decompression cap
STATUS_LIST_TOO_SHORT          error    fewer entries than the minimum (§3.5 STATUS_LIST_LENGTH_ERROR)
STATUS_INDEX_OUT_OF_RANGE      error    statusListIndex is outside the list (§3.2 step 10 RANGE_ERROR)
STATUS_PURPOSE_MISMATCH        error    the entry's purpose is not one of the list's (§3.2 step 5)
=============================  =======  ==============================================================

Every check's ``details`` carry ``entry`` (the JSON path), and where known ``statusPurpose``,
``statusListCredential``, ``statusListIndex`` and ``status``.
"""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..errors import StatusListError, StatusListLengthError
from ..fetcher import Fetcher
from ..vcdm import issuer_id
from ..verification.codes import CheckCode
from ..verification.results import Check, CheckStatus
from .bitstring import DEFAULT_MAX_BITSTRING_BYTES, MIN_ENTRIES
from .entry import LIST_TYPES, StatusEntry, credential_status_entries, parse_entry
from .retrieval import ACCEPT, StatusListLoader, VerifyList, status_check

#: At most this many credentialStatus entries are checked (each may cost a fetch).
MAX_ENTRIES = 16


class _StatusChecker:
    def __init__(
        self,
        credential: dict[str, Any],
        fetcher: Fetcher | None,
        verify_list: VerifyList,
        clock: Clock,
        max_bytes: int,
        min_entries: int,
        require_same_issuer: bool,
    ) -> None:
        self.credential = credential
        self.min_entries = min_entries
        self.require_same_issuer = require_same_issuer
        # the status list credentials (fetched, verified and parsed once per URL)
        self._lists = StatusListLoader(fetcher, verify_list, clock, max_bytes)

    # -- one entry ------------------------------------------------------------------------------------------
    def check_entry(self, path: str, raw: Any) -> Check:
        where: dict[str, Any] = {"entry": path}
        if isinstance(raw, dict) and not any(t in LIST_TYPES for t in _types(raw.get("type"))):
            return status_check(
                CheckStatus.ERROR,
                CheckCode.STATUS_TYPE_UNSUPPORTED,
                f"credentialStatus type {raw.get('type')!r} is not checked by microcred",
                type=raw.get("type"),
                **where,
            )
        try:
            entry = parse_entry(raw, path=path)
        except StatusListError as exc:
            return status_check(
                CheckStatus.FAILED, CheckCode.STATUS_ENTRY_INVALID, str(exc), field=exc.path, **where
            )
        where.update(
            statusPurpose=entry.status_purpose,
            statusListCredential=entry.status_list_credential,
            statusListIndex=entry.status_list_index,
        )
        loaded = self._lists.load(entry, where)
        if isinstance(loaded, Check):
            return Check(loaded.name, loaded.status, loaded.code, loaded.message, {**loaded.details, **where})
        listed = loaded.document
        issuer = issuer_id(self.credential)
        if self.require_same_issuer and listed.issuer != issuer:
            return status_check(
                CheckStatus.FAILED,
                CheckCode.STATUS_LIST_ISSUER_MISMATCH,
                f"the status list is issued by {listed.issuer}, the credential by {issuer}",
                listIssuer=listed.issuer,
                **where,
            )
        # §3.2 step 5: the entry's purpose must be one of the list's.
        if entry.status_purpose not in listed.status_purposes:
            return status_check(
                CheckStatus.ERROR,
                CheckCode.STATUS_PURPOSE_MISMATCH,
                f"the entry's statusPurpose {entry.status_purpose!r} is not the list's "
                f"({', '.join(listed.status_purposes)})",
                **where,
            )
        bits = self._lists.bitstring(loaded, where)
        if isinstance(bits, Check):
            return bits
        # §3.2 step 9: STATUS_LIST_LENGTH_ERROR below the minimum number of entries.
        try:
            bits.check_length(status_size=entry.status_size, min_entries=self.min_entries)
        except StatusListLengthError as exc:
            return status_check(CheckStatus.ERROR, CheckCode.STATUS_LIST_TOO_SHORT, str(exc), **where)
        # §3.2 step 10: RANGE_ERROR outside the bitstring.
        entries = bits.entries(entry.status_size)
        if entry.status_list_index >= entries:
            return status_check(
                CheckStatus.ERROR,
                CheckCode.STATUS_INDEX_OUT_OF_RANGE,
                f"statusListIndex {entry.status_list_index} is outside the list (0..{entries - 1})",
                **where,
            )
        status = bits.get_status(entry.status_list_index, entry.status_size)
        return self._outcome(entry, status, where)

    def _outcome(self, entry: StatusEntry, status: int, where: dict[str, Any]) -> Check:
        """§3.2 steps 11-15: the result, by purpose."""
        message = entry.message_for(status)
        details = {**where, "status": status, "statusMessage": message}
        purpose = entry.status_purpose
        if purpose == "message":
            return status_check(
                CheckStatus.PASSED, CheckCode.STATUS_MESSAGE, f"status {hex(status)}: {message}", **details
            )
        if status == 0:
            return status_check(
                CheckStatus.PASSED, CheckCode.STATUS_ACTIVE, f"not set in the {purpose} list", **details
            )
        if purpose == "revocation":
            return status_check(
                CheckStatus.FAILED, CheckCode.STATUS_REVOKED, "the credential has been revoked", **details
            )
        if purpose == "suspension":
            return status_check(
                CheckStatus.FAILED, CheckCode.STATUS_SUSPENDED, "the credential is suspended", **details
            )
        if purpose == "refresh":
            return status_check(
                CheckStatus.PASSED,
                CheckCode.STATUS_REFRESH_AVAILABLE,
                "an updated credential is available",
                **details,
            )
        return status_check(
            CheckStatus.FAILED,
            CheckCode.STATUS_SET,
            f"status {hex(status)} is set for purpose {purpose!r}",
            **details,
        )


def _types(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in items if isinstance(t, str)]


def check_status(
    credential: dict[str, Any],
    *,
    fetcher: Fetcher | None,
    verify_list: VerifyList,
    clock: Clock,
    max_bytes: int = DEFAULT_MAX_BITSTRING_BYTES,
    min_entries: int = MIN_ENTRIES,
    require_same_issuer: bool = True,
) -> list[Check]:
    """One ``status`` :class:`~microcred.verification.results.Check` per ``credentialStatus`` entry of ``credential``.

    ``fetcher`` retrieves status list credentials (None: nothing can be fetched, every entry is an ``error``);
    ``verify_list`` verifies the fetched bytes (a dict, JSON text or compact JWS) and returns a
    :class:`~microcred.verification.results.VerificationResult` whose ``credential`` is the list; ``max_bytes`` caps the
    expanded bitstring; ``min_entries`` is the minimum list length (131,072 unless an ecosystem sets another);
    ``require_same_issuer`` makes a list issued by someone else ``failed`` (the REC allows other issuers;
    microcred does not by default). Never raises for a bad credential or list.
    """
    raw_entries = credential_status_entries(credential)
    value = credential.get("credentialStatus")
    if value is not None and not isinstance(value, dict | list):
        return [
            status_check(
                CheckStatus.FAILED,
                CheckCode.STATUS_ENTRY_INVALID,
                "credentialStatus must be an object or an array",
                entry="$.credentialStatus",
                field="$.credentialStatus",
            )
        ]
    if value == []:
        return [
            status_check(
                CheckStatus.FAILED,
                CheckCode.STATUS_ENTRY_INVALID,
                "credentialStatus is an empty array",
                entry="$.credentialStatus",
                field="$.credentialStatus",
            )
        ]
    if len(raw_entries) > MAX_ENTRIES:
        return [
            status_check(
                CheckStatus.FAILED,
                CheckCode.STATUS_ENTRY_INVALID,
                f"credentialStatus has {len(raw_entries)} entries; at most {MAX_ENTRIES} are checked",
                entry="$.credentialStatus",
                field="$.credentialStatus",
            )
        ]
    checker = _StatusChecker(
        credential, fetcher, verify_list, clock, max_bytes, min_entries, require_same_issuer
    )
    return [checker.check_entry(path, raw) for path, raw in raw_entries]


__all__ = ["ACCEPT", "MAX_ENTRIES", "VerifyList", "check_status"]
