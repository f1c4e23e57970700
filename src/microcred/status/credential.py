"""The status list credential: BitstringStatusListCredential (Bitstring Status List v1.0 §2.2) and, for
reading, StatusList2021Credential.

:func:`build_status_list_credential` writes the unsigned credential of §3.1 steps 2-4 (VC 2.0 shape by
default, VC 1.1 shape with the ``https://www.w3.org/ns/credentials/status/v1`` context on request).
:func:`parse_status_list_credential` reads one strictly for the verifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ..clock import format_datetime
from ..errors import StatusListError, UsageError
from ..jsonld.contexts import BITSTRING_STATUS_V1, CREDENTIALS_V1, CREDENTIALS_V2
from ..vcdm import issuer_id
from .bitstring import DEFAULT_MAX_BITSTRING_BYTES, Bitstring
from .entry import LIST_TYPES

BITSTRING_LIST_CREDENTIAL = "BitstringStatusListCredential"
BITSTRING_LIST = "BitstringStatusList"

DataModel = Literal["v1", "v2"]


def build_status_list_credential(
    url: str,
    *,
    issuer: str,
    status_purpose: str | list[str],
    encoded_list: str,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    ttl: int | None = None,
    data_model: DataModel = "v2",
) -> dict[str, Any]:
    """An unsigned BitstringStatusListCredential for the list at ``url`` (§2.2, §3.1 steps 2-4).

    ``credentialSubject.id`` is ``<url>#list``. ``data_model="v1"`` writes the VC 1.1 shape (``issuanceDate``
    / ``expirationDate`` and the status/v1 context); the default is VC 2.0 (``validFrom`` / ``validUntil``).
    """
    if data_model not in ("v1", "v2"):
        raise UsageError(f"data_model must be 'v1' or 'v2', not {data_model!r}")
    if not isinstance(issuer, str) or ":" not in issuer:
        raise UsageError(f"the status list credential needs an issuer URL or DID, not {issuer!r}")
    subject: dict[str, Any] = {
        "id": f"{url}#list",
        "type": BITSTRING_LIST,
        "statusPurpose": status_purpose,
        "encodedList": encoded_list,
    }
    if ttl is not None:
        subject["ttl"] = ttl  # §2.2 credentialSubject.ttl, milliseconds
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2] if data_model == "v2" else [CREDENTIALS_V1, BITSTRING_STATUS_V1],
        "id": url,
        "type": ["VerifiableCredential", BITSTRING_LIST_CREDENTIAL],
        "issuer": issuer,
    }
    start, end = ("validFrom", "validUntil") if data_model == "v2" else ("issuanceDate", "expirationDate")
    if valid_from is not None:
        document[start] = format_datetime(valid_from)
    if valid_until is not None:
        document[end] = format_datetime(valid_until)
    document["credentialSubject"] = subject
    return document


@dataclass(frozen=True)
class StatusListDocument:
    """A parsed status list credential (the verified credential, proof removed)."""

    credential: dict[str, Any]
    credential_type: str
    id: str | None
    issuer: str | None
    status_purposes: tuple[str, ...]
    encoded_list: str
    ttl: int | None = None

    @property
    def multibase(self) -> bool:
        """True when the list is a BitstringStatusListCredential (multibase ``encodedList``); False for StatusList2021."""
        return self.credential_type == BITSTRING_LIST_CREDENTIAL

    def bitstring(self, *, max_bytes: int = DEFAULT_MAX_BITSTRING_BYTES) -> Bitstring:
        """§3.4: expand ``encodedList`` (with the decompression cap)."""
        return Bitstring.decode(
            self.encoded_list,
            multibase=self.multibase,
            max_bytes=max_bytes,
            path="$.credentialSubject.encodedList",
        )


def _types(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in items if isinstance(t, str)]


def parse_status_list_credential(document: Any, *, credential_type: str | None = None) -> StatusListDocument:
    """Read a status list credential strictly (§2.2); raise :class:`StatusListError` naming the field.

    ``credential_type`` (``BitstringStatusListCredential`` or ``StatusList2021Credential``) is the type the
    entry that points here requires; None accepts either.
    """
    if not isinstance(document, dict):
        raise StatusListError("a status list credential must be a JSON object", path="$")
    allowed = {cred: subject for cred, subject in LIST_TYPES.values()}
    if credential_type is not None:
        allowed = {credential_type: allowed[credential_type]}
    found = [t for t in _types(document.get("type")) if t in allowed]
    if len(found) != 1:
        raise StatusListError(
            f"the status list credential's type must include {' or '.join(allowed)}, "
            f"not {document.get('type')!r}",
            path="$.type",
        )
    cred_type = found[0]
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict):
        raise StatusListError("credentialSubject must be one object", path="$.credentialSubject")
    if allowed[cred_type] not in _types(subject.get("type")):
        raise StatusListError(
            f"credentialSubject.type must be {allowed[cred_type]}, not {subject.get('type')!r}",
            path="$.credentialSubject.type",
        )
    purpose = subject.get("statusPurpose")
    purposes = tuple(purpose) if isinstance(purpose, list) else (purpose,)
    if not purposes or not all(isinstance(p, str) and p for p in purposes):
        raise StatusListError(
            "statusPurpose must be a string or an array of strings", path="$.credentialSubject.statusPurpose"
        )
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str) or not encoded:
        raise StatusListError(
            "encodedList must be a non-empty string", path="$.credentialSubject.encodedList"
        )
    ttl = subject.get("ttl")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0):
        raise StatusListError(
            "ttl must be a non-negative integer (milliseconds)", path="$.credentialSubject.ttl"
        )
    ident = document.get("id")
    return StatusListDocument(
        credential=document,
        credential_type=cred_type,
        id=ident if isinstance(ident, str) else None,
        issuer=issuer_id(document),
        status_purposes=tuple(str(p) for p in purposes),
        encoded_list=encoded,
        ttl=ttl,
    )
