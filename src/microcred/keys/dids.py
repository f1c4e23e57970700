"""did:key and did:jwk identifiers: make them from a key, and parse them back into key material.

* did:key (W3C CCG did:key v0.7 §2 "Format", §3.1.1 "Document Creation Algorithm" steps 2-3, §3.1.3 "Decode
  Public Key Algorithm"): ``did:key:`` + ``z`` + base58btc(multicodec header ‖ raw public key); an optional
  numeric version component (``did:key:1:z…``) defaults to 1. Errors carry the spec's error name in
  ``details["didKeyError"]`` (``invalidDid``, ``invalidPublicKeyLength``, ``invalidPublicKey``).
* did:jwk (did:jwk spec "DID Format", "Read"): ``did:jwk:`` + base64url(UTF-8 JSON of the public JWK); a JWK
  with private members must be rejected. microcred writes the RFC 7638 members plus ``use: "sig"``, sorted.

Verification method ids: ``did:key:X#X`` and ``did:jwk:Y#0``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..base64url import b64url_decode_strict, b64url_encode
from ..errors import (
    InvalidDidError,
    InvalidPublicKeyError,
    InvalidPublicKeyLengthError,
    KeyLengthError,
    KeyMaterialError,
    MicrocredError,
    UnsupportedKeyTypeError,
    UnsupportedPublicKeyTypeError,
)
from ..jsonio import loads_strict
from .jwk import PublicKey, jwk_thumbprint, parse_jwk, private_members, public_jwk
from .key_types import KeyType
from .multikey import public_key_from_multikey

if TYPE_CHECKING:
    from .key import Key

#: Longest DID microcred parses (a did:jwk of a 4096-bit RSA key is about 1 KB).
MAX_DID_LENGTH = 8192

_B58_RE = re.compile(r"z[1-9A-HJ-NP-Za-km-z]+")
_B64URL_RE = re.compile(r"[A-Za-z0-9_-]+")


def split_did_url(url: str) -> tuple[str, str | None]:
    """Split a DID URL into ``(did, fragment)``; paths and queries are refused."""
    if not isinstance(url, str) or not url.startswith("did:"):
        raise InvalidDidError(f"{url!r} is not a DID URL")
    if len(url) > MAX_DID_LENGTH:
        raise InvalidDidError(f"DID URL is longer than {MAX_DID_LENGTH} characters")
    did, sep, fragment = url.partition("#")
    if "/" in did or "?" in did:
        raise InvalidDidError(f"DID URLs with a path or query are not supported: {url}")
    return did, (fragment if sep else None)


def _did_key_error(cls: type[MicrocredError], message: str, name: str, did: str) -> MicrocredError:
    return cls(message, details={"didKeyError": name, "did": did})


def parse_did_key(did: str) -> tuple[str, KeyType, PublicKey]:
    """Validate a did:key; return ``(multibaseValue, key type, public key)`` (did:key §3.1.1 steps 2-3)."""
    if not isinstance(did, str) or len(did) > MAX_DID_LENGTH:
        raise _did_key_error(InvalidDidError, "not a did:key string", "invalidDid", str(did)[:80])
    parts = did.split(":")
    if len(parts) == 3:
        scheme, method, value = parts
        version = "1"
    elif len(parts) == 4:
        scheme, method, version, value = parts
    else:
        raise _did_key_error(
            InvalidDidError, f"{did} is not of the form did:key:<mb-value>", "invalidDid", did
        )
    if scheme != "did" or method != "key":
        raise _did_key_error(InvalidDidError, f"{did} is not a did:key", "invalidDid", did)
    if not version.isdigit() or int(version) < 1:
        raise _did_key_error(
            InvalidDidError, f"{did}: version {version!r} is not a positive integer", "invalidDid", did
        )
    if not _B58_RE.fullmatch(value):
        raise _did_key_error(
            InvalidDidError,
            f"{did}: the value must be base58btc multibase starting with 'z'",
            "invalidDid",
            did,
        )
    try:
        kt, public = public_key_from_multikey(value, what="did:key value")
    except KeyLengthError as exc:
        raise _did_key_error(
            InvalidPublicKeyLengthError, f"{did}: {exc.message}", "invalidPublicKeyLength", did
        ) from exc
    except UnsupportedKeyTypeError as exc:
        raise _did_key_error(
            UnsupportedPublicKeyTypeError, f"{did}: {exc.message}", "unsupportedPublicKeyType", did
        ) from exc
    except KeyMaterialError as exc:
        raise _did_key_error(InvalidPublicKeyError, f"{did}: {exc.message}", "invalidPublicKey", did) from exc
    return value, kt, public


def parse_did_jwk(did: str) -> dict[str, Any]:
    """Validate a did:jwk and return its (public) JWK. Private members are refused (did:jwk "Security")."""
    if not isinstance(did, str) or len(did) > MAX_DID_LENGTH:
        raise InvalidDidError("not a did:jwk string (or longer than the limit)")
    prefix = "did:jwk:"
    if not did.startswith(prefix):
        raise InvalidDidError(f"{did} is not a did:jwk")
    value = did[len(prefix) :]
    if not _B64URL_RE.fullmatch(value):
        raise InvalidDidError(f"{did}: the value must be unpadded base64url")
    try:
        raw = b64url_decode_strict(value, what="did:jwk value")
        jwk = loads_strict(raw, source="did:jwk value", max_depth=8)
    except MicrocredError as exc:
        raise InvalidDidError(f"{did[:60]}…: {exc.message}") from exc
    if not isinstance(jwk, dict):
        raise InvalidDidError("the did:jwk value is not a JSON object")
    secret = private_members(jwk)
    if secret:
        raise InvalidDidError(
            f"did:jwk carries private key material ({', '.join(secret)}): "
            "a did:jwk must hold a public key only",
            details={"privateMembers": secret},
        )
    return jwk


def did_key_for(key: Key) -> str:
    """The did:key of ``key`` (Ed25519, P-256, P-384, P-521, secp256k1)."""
    if key.key_type == "RSA":
        raise KeyMaterialError("did:key is not defined for RSA keys here; use did:jwk")
    return "did:key:" + key.public_key_multibase


def did_jwk_for(key: Key) -> str:
    """The did:jwk of ``key``: base64url of its public JWK with ``use: "sig"`` (the did:jwk spec asks for the
    ``use`` that fits the curve; it also keeps ``keyAgreement`` out of the document), members sorted, no
    spaces."""
    jwk: dict[str, str] = {**public_jwk(key.public_key, _kt(key)), "use": "sig"}
    text = json.dumps(jwk, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "did:jwk:" + b64url_encode(text.encode("utf-8"))


def _kt(key: Key) -> KeyType:
    from .key_types import key_type

    return key_type(key.key_type)


def verification_method_id(did: str) -> str:
    """The id of the single verification method of a did:key (``#<mb-value>``) or did:jwk (``#0``)."""
    if did.startswith("did:key:"):
        return f"{did}#{did.split(':')[-1]}"
    if did.startswith("did:jwk:"):
        return f"{did}#0"
    raise InvalidDidError(f"{did} is neither a did:key nor a did:jwk")


def check_did_matches_key(did: str, jwk: Mapping[str, Any]) -> None:
    """Raise :class:`KeyMaterialError` if ``did`` is a did:key / did:jwk of another key."""
    try:
        if did.startswith("did:key:"):
            _, kt, public = parse_did_key(did)
            other = jwk_thumbprint(public_jwk(public, kt))
        elif did.startswith("did:jwk:"):
            kt2, public2, _, _ = parse_jwk(parse_did_jwk(did))
            other = jwk_thumbprint(public_jwk(public2, kt2))
        else:
            return
    except MicrocredError as exc:
        raise KeyMaterialError(f"the key's DID is invalid: {exc}") from exc
    if other != jwk_thumbprint(jwk):
        raise KeyMaterialError(f"the kid names {did[:80]}, which is a different key")
