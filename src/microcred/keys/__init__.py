"""Keys: generate, load and save signing keys (JWK, PEM, Multikey, X.509), sign and verify raw bytes.

>>> key = Key.generate("Ed25519")                       # doctest: +SKIP
>>> key.kid                                             # did:key:z6Mk…#z6Mk…
>>> key.verify(b"data", key.sign(b"data"))              # True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base64url import b64_decode_strict, b64url_decode_lenient, b64url_decode_strict, b64url_encode
from .dids import (
    check_did_matches_key,
    did_jwk_for,
    did_key_for,
    parse_did_jwk,
    parse_did_key,
    split_did_url,
    verification_method_id,
)
from .jwk import PRIVATE_MEMBERS, canonical_public_jwk_json, jwk_thumbprint, private_members
from .key import DidMethod, Key
from .key_types import GENERATABLE, KEY_TYPES, MIN_RSA_BITS, SUPPORTED_ALGS, KeyType, KeyTypeName, key_type
from .multibase import (
    base58btc_decode,
    base58btc_encode,
    multibase_decode,
    multibase_encode,
)

if TYPE_CHECKING:
    from .x509 import (
        chain_to_pem,
        issuer_serial_der,
        issuer_serial_kid,
        issuer_serial_matches,
        load_certificate_chain,
        parse_issuer_serial,
        verify_chain,
        x5c_encode,
        x5t_s256,
    )

#: Names of :mod:`.x509`, imported on first use: cryptography's X.509 modules are loaded only by code that
#: handles a certificate, not by every verification (1.3 MiB of a ``microcred verify`` process,
#: docs/performance.md "Eighth speed pass").
_X509 = frozenset(
    {
        "chain_to_pem",
        "issuer_serial_der",
        "issuer_serial_kid",
        "issuer_serial_matches",
        "load_certificate_chain",
        "parse_issuer_serial",
        "verify_chain",
        "x5c_encode",
        "x5t_s256",
    }
)


def __getattr__(name: str) -> Any:
    """The X.509 helpers (:data:`_X509`), imported when first asked for."""
    if name in _X509:
        from . import x509

        return getattr(x509, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GENERATABLE",
    "KEY_TYPES",
    "MIN_RSA_BITS",
    "PRIVATE_MEMBERS",
    "SUPPORTED_ALGS",
    "DidMethod",
    "Key",
    "KeyType",
    "KeyTypeName",
    "b64_decode_strict",
    "b64url_decode_lenient",
    "b64url_decode_strict",
    "b64url_encode",
    "base58btc_decode",
    "base58btc_encode",
    "canonical_public_jwk_json",
    "chain_to_pem",
    "check_did_matches_key",
    "did_jwk_for",
    "did_key_for",
    "issuer_serial_der",
    "issuer_serial_kid",
    "issuer_serial_matches",
    "jwk_thumbprint",
    "key_type",
    "load_certificate_chain",
    "multibase_decode",
    "multibase_encode",
    "parse_did_jwk",
    "parse_did_key",
    "parse_issuer_serial",
    "private_members",
    "split_did_url",
    "verification_method_id",
    "verify_chain",
    "x5c_encode",
    "x5t_s256",
]
