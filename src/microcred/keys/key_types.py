"""The key types microcred signs with, and what each one allows.

One row per key type: its JWK ``kty``/``crv`` (RFC 7518 §6, RFC 8037 §2, RFC 8812 §3.1), the JOSE algorithms
it may be used with (the first is the default), the Multikey multicodec headers (Controlled Identifiers 1.0
§2.2.2 "Multikey"; multiformats table: ``ed25519-pub`` 0xed, ``ed25519-priv`` 0x1300, ``p256-pub`` 0x1200,
``p384-pub`` 0x1201, ``p521-pub`` 0x1202, ``secp256k1-pub`` 0xe7, ``p256-priv`` 0x1306, ``p384-priv``
0x1307, ``p521-priv`` 0x1308, ``secp256k1-priv`` 0x1301) and byte sizes.

The algorithm always comes from this table through the key: a JOSE header can only pick one of the key's
``algs``; ``none``, ``HS*`` and algorithms of another curve are never allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cryptography.hazmat.primitives.asymmetric import ec

from ..errors import KeyMaterialError, UnsupportedKeyTypeError

KeyTypeName = Literal["Ed25519", "P-256", "P-384", "P-521", "secp256k1", "RSA"]

#: The key types :meth:`Key.generate` makes (P-521 is also supported for keys loaded from elsewhere).
GENERATABLE: tuple[str, ...] = ("Ed25519", "P-256", "P-384", "P-521", "secp256k1", "RSA")

#: Smallest RSA modulus microcred accepts, for signing and for verifying.
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class KeyType:
    """One supported key type: its JWK ``kty``/``crv``, multicodecs and signature algorithms."""

    name: str
    kty: str
    crv: str | None
    #: JOSE algorithms, default first.
    algs: tuple[str, ...]
    #: Multicodec codes of the public / secret Multikey forms (None for RSA: no Multikey form here).
    public_codec: int | None = None
    secret_codec: int | None = None
    #: Field element size in bytes (JWK ``x``/``y``/``d`` length; half an IEEE P1363 ECDSA signature).
    size: int = 0
    #: Order of the base point (ECDSA ``r``/``s`` must lie in [1, n-1]).
    order: int = 0

    def curve(self) -> ec.EllipticCurve:
        """The ``cryptography`` curve object of an ECDSA key type."""
        curves: dict[str, ec.EllipticCurve] = {
            "P-256": ec.SECP256R1(),
            "P-384": ec.SECP384R1(),
            "P-521": ec.SECP521R1(),
            "secp256k1": ec.SECP256K1(),
        }
        if self.crv not in curves:
            raise KeyMaterialError(f"{self.name} is not an elliptic curve key type")
        return curves[self.crv]


ED25519 = KeyType("Ed25519", "OKP", "Ed25519", ("EdDSA", "Ed25519"), 0xED, 0x1300, 32)
P256 = KeyType(
    "P-256",
    "EC",
    "P-256",
    ("ES256",),
    0x1200,
    0x1306,
    32,
    0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
)
P384 = KeyType(
    "P-384",
    "EC",
    "P-384",
    ("ES384",),
    0x1201,
    0x1307,
    48,
    int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
)
P521 = KeyType(
    "P-521",
    "EC",
    "P-521",
    ("ES512",),
    0x1202,
    0x1308,
    66,
    int(
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
        "FA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
)
SECP256K1 = KeyType(
    "secp256k1",
    "EC",
    "secp256k1",
    ("ES256K",),
    0xE7,
    0x1301,
    32,
    0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
)
RSA = KeyType("RSA", "RSA", None, ("RS256", "PS256", "RS384", "PS384", "RS512", "PS512"))

KEY_TYPES: dict[str, KeyType] = {kt.name: kt for kt in (ED25519, P256, P384, P521, SECP256K1, RSA)}
BY_PUBLIC_CODEC: dict[int, KeyType] = {kt.public_codec: kt for kt in KEY_TYPES.values() if kt.public_codec}
BY_SECRET_CODEC: dict[int, KeyType] = {kt.secret_codec: kt for kt in KEY_TYPES.values() if kt.secret_codec}

#: Every JOSE signature algorithm microcred implements (anything else, e.g. ``none``/``HS256``, is refused).
SUPPORTED_ALGS: frozenset[str] = frozenset(a for kt in KEY_TYPES.values() for a in kt.algs)


def key_type(name: str) -> KeyType:
    """The :class:`KeyType` called ``name`` (Ed25519, P-256, P-384, P-521, secp256k1, RSA)."""
    try:
        return KEY_TYPES[name]
    except KeyError:
        raise UnsupportedKeyTypeError(
            f"unsupported key type {name!r}; supported: {', '.join(KEY_TYPES)}", details={"key_type": name}
        ) from None


def key_type_for_jwk(kty: object, crv: object) -> KeyType:
    """The key type of a JWK ``kty``/``crv`` pair."""
    if not isinstance(kty, str | None) or not isinstance(crv, str | None):
        # RFC 7518 §6.1 / §6.2.1.1: both are strings (and a huge number must never reach a repr())
        raise KeyMaterialError("a JWK's 'kty' and 'crv' members must be strings")
    for kt in KEY_TYPES.values():
        if kt.kty == kty and (kt.crv == crv or (kt.kty == "RSA" and crv is None)):
            return kt
    if kty == "RSA":
        raise KeyMaterialError("an RSA JWK must not have a 'crv' member")
    if kty in ("OKP", "EC"):
        raise UnsupportedKeyTypeError(
            f"unsupported JWK curve {crv!r} for kty {kty!r}", details={"kty": kty, "crv": crv}
        )
    if kty == "oct":
        raise UnsupportedKeyTypeError(
            "symmetric (kty 'oct') keys are not accepted: microcred only uses asymmetric keys"
        )
    raise UnsupportedKeyTypeError(f"unsupported JWK kty {kty!r}", details={"kty": kty})
