"""The status list credential an entry names: fetched, verified and expanded once per URL (Bitstring Status List
v1.0 §3.2 steps 4 and 8).

:class:`StatusListLoader` dereferences ``statusListCredential`` through the injected fetcher, has the list verified
(``verify_list``), checks that it is the list the entry names and inside its validity period (§7.2), and expands
``encodedList`` under a size cap (§3.4). Each failure is an ``error`` check (§3.5 STATUS_RETRIEVAL_ERROR,
STATUS_VERIFICATION_ERROR): the status cannot be known. :mod:`microcred.status.verify` reads the entry's status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..clock import Clock
from ..errors import MicrocredError, StatusListError, StatusListTooLargeError
from ..fetcher import Fetcher
from ..verification.checks import validity_check
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, CheckStatus, VerificationResult
from .bitstring import Bitstring
from .credential import StatusListDocument, parse_status_list_credential
from .entry import StatusEntry

#: What the fetcher asks for: the VC media types (§4) and plain JSON.
ACCEPT = (
    "application/vc, application/vc+ld+json, application/vc+jwt, application/ld+json;q=0.9, "
    "application/json;q=0.8"
)

_VALIDITY_CODES: dict[str, CheckCode] = {
    CheckCode.EXPIRED: CheckCode.STATUS_LIST_EXPIRED,
    CheckCode.NOT_YET_VALID: CheckCode.STATUS_LIST_NOT_YET_VALID,
}

#: Verifies a fetched status list credential (a dict, JSON text or compact JWS), e.g. ``Verifier.verify``.
VerifyList = Callable[[Any], VerificationResult]


def status_check(outcome: CheckStatus, code: str, message: str, /, **details: Any) -> Check:
    """A ``status`` check whose ``details`` are the given ones that are not None."""
    return Check(
        CheckName.STATUS, outcome, code, message, {k: v for k, v in details.items() if v is not None}
    )


@dataclass
class LoadedList:
    """A verified status list credential and, once expanded, its bitstring."""

    document: StatusListDocument
    bitstring: Bitstring | None = None


class StatusListLoader:
    """Status list credentials by (URL, list credential type), each fetched, verified and parsed once."""

    def __init__(
        self, fetcher: Fetcher | None, verify_list: VerifyList, clock: Clock, max_bytes: int
    ) -> None:
        self.fetcher = fetcher
        self.verify_list = verify_list
        self.clock = clock
        self.max_bytes = max_bytes
        self._lists: dict[tuple[str, str], LoadedList | Check] = {}

    def load(self, entry: StatusEntry, where: dict[str, Any]) -> LoadedList | Check:
        """The list ``entry`` names, or the ``error`` check saying why it is not usable (``where`` in details)."""
        key = (entry.status_list_credential, entry.list_credential_type)
        if key not in self._lists:
            self._lists[key] = self._fetch_and_verify(entry, where)
        return self._lists[key]

    def _fetch_and_verify(self, entry: StatusEntry, where: dict[str, Any]) -> LoadedList | Check:
        url = entry.status_list_credential
        error = CheckStatus.ERROR
        if self.fetcher is None:
            return status_check(
                error,
                CheckCode.STATUS_LIST_UNAVAILABLE,
                f"status list {url} was not given and fetching is off",
                **where,
            )
        # §3.2 step 4: dereference the statusListCredential URL ...
        try:
            resource = self.fetcher.fetch(url, accept=ACCEPT)
        except MicrocredError as exc:
            return status_check(
                error, CheckCode.STATUS_LIST_UNAVAILABLE, f"cannot retrieve status list {url}: {exc}", **where
            )
        # ... and ensure that all proofs verify successfully.
        try:
            result = self.verify_list(resource.content)
        except MicrocredError as exc:
            return status_check(
                error,
                CheckCode.STATUS_LIST_NOT_VERIFIED,
                f"status list {url} could not be verified: {exc}",
                **where,
            )
        document = result.credential
        if document is None:
            problems = "; ".join(f"{c.name}: {c.code}" for c in result.errors) or "no credential"
            return status_check(
                error,
                CheckCode.STATUS_LIST_NOT_VERIFIED,
                f"status list {url} is not verified ({problems})",
                **where,
            )
        try:
            parsed = parse_status_list_credential(document, credential_type=entry.list_credential_type)
        except StatusListError as exc:
            return status_check(
                error, CheckCode.STATUS_LIST_INVALID, f"{url} is not a usable status list: {exc}", **where
            )
        if parsed.id is not None and parsed.id != url:
            return status_check(
                error,
                CheckCode.STATUS_LIST_INVALID,
                f"the status list fetched from {url} says it is {parsed.id}",
                **where,
            )
        not_validity = [c for c in result.errors if c.name != CheckName.VALIDITY]
        if not_validity or not result.by_name(CheckName.PROOF):
            problems = "; ".join(f"{c.name}: {c.code}" for c in not_validity) or "no proof was checked"
            return status_check(
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
                return status_check(error, code, f"status list {url}: {check.message}", **where)
        return LoadedList(parsed)

    def bitstring(self, loaded: LoadedList, where: dict[str, Any]) -> Bitstring | Check:
        """The list's bitstring, expanded once (or the ``error`` check saying why it cannot be)."""
        if loaded.bitstring is None:
            # §3.2 step 8 (§3.4 Bitstring Expansion), under the decompression cap.
            try:
                loaded.bitstring = loaded.document.bitstring(max_bytes=self.max_bytes)
            except StatusListTooLargeError as exc:
                return status_check(CheckStatus.ERROR, CheckCode.STATUS_LIST_TOO_LARGE, str(exc), **where)
            except StatusListError as exc:
                return status_check(
                    CheckStatus.ERROR,
                    CheckCode.STATUS_LIST_INVALID,
                    f"cannot expand encodedList: {exc}",
                    **where,
                )
        return loaded.bitstring


__all__ = ["ACCEPT", "LoadedList", "StatusListLoader", "VerifyList", "status_check"]
