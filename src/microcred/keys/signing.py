"""Raw JOSE signatures (RFC 7518 §3) over bytes, for every key type.

* ``EdDSA`` / ``Ed25519``: RFC 8032 Ed25519, 64-byte signatures (RFC 8037 §3.1); S must be below L.
* ``ES256`` / ``ES384`` / ``ES512`` / ``ES256K``: ECDSA with SHA-256 / 384 / 512 / 256; the signature is the
  IEEE P1363 concatenation r‖s, each the curve size (RFC 7518 §3.4). DER-encoded or wrong-length signatures
  are refused, as are r or s outside [1, n-1]. Signing is deterministic (RFC 6979) where OpenSSL supports it.
* ``RS*``: RSASSA-PKCS1-v1_5 (RFC 7518 §3.3); ``PS*``: RSASSA-PSS with MGF1 of the same hash and a salt as
  long as the hash (RFC 7518 §3.5). The signature must be exactly the modulus length.

:func:`verify_signature` never raises for a bad signature: it returns False.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from ..errors import KeyMaterialError
from .ed25519 import ed25519_signature_is_canonical
from .jwk import PrivateKey, PublicKey
from .key_types import KeyType

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
    "256K": hashes.SHA256,
}


def _hash_for(alg: str) -> hashes.HashAlgorithm:
    return _HASHES[alg[2:]]()


def _ecdsa(alg: str, *, deterministic: bool) -> ec.ECDSA:
    if deterministic:
        try:
            return ec.ECDSA(_hash_for(alg), deterministic_signing=True)
        except (TypeError, UnsupportedAlgorithm):
            pass
    return ec.ECDSA(_hash_for(alg))


def _pss(alg: str) -> padding.PSS:
    digest = _hash_for(alg)
    return padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)


#: Order of the secp256k1 group (SEC 2 §2.4.1).
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def sign_bytes(private: PrivateKey, kt: KeyType, alg: str, data: bytes) -> bytes:
    """Sign ``data`` with ``alg`` (already checked to be one of ``kt.algs``)."""
    if isinstance(private, ed25519.Ed25519PrivateKey):
        return private.sign(data)
    if isinstance(private, ec.EllipticCurvePrivateKey):
        try:
            der = private.sign(data, _ecdsa(alg, deterministic=True))
        except UnsupportedAlgorithm:
            der = private.sign(data, _ecdsa(alg, deterministic=False))
        r, s = decode_dss_signature(der)
        if isinstance(private.curve, ec.SECP256K1) and s > _SECP256K1_N // 2:
            s = _SECP256K1_N - s  # low-S form (BIP 62 / RFC 6979 users such as didkit expect it)
        return r.to_bytes(kt.size, "big") + s.to_bytes(kt.size, "big")
    if isinstance(private, rsa.RSAPrivateKey):
        pad: padding.AsymmetricPadding = _pss(alg) if alg.startswith("PS") else padding.PKCS1v15()
        return private.sign(data, pad, _hash_for(alg))
    raise KeyMaterialError(f"cannot sign with a {type(private).__name__}")


def verify_signature(public: PublicKey, kt: KeyType, alg: str, data: bytes, signature: bytes) -> bool:
    """True only if ``signature`` is a valid ``alg`` signature of ``data`` in its one allowed encoding."""
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            if not ed25519_signature_is_canonical(signature):
                return False
            public.verify(signature, data)
            return True
        if isinstance(public, ec.EllipticCurvePublicKey):
            if len(signature) != 2 * kt.size:
                return False
            r = int.from_bytes(signature[: kt.size], "big")
            s = int.from_bytes(signature[kt.size :], "big")
            if not (0 < r < kt.order and 0 < s < kt.order):
                return False
            public.verify(encode_dss_signature(r, s), data, ec.ECDSA(_hash_for(alg)))
            return True
        if isinstance(public, rsa.RSAPublicKey):
            if len(signature) != (public.key_size + 7) // 8:
                return False
            pad: padding.AsymmetricPadding = _pss(alg) if alg.startswith("PS") else padding.PKCS1v15()
            public.verify(signature, data, pad, _hash_for(alg))
            return True
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return False
