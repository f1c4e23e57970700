"""The kit's Bitstring Status Lists: deterministic indices, one list per purpose, signed by the Ed25519 issuer.

Entries are allocated in order (no random index: the kit must be the same every run); a credential allocated
with ``revoked=True`` has its bit set (Bitstring Status List §2.1, §3.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..status.bitstring import Bitstring
from ..status.credential import build_status_list_credential
from ..status.entry import build_entry
from .keys import kit_key
from .sample import CLOCK, STATUS_URLS

#: Entries per list (the §6.1 minimum, 16 KB).
LIST_SIZE = 131072
UNKNOWN_LIST = "https://conformance.microcred.example/status/not-in-the-kit"


@dataclass
class _Allocator:
    """A ``StatusAllocator`` for one credential: one entry in one list."""

    status: KitStatus
    url: str
    purpose: str
    set_bit: bool

    def allocate(self, credential_id: str) -> list[dict[str, Any]]:
        """The entry; the bit is set in the kit's list when asked."""
        index = self.status.next_index()
        if self.set_bit and self.url in self.status.bits:
            self.status.bits[self.url].set_bit(index, 1)
        return [build_entry(self.url, index, self.purpose)]


@dataclass
class KitStatus:
    """The kit's lists and the next free index (shared by all lists: indices are unique in the kit)."""

    bits: dict[str, Bitstring] = field(
        default_factory=lambda: {url: Bitstring.zeros(LIST_SIZE) for url in STATUS_URLS.values()}
    )
    _next: int = 1000

    def next_index(self) -> int:
        """The next index to allocate."""
        self._next += 7
        return self._next

    def allocator(self, purpose: str, *, revoked: bool) -> _Allocator:
        """An allocator for one credential in the ``purpose`` list, its bit set when ``revoked``."""
        return _Allocator(self, STATUS_URLS[purpose], purpose, revoked)

    def unknown(self) -> _Allocator:
        """An allocator for a list the kit does not contain."""
        return _Allocator(self, UNKNOWN_LIST, "revocation", False)

    def documents(self) -> dict[str, dict[str, Any]]:
        """file stem -> the signed status list credential (eddsa-rdfc-2022, Ed25519 issuer key)."""
        from ..issuer import issue

        key = kit_key("Ed25519")
        out: dict[str, dict[str, Any]] = {}
        for purpose, url in STATUS_URLS.items():
            doc = build_status_list_credential(
                url,
                issuer=str(key.controller),
                status_purpose=purpose,
                encoded_list=self.bits[url].encode(),
                valid_from=CLOCK.now(),
            )
            secured = issue(doc, key, format="eddsa-rdfc-2022", now=CLOCK)
            assert isinstance(secured, dict)
            out[purpose] = secured
        return out
