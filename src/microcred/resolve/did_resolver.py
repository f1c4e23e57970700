"""The shared shape of a DID method resolver: DID URL -> DID document -> verification method.

DID Core §7.1 "DID Resolution" gives the document; §7.2 "DID URL Dereferencing" with a fragment selects the
verification method in it (done by :func:`~microcred.resolve.document.find_verification_method`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import Any, ClassVar

from ..errors import UnsupportedDidMethodError, VerificationMethodNotFoundError
from ..json_values import copy_json
from ..keys import split_did_url
from .document import find_verification_method
from .method import VerificationMethod

#: Most verification methods of pure DID methods remembered (see :attr:`DidResolver.pure`).
MAX_REMEMBERED = 256
_REMEMBERED: dict[tuple[type, Hashable, str], VerificationMethod] = {}


class DidResolver(ABC):
    """Base class of the resolvers for one DID method (``did:<method>:``)."""

    #: The DID method name, e.g. ``"key"``.
    method: ClassVar[str]
    #: did:key and did:jwk hold exactly one key: a DID without a fragment then names it.
    single_key: ClassVar[bool] = False
    #: True when the DID document is a pure function of the DID and :meth:`options_key` (did:key, did:jwk: the
    #: key is in the DID). Their resolved verification methods are then remembered, at most
    #: :data:`MAX_REMEMBERED`, keyed by (resolver class, options, DID URL): the same URL always gives the same
    #: answer and any other URL is resolved afresh; failures are never remembered. A subclass whose documents
    #: depend on anything else must set this to False.
    pure: ClassVar[bool] = False

    def options_key(self) -> Hashable:
        """What, besides the DID, the documents of a :attr:`pure` resolver depend on (its options)."""
        return ()

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
        if not self.pure:
            return self._dereference(url)
        memo_key = (type(self), self.options_key(), url)
        found = _REMEMBERED.get(memo_key)
        if found is None:
            found = self._dereference(url)
            if len(_REMEMBERED) >= MAX_REMEMBERED:
                _REMEMBERED.clear()
            _REMEMBERED[memo_key] = found
        # the method and its key are immutable; its published JSON is a dict the caller may change: a copy
        return VerificationMethod(
            found.id, found.type, found.controller, found.key, found.relationships, copy_json(found.document)
        )

    def _dereference(self, url: str) -> VerificationMethod:
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
