"""The status registry as a Token Status List publisher (draft-ietf-oauth-status-list), next to Bitstring lists.

The registry's lists, indices and revoke/suspend/reinstate history are the same; only the publication differs:

* allocation: :func:`allocate_token_status` takes one entry (of one purpose) from the registry and returns the
  Referenced Token's ``(uri, idx)`` (§6.1), the URI being the list's URL;
* publication: :func:`publish_token_status_list` signs the list as a ``statuslist+jwt`` (§5.1). A
  ``revocation`` list becomes a 1-bit list whose set entries are INVALID (0x01); a ``suspension`` list a 2-bit
  list whose set entries are SUSPENDED (0x02) (§7.1 status types). Other purposes have no Token Status List
  meaning and are refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import UsageError
from .token_status_list import INVALID, SUSPENDED, TokenStatusList, sign_status_list_token

if TYPE_CHECKING:
    from ..keys import Key
    from ..signers import Signer
    from .registry import StatusRegistry

#: registry purpose -> (bits, status value of a set entry)
TOKEN_STATUS_OF_PURPOSE = {"revocation": (1, INVALID), "suspension": (2, SUSPENDED)}


def allocate_token_status(
    registry: StatusRegistry, credential_id: str, *, purpose: str = "revocation"
) -> tuple[str, int]:
    """Allocate (idempotently) the credential's entry of ``purpose``; return its ``(uri, idx)``."""
    if purpose not in TOKEN_STATUS_OF_PURPOSE:
        raise UsageError(f"a Token Status List carries revocation or suspension, not {purpose!r}")
    entry = registry.allocate(credential_id, (purpose,))[0]
    return str(entry["statusListCredential"]), int(entry["statusListIndex"])


def token_status_list(registry: StatusRegistry, list_url: str) -> TokenStatusList:
    """The registry's list as a Token Status List, as it is now."""
    row = registry.get_list(list_url)
    if row.purpose not in TOKEN_STATUS_OF_PURPOSE:
        raise UsageError(f"a {row.purpose} list cannot be published as a Token Status List")
    bits, value = TOKEN_STATUS_OF_PURPOSE[row.purpose]
    bitstring = registry.bitstring(list_url)
    out = TokenStatusList.zeros(row.size, bits)
    for index in bitstring.set_indices(row.status_size):
        out.set(index, value)
    return out


def publish_token_status_list(
    registry: StatusRegistry,
    list_url: str,
    key: Key | Signer,
    *,
    now: datetime,
    valid_for: timedelta | None = None,
    ttl: int | None = None,
) -> str:
    """The list as a signed Status List Token (``statuslist+jwt``) for ``list_url`` (§5.1); ``key`` may be any
    :class:`~microcred.signers.Signer`."""
    from ..signers import as_key

    key = as_key(key)
    expires = now + valid_for if valid_for is not None else None
    issuer = registry.get_list(list_url).issuer or key.controller
    return sign_status_list_token(
        token_status_list(registry, list_url), list_url, key, iat=now, exp=expires, ttl=ttl, iss=issuer
    )
