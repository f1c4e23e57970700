"""``KeyMaterial``: what every :class:`~microcred.keys.key.Key` is, whatever format it was read from.

The key pair (or its public half) as a ``cryptography`` object, its type (Ed25519, P-256, P-384, P-521,
secp256k1, RSA) and the JOSE algorithms it allows (the algorithm always comes from the key, never from a header),
its ``kid`` (= the verification method id, e.g. ``did:key:z6Mk…#z6Mk…`` or ``did:jwk:…#0``), the DID and controller
it belongs to, its X.509 certificate chain, and raw signatures. Reading and writing key formats (JWK, PEM,
Multikey, key files, jwcrypto) and making copies is :class:`~microcred.keys.key.Key`'s.

Every constructor ends in :meth:`KeyMaterial.__init__`, which validates the public key once (Ed25519 small-order
and non-canonical points are refused there, whatever the source: JWK, Multikey, PEM or certificate).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..errors import KeyMaterialError, UsageError
from . import dids
from .ed25519 import check_ed25519_public_key
from .jwk import PrivateKey, PublicKey, jwk_thumbprint, public_jwk, raw_public_bytes
from .key_types import MIN_RSA_BITS, KeyType, key_type
from .signing import sign_bytes, verify_signature

if TYPE_CHECKING:  # cryptography.x509 is imported only where a certificate is handled
    from cryptography import x509 as cx509


def _key_type_of(public: Any) -> KeyType:
    if isinstance(public, ed25519.Ed25519PublicKey):
        return key_type("Ed25519")
    if isinstance(public, ec.EllipticCurvePublicKey):
        names = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521", "secp256k1": "secp256k1"}
        name = names.get(public.curve.name)
        if name is None:
            raise KeyMaterialError(f"unsupported elliptic curve {public.curve.name}")
        return key_type(name)
    if isinstance(public, rsa.RSAPublicKey):
        if public.key_size < MIN_RSA_BITS:
            raise KeyMaterialError(
                f"RSA key has {public.key_size} bits; at least {MIN_RSA_BITS} are required"
            )
        return key_type("RSA")
    raise KeyMaterialError(f"unsupported key type {type(public).__name__}")


class KeyMaterial:
    """A signing key (private) or verification key (public only) with its identifiers; immutable.

    Use :class:`~microcred.keys.key.Key`, which adds the key formats and the ``with_*`` copies.
    """

    __slots__ = ("_alg", "_chain", "_controller", "_did", "_kid", "_kt", "_private", "_public")

    def __init__(
        self,
        key: PrivateKey | PublicKey,
        *,
        kid: str | None = None,
        did: str | None = None,
        controller: str | None = None,
        certificate_chain: Iterable[cx509.Certificate] = (),
        alg: str | None = None,
    ) -> None:
        private: PrivateKey | None
        if isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            private, public = key, key.public_key()
        elif isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
            private, public = None, key
        else:
            raise KeyMaterialError(f"unsupported key object {type(key).__name__}")
        self._kt = _key_type_of(public)
        if isinstance(public, ed25519.Ed25519PublicKey):
            check_ed25519_public_key(
                public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            )
        if alg is not None and alg not in self._kt.algs:
            raise KeyMaterialError(
                f"alg {alg!r} does not fit a {self._kt.name} key (allowed: {self._kt.algs})"
            )
        if kid is not None and (not isinstance(kid, str) or not kid):
            raise KeyMaterialError("kid must be a non-empty string")
        self._private, self._public, self._alg, self._kid = private, public, alg, kid
        self._chain: tuple[cx509.Certificate, ...] = tuple(certificate_chain)
        if self._chain and not _certifies(self._chain[0], public):
            raise KeyMaterialError("the first certificate of the chain does not certify this key")
        if did is None and kid is not None and kid.startswith("did:"):
            did = kid.split("#", 1)[0]
        if did is not None:
            dids.check_did_matches_key(did, public_jwk(public, self._kt))
        self._did = did
        self._controller = controller or did or (kid.split("#", 1)[0] if kid and "#" in kid[1:] else None)

    # -- identity --------------------------------------------------------------------------------------------
    @property
    def kty(self) -> str:
        """JWK key type: ``OKP``, ``EC`` or ``RSA``."""
        return self._kt.kty

    @property
    def crv(self) -> str | None:
        """JWK curve (``Ed25519``, ``P-256``, ``P-384``, ``P-521``, ``secp256k1``), None for RSA."""
        return self._kt.crv

    @property
    def key_type(self) -> str:
        """``Ed25519``, ``P-256``, ``P-384``, ``P-521``, ``secp256k1`` or ``RSA``."""
        return self._kt.name

    @property
    def allowed_algs(self) -> tuple[str, ...]:
        """The JOSE algorithms this key may be used with (default first)."""
        return (self._alg,) if self._alg else self._kt.algs

    @property
    def alg(self) -> str:
        """The default JOSE alg: EdDSA, ES256, ES384, ES512, ES256K or RS256 (unless the JWK pins one)."""
        return self.allowed_algs[0]

    @property
    def kid(self) -> str | None:
        """The key id (a verification method id or a JWK kid), if the key has one."""
        return self._kid

    @property
    def verification_method(self) -> str | None:
        """The verification method id (= ``kid``)."""
        return self._kid

    @property
    def did(self) -> str | None:
        """The DID in the key's ``kid`` (checked against the key for did:key / did:jwk), or None."""
        return self._did

    @property
    def controller(self) -> str | None:
        """Who controls the key: its DID, else the ``kid`` without its fragment, else None."""
        return self._controller

    @property
    def is_private(self) -> bool:
        """True when the private half is present (the key can sign)."""
        return self._private is not None

    @property
    def certificate_chain(self) -> list[cx509.Certificate]:
        """X.509 chain, leaf (this key's certificate) first; may be empty."""
        return list(self._chain)

    @property
    def public_key(self) -> PublicKey:
        """The ``cryptography`` public key object."""
        return self._public

    @property
    def private_key(self) -> PrivateKey:
        """The ``cryptography`` private key object (KeyMaterialError for a public-only key)."""
        if self._private is None:
            raise KeyMaterialError(f"key {self._kid or self.thumbprint()} has no private part")
        return self._private

    def thumbprint(self) -> str:
        """RFC 7638 JWK SHA-256 thumbprint (base64url)."""
        return jwk_thumbprint(public_jwk(self._public, self._kt))

    # -- signatures ------------------------------------------------------------------------------------------
    def _check_alg(self, alg: str | None) -> str:
        chosen = self.alg if alg is None else alg
        if chosen not in self.allowed_algs:
            raise KeyMaterialError(
                f"algorithm {chosen!r} is not allowed for this {self._kt.name} key "
                f"(allowed: {', '.join(self.allowed_algs)})",
                details={"alg": chosen, "allowed": list(self.allowed_algs)},
            )
        return chosen

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        """Raw signature of ``data`` (Ed25519 64 bytes; ECDSA r‖s; RSA PKCS#1 v1.5 or PSS by ``alg``)."""
        chosen = self._check_alg(alg)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise UsageError(f"sign() takes bytes, not {type(data).__name__}")
        return sign_bytes(self.private_key, self._kt, chosen, bytes(data))

    def sign_many(self, items: Sequence[tuple[bytes, str]]) -> list[bytes]:
        """The signatures of many ``(data, alg)`` requests, in order (the ``Signer`` batch form)."""
        return [self.sign(data, alg) for data, alg in items]

    def verify(self, data: bytes, signature: bytes, alg: str | None = None) -> bool:
        """True if ``signature`` is valid; False (never an exception) for a bad or badly encoded signature or
        an algorithm this key does not allow (``none``, ``HS256``, another curve's ``ES*``)."""
        if alg is not None and (not isinstance(alg, str) or alg not in self.allowed_algs):
            return False
        if not isinstance(data, bytes | bytearray | memoryview) or not isinstance(
            signature, bytes | bytearray | memoryview
        ):
            return False
        return verify_signature(self._public, self._kt, alg or self.alg, bytes(data), bytes(signature))

    # -- dunder ----------------------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyMaterial):
            return NotImplemented
        return (self.thumbprint(), self._kid, self.is_private) == (
            other.thumbprint(),
            other._kid,
            other.is_private,
        )

    def __hash__(self) -> int:
        return hash((self.thumbprint(), self._kid, self.is_private))

    def __repr__(self) -> str:
        half = "private" if self.is_private else "public"
        return f"Key({self._kt.name}, {half}, kid={self._kid!r})"


def _certifies(certificate: cx509.Certificate, public: PublicKey) -> bool:
    """Does ``certificate`` certify ``public`` (the same public key bytes)?"""
    from .x509 import certificate_public_key

    return raw_public_bytes(certificate_public_key(certificate)) == raw_public_bytes(public)


__all__ = ["KeyMaterial"]
