"""The shared shape of a DID method resolver: DID URL -> DID document -> verification method.

DID Core §7.1 "DID Resolution" gives the document; §7.2 "DID URL Dereferencing" with a fragment selects the
verification method in it (done by :func:`~microcred.resolve.document.find_verification_method`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from ..errors import UnsupportedDidMethodError, VerificationMethodNotFoundError
from ..keys import split_did_url
from .document import find_verification_method
from .method import VerificationMethod


class DidResolver(ABC):
    """Base class of the resolvers for one DID method (``did:<method>:``)."""

    #: The DID method name, e.g. ``"key"``.
    method: ClassVar[str]
    #: did:key and did:jwk hold exactly one key: a DID without a fragment then names it.
    single_key: ClassVar[bool] = False

    def handles(self, url: str) -> bool:
        """True when ``url`` is a DID URL of this method."""
        return isinstance(url, str) and url.startswith(f"did:{self.method}:")

    @abstractmethod
    def resolve_did(self, did: str) -> dict[str, Any]:
        """The DID document of ``did`` (raises :class:`~microcred.errors.ResolutionError`)."""

    def resolve(self, url: str) -> VerificationMethod:
        """Dereference a verification method id (a DID URL with a fragment)."""
        if not self.handles(url):
            raise UnsupportedDidMethodError(
                f"{type(self).__name__} resolves did:{self.method} only, not {str(url)[:80]!r}"
            )
        did, fragment = split_did_url(url)
        document = self.resolve_did(did)
        if fragment is None:
            if not self.single_key:
                raise VerificationMethodNotFoundError(
                    f"{url} names no verification method (no '#fragment')", details={"authoritative": True}
                )
            methods = document.get("verificationMethod") or []
            url = methods[0]["id"]
        return find_verification_method(document, url, source=did)
