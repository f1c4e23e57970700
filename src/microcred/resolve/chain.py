"""Try several resolvers in turn, and the default offline resolver.

A resolver that does not know a method id (:class:`~microcred.errors.UnsupportedDidMethodError`, or
:class:`~microcred.errors.VerificationMethodNotFoundError` from a static list) passes it on to the next one;
any other failure (a malformed did:key, a DID document with the wrong id, a key unfit for its type) stops the
search: it is the answer for that id.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ResolutionError, UnsupportedDidMethodError, VerificationMethodNotFoundError
from ..fetcher import Fetcher
from .did_jwk import DidJwkResolver
from .did_key import DidKeyResolver
from .did_web import DidWebResolver
from .method import Resolver, VerificationMethod


class ChainResolver:
    """The first resolver that knows the id answers."""

    def __init__(self, resolvers: Iterable[Resolver]) -> None:
        self.resolvers: list[Resolver] = list(resolvers)

    def resolve(self, url: str) -> VerificationMethod:
        """The first resolver's answer for ``url``; one error listing what each resolver said otherwise."""
        misses: list[ResolutionError] = []
        for resolver in self.resolvers:
            try:
                return resolver.resolve(url)
            except (UnsupportedDidMethodError, VerificationMethodNotFoundError) as exc:
                misses.append(exc)
        for miss in misses:
            if isinstance(miss, VerificationMethodNotFoundError) and miss.details.get("authoritative"):
                raise miss
        text = url[:120] if isinstance(url, str) else repr(url)
        hint = ""
        if isinstance(url, str) and url.startswith("did:web:"):
            hint = (
                " (did:web needs network access: pass a fetcher such as HardenedFetcher, or --allow-network)"
            )
        elif isinstance(url, str) and url.startswith("did:"):
            hint = (
                f" (no resolver for did:{url.split(':')[1]}; supply its key with a StaticResolver / --keys)"
            )
        else:
            hint = " (supply its key with a StaticResolver / --keys)"
        raise UnsupportedDidMethodError(
            f"cannot resolve {text}{hint}", details={"tried": [m.message for m in misses][:10]}
        )


def default_resolver(fetcher: Fetcher | None = None) -> ChainResolver:
    """did:key + did:jwk (offline), plus did:web when a ``fetcher`` is given."""
    resolvers: list[Resolver] = [DidKeyResolver(), DidJwkResolver()]
    if fetcher is not None:
        resolvers.append(DidWebResolver(fetcher))
    return ChainResolver(resolvers)
