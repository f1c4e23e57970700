"""Multikey (Controlled Identifiers 1.0 §2.2.2): multicodec header + raw key bytes, Multibase encoded.

* Ed25519 public key: header ``0xed01`` + 32 bytes; secret key: ``0x8026`` (``ed25519-priv``) + 32-byte seed.
* ECDSA public key: ``p256-pub`` / ``p384-pub`` / ``p521-pub`` / ``secp256k1-pub`` header + the SEC1
  *compressed* point (33 / 49 / 67 / 33 bytes); secret key: the ``*-priv`` header + the big-endian scalar.

The public value starts with ``z6Mk`` (Ed25519), ``zDna`` (P-256), ``z82L`` (P-384), ``z2J9`` (P-521) or
``zQ3s`` (secp256k1). microcred writes base58btc (``z``); it also reads base64url (``u``).
"""

from __future__ import annotations

import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from ..errors import KeyLengthError, KeyMaterialError, UnsupportedKeyTypeError
from .ed25519 import check_ed25519_public_key
from .jwk import PrivateKey, PublicKey
from .key_types import BY_PUBLIC_CODEC, BY_SECRET_CODEC, KeyType
from .multibase import multibase_decode, multibase_encode, varint_decode, varint_encode


def _public_length(kt: KeyType) -> int:
    return 32 if kt.kty == "OKP" else kt.size + 1


def split_multicodec(data: bytes, *, what: str) -> tuple[int, bytes]:
    """Split decoded Multikey bytes into ``(codec, raw key bytes)``."""
    codec, length = varint_decode(data, what=f"{what} multicodec header")
    return codec, data[length:]


@functools.lru_cache(maxsize=256)
def decode_public_multikey(value: str, *, what: str = "publicKeyMultibase") -> tuple[KeyType, bytes]:
    """Decode a public Multikey into its key type and raw bytes (length checked, point not yet checked).

    Cached by the string (a refused one raises again): resolving a did:key decodes its base58 value three times
    (the DID, its verification method, the check that the kid's DID is the key's)."""
    codec, raw = split_multicodec(multibase_decode(value, what=what), what=what)
    kt = BY_PUBLIC_CODEC.get(codec)
    if kt is None:
        if codec in BY_SECRET_CODEC:
            raise UnsupportedKeyTypeError(
                f"{what} holds a secret key (multicodec 0x{codec:x}), not a public key"
            )
        raise UnsupportedKeyTypeError(
            f"{what} has unsupported multicodec 0x{codec:x}", details={"codec": codec}
        )
    expected = _public_length(kt)
    if len(raw) != expected:
        raise KeyLengthError(
            f"{what}: {kt.name} public keys are {expected} bytes, not {len(raw)}",
            details={"key_type": kt.name, "length": len(raw)},
        )
    return kt, raw


@functools.lru_cache(maxsize=256)
def public_key_from_raw(kt: KeyType, raw: bytes) -> PublicKey:
    """Build a public key from Multikey raw bytes (Ed25519: 32 bytes; ECDSA: SEC1 point).

    Cached by the bytes (key objects are immutable; a refused key raises again): decompressing and checking an EC
    point is most of the time it takes to resolve a did:key, and a verifier meets the same issuers again and again.
    """
    if kt.kty == "OKP":
        check_ed25519_public_key(raw)
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    if kt.kty == "EC":
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(kt.curve(), raw)
        except ValueError as exc:
            raise KeyMaterialError(f"the {kt.name} public key is not a valid point on the curve") from exc
    raise UnsupportedKeyTypeError(f"{kt.name} keys have no Multikey form in microcred")


def public_key_from_multikey(value: str, *, what: str = "publicKeyMultibase") -> tuple[KeyType, PublicKey]:
    """The key type and public key of a ``publicKeyMultibase`` value (Controlled Identifiers 1.0 §2.2.2 Multikey)."""
    kt, raw = decode_public_multikey(value, what=what)
    return kt, public_key_from_raw(kt, raw)


def private_key_from_multikey(value: str, *, what: str = "secretKeyMultibase") -> tuple[KeyType, PrivateKey]:
    """Decode a secret Multikey. Ed25519 accepts a 32-byte seed, or seed‖public (64 bytes, checked)."""
    codec, raw = split_multicodec(multibase_decode(value, what=what), what=what)
    kt = BY_SECRET_CODEC.get(codec)
    if kt is None:
        raise UnsupportedKeyTypeError(f"{what} has unsupported multicodec 0x{codec:x} for a secret key")
    if kt.kty == "OKP":
        if len(raw) not in (32, 64):
            raise KeyLengthError(f"{what}: an Ed25519 secret key is 32 bytes, not {len(raw)}")
        private_ed = ed25519.Ed25519PrivateKey.from_private_bytes(raw[:32])
        if len(raw) == 64 and public_raw(private_ed.public_key()) != raw[32:]:
            raise KeyMaterialError(
                f"{what}: the 64-byte Ed25519 secret key's public half does not match its seed"
            )
        return kt, private_ed
    if len(raw) != kt.size:
        raise KeyLengthError(f"{what}: {kt.name} secret keys are {kt.size} bytes, not {len(raw)}")
    scalar = int.from_bytes(raw, "big")
    if not 0 < scalar < kt.order:
        raise KeyMaterialError(f"{what}: the {kt.name} secret scalar is out of range")
    return kt, ec.derive_private_key(scalar, kt.curve())


def public_raw(public: PublicKey) -> bytes:
    """Multikey raw bytes of a public key (Ed25519 raw, ECDSA compressed point)."""
    if isinstance(public, ed25519.Ed25519PublicKey):
        return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if isinstance(public, ec.EllipticCurvePublicKey):
        return public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    raise KeyMaterialError("RSA keys have no Multikey form in microcred")


def encode_public_multikey(kt: KeyType, public: PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` text of a public key."""
    if kt.public_codec is None:
        raise KeyMaterialError(f"{kt.name} keys have no Multikey form in microcred")
    return multibase_encode(varint_encode(kt.public_codec) + public_raw(public))


def encode_secret_multikey(kt: KeyType, private: PrivateKey) -> str:
    """The Multikey ``secretKeyMultibase`` text of a private key."""
    if kt.secret_codec is None:
        raise KeyMaterialError(f"{kt.name} keys have no Multikey form in microcred")
    if isinstance(private, ed25519.Ed25519PrivateKey):
        raw = private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
    elif isinstance(private, ec.EllipticCurvePrivateKey):
        raw = private.private_numbers().private_value.to_bytes(kt.size, "big")
    else:
        raise KeyMaterialError("RSA keys have no Multikey form in microcred")
    return multibase_encode(varint_encode(kt.secret_codec) + raw)
