"""The verifier side: one ``status`` check per ``credentialStatus`` entry (Bitstring Status List v1.0 §3.2).

For each BitstringStatusListEntry or StatusList2021Entry, :func:`check_status` fetches the status list credential
through the injected fetcher, has it verified (``verify_list``: the pipeline's ``Verifier.verify``), checks that it
is the list the entry names, is issued by the credential's issuer and is inside its validity period, expands
``encodedList`` under a size cap, checks the minimum length, the index range and the purpose, and reads the status.
Anything that keeps the status from being known is ``error`` (fail closed): never ``passed``.

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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..clock import Clock
from ..errors import MicrocredError, StatusListError, StatusListLengthError, StatusListTooLargeError
from ..fetcher import Fetcher
from ..vcdm import issuer_id
from ..verification.checks import validity_check
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, CheckStatus, VerificationResult
from .bitstring import DEFAULT_MAX_BITSTRING_BYTES, MIN_ENTRIES, Bitstring
from .credential import StatusListDocument, parse_status_list_credential
from .entry import LIST_TYPES, StatusEntry, credential_status_entries, parse_entry

#: What the fetcher asks for: the VC media types (§4) and plain JSON.
ACCEPT = (
    "application/vc, application/vc+ld+json, application/vc+jwt, application/ld+json;q=0.9, "
    "application/json;q=0.8"
)
#: At most this many credentialStatus entries are checked (each may cost a fetch).
MAX_ENTRIES = 16

_VALIDITY_CODES: dict[str, CheckCode] = {
    CheckCode.EXPIRED: CheckCode.STATUS_LIST_EXPIRED,
    CheckCode.NOT_YET_VALID: CheckCode.STATUS_LIST_NOT_YET_VALID,
}

VerifyList = Callable[[Any], VerificationResult]


@dataclass
class _LoadedList:
    document: StatusListDocument
    bitstring: Bitstring | None = None


def _check(outcome: CheckStatus, code: str, message: str, /, **details: Any) -> Check:
    kept = {k: v for k, v in details.items() if v is not None}
    return Check(CheckName.STATUS, outcome, code, message, kept)


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
        self.fetcher = fetcher
        self.verify_list = verify_list
        self.clock = clock
        self.max_bytes = max_bytes
        self.min_entries = min_entries
        self.require_same_issuer = require_same_issuer
        self._lists: dict[tuple[str, str], _LoadedList | Check] = {}

    # -- the status list credential (fetched, verified and parsed once per URL) -----------------------------
    def _load(self, entry: StatusEntry, where: dict[str, Any]) -> _LoadedList | Check:
        key = (entry.status_list_credential, entry.list_credential_type)
        if key not in self._lists:
            self._lists[key] = self._fetch_and_verify(entry, where)
        return self._lists[key]

    def _fetch_and_verify(self, entry: StatusEntry, where: dict[str, Any]) -> _LoadedList | Check:
        url = entry.status_list_credential
        error = CheckStatus.ERROR
        if self.fetcher is None:
            return _check(
                error,
                CheckCode.STATUS_LIST_UNAVAILABLE,
                f"status list {url} was not given and fetching is off",
                **where,
            )
        # §3.2 step 4: dereference the statusListCredential URL ...
        try:
            resource = self.fetcher.fetch(url, accept=ACCEPT)
        except MicrocredError as exc:
            return _check(
                error, CheckCode.STATUS_LIST_UNAVAILABLE, f"cannot retrieve status list {url}: {exc}", **where
            )
        # ... and ensure that all proofs verify successfully.
        try:
            result = self.verify_list(resource.content)
        except MicrocredError as exc:
            return _check(
                error,
                CheckCode.STATUS_LIST_NOT_VERIFIED,
                f"status list {url} could not be verified: {exc}",
                **where,
            )
        document = result.credential
        if document is None:
            problems = "; ".join(f"{c.name}: {c.code}" for c in result.errors) or "no credential"
            return _check(
                error,
                CheckCode.STATUS_LIST_NOT_VERIFIED,
                f"status list {url} is not verified ({problems})",
                **where,
            )
        try:
            parsed = parse_status_list_credential(document, credential_type=entry.list_credential_type)
        except StatusListError as exc:
            return _check(
                error, CheckCode.STATUS_LIST_INVALID, f"{url} is not a usable status list: {exc}", **where
            )
        if parsed.id is not None and parsed.id != url:
            return _check(
                error,
                CheckCode.STATUS_LIST_INVALID,
                f"the status list fetched from {url} says it is {parsed.id}",
                **where,
            )
        not_validity = [c for c in result.errors if c.name != CheckName.VALIDITY]
        if not_validity or not result.by_name(CheckName.PROOF):
            problems = "; ".join(f"{c.name}: {c.code}" for c in not_validity) or "no proof was checked"
            return _check(
                error,
                CheckCode.STATUS_LIST_NOT_VERIFIED,
                f"status list {url} is not verified ({problems})",
                checks=[c.to_dict() for c in not_validity],
                **where,
            )
        # §7.2: a status list outside its validity period says nothing about now.
        validity = result.by_name(CheckName.VALIDITY) or [validity_check(document, self.clock.now())]
        for check in validity:
            if not check.passed:
                code = _VALIDITY_CODES.get(check.code, CheckCode.STATUS_LIST_INVALID)
                return _check(error, code, f"status list {url}: {check.message}", **where)
        return _LoadedList(parsed)

    def _bitstring(self, loaded: _LoadedList, where: dict[str, Any]) -> Bitstring | Check:
        if loaded.bitstring is None:
            # §3.2 step 8 (§3.4 Bitstring Expansion), under the decompression cap.
            try:
                loaded.bitstring = loaded.document.bitstring(max_bytes=self.max_bytes)
            except StatusListTooLargeError as exc:
                return _check(CheckStatus.ERROR, CheckCode.STATUS_LIST_TOO_LARGE, str(exc), **where)
            except StatusListError as exc:
                return _check(
                    CheckStatus.ERROR,
                    CheckCode.STATUS_LIST_INVALID,
                    f"cannot expand encodedList: {exc}",
                    **where,
                )
        return loaded.bitstring

    # -- one entry ------------------------------------------------------------------------------------------
    def check_entry(self, path: str, raw: Any) -> Check:
        where: dict[str, Any] = {"entry": path}
        if isinstance(raw, dict) and not any(t in LIST_TYPES for t in _types(raw.get("type"))):
            return _check(
                CheckStatus.ERROR,
                CheckCode.STATUS_TYPE_UNSUPPORTED,
                f"credentialStatus type {raw.get('type')!r} is not checked by microcred",
                type=raw.get("type"),
                **where,
            )
        try:
            entry = parse_entry(raw, path=path)
        except StatusListError as exc:
            return _check(
                CheckStatus.FAILED, CheckCode.STATUS_ENTRY_INVALID, str(exc), field=exc.path, **where
            )
        where.update(
            statusPurpose=entry.status_purpose,
            statusListCredential=entry.status_list_credential,
            statusListIndex=entry.status_list_index,
        )
        loaded = self._load(entry, where)
        if isinstance(loaded, Check):
            return Check(loaded.name, loaded.status, loaded.code, loaded.message, {**loaded.details, **where})
        listed = loaded.document
        issuer = issuer_id(self.credential)
        if self.require_same_issuer and listed.issuer != issuer:
            return _check(
                CheckStatus.FAILED,
                CheckCode.STATUS_LIST_ISSUER_MISMATCH,
                f"the status list is issued by {listed.issuer}, the credential by {issuer}",
                listIssuer=listed.issuer,
                **where,
            )
        # §3.2 step 5: the entry's purpose must be one of the list's.
        if entry.status_purpose not in listed.status_purposes:
            return _check(
                CheckStatus.ERROR,
                CheckCode.STATUS_PURPOSE_MISMATCH,
                f"the entry's statusPurpose {entry.status_purpose!r} is not the list's "
                f"({', '.join(listed.status_purposes)})",
                **where,
            )
        bits = self._bitstring(loaded, where)
        if isinstance(bits, Check):
            return bits
        # §3.2 step 9: STATUS_LIST_LENGTH_ERROR below the minimum number of entries.
        try:
            bits.check_length(status_size=entry.status_size, min_entries=self.min_entries)
        except StatusListLengthError as exc:
            return _check(CheckStatus.ERROR, CheckCode.STATUS_LIST_TOO_SHORT, str(exc), **where)
        # §3.2 step 10: RANGE_ERROR outside the bitstring.
        entries = bits.entries(entry.status_size)
        if entry.status_list_index >= entries:
            return _check(
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
            return _check(
                CheckStatus.PASSED, CheckCode.STATUS_MESSAGE, f"status {hex(status)}: {message}", **details
            )
        if status == 0:
            return _check(
                CheckStatus.PASSED, CheckCode.STATUS_ACTIVE, f"not set in the {purpose} list", **details
            )
        if purpose == "revocation":
            return _check(
                CheckStatus.FAILED, CheckCode.STATUS_REVOKED, "the credential has been revoked", **details
            )
        if purpose == "suspension":
            return _check(
                CheckStatus.FAILED, CheckCode.STATUS_SUSPENDED, "the credential is suspended", **details
            )
        if purpose == "refresh":
            return _check(
                CheckStatus.PASSED,
                CheckCode.STATUS_REFRESH_AVAILABLE,
                "an updated credential is available",
                **details,
            )
        message = f"status {hex(status)} is set for purpose {purpose!r}"
        return _check(CheckStatus.FAILED, CheckCode.STATUS_SET, message, **details)


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
    :class:`~microcred.verification.results.VerificationResult` whose ``credential`` is the list; ``max_bytes`` caps
    the expanded bitstring; ``min_entries`` is the minimum list length (131,072 unless an ecosystem sets another);
    ``require_same_issuer`` makes a list issued by someone else ``failed`` (the REC allows other issuers; microcred
    does not by default). Never raises for a bad credential or list.
    """
    raw_entries = credential_status_entries(credential)
    value = credential.get("credentialStatus")
    if value is not None and not isinstance(value, dict | list):
        return [
            _check(
                CheckStatus.FAILED,
                CheckCode.STATUS_ENTRY_INVALID,
                "credentialStatus must be an object or an array",
                entry="$.credentialStatus",
                field="$.credentialStatus",
            )
        ]
    if value == []:
        return [
            _check(
                CheckStatus.FAILED,
                CheckCode.STATUS_ENTRY_INVALID,
                "credentialStatus is an empty array",
                entry="$.credentialStatus",
                field="$.credentialStatus",
            )
        ]
    if len(raw_entries) > MAX_ENTRIES:
        return [
            _check(
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
