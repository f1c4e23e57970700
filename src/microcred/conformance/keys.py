"""The conformance kit's keys: fixed, derived from fixed seeds, so every run of the kit signs with the same keys.

Ed25519 keys are the SHA-256 of their seed (RFC 8032 §5.1.5 takes any 32 bytes); P-256 / P-384 secrets are the
SHA-384 of the seed reduced into the group order (FIPS 186-5 §A.2.1 style "extra random bits"). These keys are
public test material: never use them for anything else.
"""

from __future__ import annotations

import hashlib
from functools import cache

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from ..keys import Key

#: Group orders (SEC 2 §2.4.2, §2.5.1).
_ORDERS = {
    "P-256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "P-384": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973,
}
_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}
SEED_PREFIX = "microcred conformance kit v1: "


@cache
def kit_key(key_type: str, role: str = "issuer") -> Key:
    """The fixed ``did:key`` key of ``key_type`` (Ed25519, P-256, P-384) for ``role`` (issuer, other, ...)."""
    seed = f"{SEED_PREFIX}{role} {key_type}".encode()
    if key_type == "Ed25519":
        private = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
        return Key.from_cryptography(private, did="key")
    order = _ORDERS[key_type]
    secret = int.from_bytes(hashlib.sha384(seed).digest() + hashlib.sha384(seed + b"2").digest(), "big")
    return Key.from_cryptography(
        ec.derive_private_key(secret % (order - 1) + 1, _CURVES[key_type]()), did="key"
    )


def file_stem(key_type: str, role: str = "issuer") -> str:
    """The file name stem of a kit key, e.g. ``issuer-p-256``."""
    return f"{role}-{key_type.lower()}"
