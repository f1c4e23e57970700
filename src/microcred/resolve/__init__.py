"""Resolvers: verification method id (DID URL or URL) -> public key + verification relationships.

>>> resolver = default_resolver()                    # did:key + did:jwk, offline  # doctest: +SKIP
>>> method = resolver.resolve(key.kid)               # doctest: +SKIP
>>> "assertionMethod" in method.relationships        # doctest: +SKIP
"""

from __future__ import annotations

from .chain import ChainResolver, default_resolver
from .did_jwk import DidJwkResolver
from .did_key import DidKeyResolver
from .did_resolver import DidResolver
from .did_web import DidWebResolver, did_web_to_url
from .document import find_verification_method
from .method import (
    DEFAULT_RELATIONSHIPS,
    RELATIONSHIPS,
    VERIFICATION_METHOD_TYPES,
    Resolver,
    VerificationMethod,
    key_for_verification_method,
)
from .static import KeyResolver, StaticResolver, keys_json_entry

__all__ = [
    "DEFAULT_RELATIONSHIPS",
    "RELATIONSHIPS",
    "VERIFICATION_METHOD_TYPES",
    "ChainResolver",
    "DidJwkResolver",
    "DidKeyResolver",
    "DidResolver",
    "DidWebResolver",
    "KeyResolver",
    "Resolver",
    "StaticResolver",
    "VerificationMethod",
    "default_resolver",
    "did_web_to_url",
    "find_verification_method",
    "key_for_verification_method",
    "keys_json_entry",
]
