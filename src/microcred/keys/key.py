"""``Key``: one signing key (or its public half) read from, and written to, the key formats.

A :class:`Key` is a :class:`~microcred.keys.key_material.KeyMaterial` (the key, its type and algorithms, ``kid``,
DID, controller, certificate chain and signatures) plus its formats: generated fresh, wrapped from
``cryptography`` or ``jwcrypto``, read from a JWK (RFC 7517, with ``x5c``), PEM, a Multikey pair, a
verification-method key pair document or a key file (bounded by :data:`MAX_KEY_FILE_BYTES`), and written back
as JWK, PEM, Multikey or a key file (atomically, mode 0600 when private).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..errors import InputError, KeyMaterialError, UsageError
from ..jsonio import dumps_pretty, loads_strict, write_atomic
from . import dids
from .jwk import PrivateKey, PublicKey, parse_jwk, private_jwk_members, public_jwk, raw_public_bytes
from .key_material import KeyMaterial
from .key_types import GENERATABLE, MIN_RSA_BITS, key_type
from .multikey import (
    encode_public_multikey,
    encode_secret_multikey,
    private_key_from_multikey,
    public_key_from_multikey,
)

if TYPE_CHECKING:  # cryptography.x509 is imported only where a certificate is handled (keys/__init__.py)
    from cryptography import x509 as cx509

DidMethod = Literal["key", "jwk"]

#: Largest key file microcred reads.
MAX_KEY_FILE_BYTES = 1024 * 1024


class Key(KeyMaterial):
    """A signing key (private) or verification key (public only); immutable, ``with_*`` make copies."""

    __slots__ = ()

    # -- construction ----------------------------------------------------------------------------------------
    @classmethod
    def generate(
        cls,
        alg: str,
        *,
        did: DidMethod | None = "key",
        kid: str | None = None,
        rsa_bits: int = 2048,
    ) -> Key:
        """A fresh key of type ``alg`` (``Ed25519``, ``P-256``, ``P-384``, ``P-521``, ``secp256k1``, ``RSA``).

        ``did="key"`` / ``"jwk"`` makes the key's DID and sets ``kid`` to its verification method id; with
        ``did=None`` the ``kid`` is what you pass (or None).
        """
        if alg not in GENERATABLE:
            raise UsageError(f"cannot generate {alg!r} keys; choose one of {', '.join(GENERATABLE)}")
        kt = key_type(alg)
        private: PrivateKey
        if kt.kty == "OKP":
            private = ed25519.Ed25519PrivateKey.generate()
        elif kt.kty == "EC":
            private = ec.generate_private_key(kt.curve())
        else:
            if rsa_bits < MIN_RSA_BITS:
                raise KeyMaterialError(f"RSA keys must have at least {MIN_RSA_BITS} bits, not {rsa_bits}")
            private = rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
        return cls.from_cryptography(private, did=did, kid=kid)

    @classmethod
    def from_cryptography(
        cls, key: PrivateKey | PublicKey, *, did: DidMethod | None = None, kid: str | None = None
    ) -> Key:
        """Wrap a ``cryptography`` key; ``did="key"``/``"jwk"`` derives DID and kid like :meth:`generate`."""
        if did is None:
            return cls(key, kid=kid)
        if did not in ("key", "jwk"):
            raise UsageError(f"did must be 'key', 'jwk' or None, not {did!r}")
        plain = cls(key)
        the_did = dids.did_key_for(plain) if did == "key" else dids.did_jwk_for(plain)
        vm_id = dids.verification_method_id(the_did)
        if kid is not None and kid != vm_id:
            raise UsageError(f"kid {kid!r} conflicts with did:{did}; its verification method id is {vm_id}")
        return cls(key, kid=vm_id, did=the_did)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any] | str, *, kid: str | None = None) -> Key:
        """Load a JWK (dict or JSON text). Its ``kid``, ``alg`` and ``x5c`` are kept; ``kid=`` overrides."""
        data = loads_strict(jwk, source="JWK") if isinstance(jwk, str | bytes) else jwk
        if not isinstance(data, Mapping):
            raise KeyMaterialError("a JWK must be a JSON object")
        if "keys" in data and "kty" not in data:
            raise KeyMaterialError("this is a JWK Set; pass one of its keys")
        _, public, private, alg = parse_jwk(data)
        chain: list[cx509.Certificate] = []
        if data.get("x5c") is not None:
            if not isinstance(data["x5c"], list):
                raise KeyMaterialError("JWK 'x5c' must be an array of base64 certificates", path="x5c")
            from .x509 import load_certificate_chain

            chain = load_certificate_chain(data["x5c"])
        the_kid = kid if kid is not None else data.get("kid")
        if the_kid is not None and not isinstance(the_kid, str):
            raise KeyMaterialError("JWK 'kid' must be a string", path="kid")
        return cls(private or public, kid=the_kid, certificate_chain=chain, alg=alg)

    @classmethod
    def from_pem(
        cls, data: bytes | str, password: bytes | str | None = None, *, kid: str | None = None
    ) -> Key:
        """Load a PEM private key, public key and/or certificate chain (leaf first)."""
        from .pem import read_pem

        key, chain = read_pem(data, password)
        return cls(key, kid=kid, certificate_chain=chain)

    @classmethod
    def from_multibase(
        cls, public_multibase: str, secret_multibase: str | None = None, *, kid: str | None = None
    ) -> Key:
        """Load a Multikey pair (``z6Mk…`` Ed25519, ``zDna…`` P-256, ``z82L…`` P-384, ``zQ3s…`` secp256k1)."""
        kt, public = public_key_from_multikey(public_multibase)
        if secret_multibase is None:
            return cls(public, kid=kid)
        skt, private = private_key_from_multikey(secret_multibase)
        if skt is not kt or raw_public_bytes(private.public_key()) != raw_public_bytes(public):
            raise KeyMaterialError("secretKeyMultibase does not belong to publicKeyMultibase")
        return cls(private, kid=kid)

    @classmethod
    def from_verification_method(cls, method: Mapping[str, Any]) -> Key:
        """Load a key pair document: ``publicKeyMultibase`` (+ ``secretKeyMultibase``/``privateKeyMultibase``)
        or ``publicKeyJwk`` (+ ``secretKeyJwk``/``privateKeyJwk``); ``id`` (``#frag`` resolved against
        ``controller``) becomes the kid. The shape of the W3C test-vector key files."""
        ident = method.get("id")
        controller = method.get("controller")
        kid: str | None = ident if isinstance(ident, str) else None
        if kid and kid.startswith("#") and isinstance(controller, str):
            kid = controller + kid
        secret_jwk = method.get("secretKeyJwk") or method.get("privateKeyJwk")
        if secret_jwk is not None or method.get("publicKeyJwk") is not None:
            key = cls.from_jwk(secret_jwk if secret_jwk is not None else method["publicKeyJwk"], kid=kid)
            published = method.get("publicKeyJwk")
            if (
                secret_jwk is not None
                and published is not None
                and cls.from_jwk(published).thumbprint() != (key.thumbprint())
            ):
                raise KeyMaterialError("publicKeyJwk and the private JWK are different keys")
        elif isinstance(method.get("publicKeyMultibase"), str):
            secret = method.get("secretKeyMultibase") or method.get("privateKeyMultibase")
            key = cls.from_multibase(method["publicKeyMultibase"], secret, kid=kid)
        else:
            raise KeyMaterialError("no publicKeyJwk or publicKeyMultibase in the key description")
        if isinstance(controller, str) and key.controller != controller:
            return key._copy(controller=controller)
        return key

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, password: bytes | str | None = None) -> Key:
        """Load a key file: JWK JSON (may carry ``kid`` and ``x5c``), a key-pair JSON, or PEM."""
        p = Path(path)
        try:
            if p.stat().st_size > MAX_KEY_FILE_BYTES:
                raise InputError(
                    f"{p} is larger than {MAX_KEY_FILE_BYTES} bytes; not a key file", path=str(p)
                )
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read key file {p}: {exc.strerror or exc}", path=str(p)) from exc
        return cls.from_bytes(raw, source=str(p), password=password)

    @classmethod
    def from_bytes(cls, raw: bytes, *, source: str = "<key>", password: bytes | str | None = None) -> Key:
        """Parse the content of a key file (JWK JSON, key-pair JSON or PEM); errors name ``source``."""
        try:
            if raw.lstrip().startswith(b"{"):
                data = loads_strict(raw, source=source)
                if isinstance(data, dict) and "kty" not in data and "keys" not in data:
                    return cls.from_verification_method(data)
                return cls.from_jwk(data)
            return cls.from_pem(raw, password)
        except KeyMaterialError as exc:
            raise KeyMaterialError(
                f"{source}: {exc.message}", path=exc.path or source, details=exc.details
            ) from exc

    @classmethod
    def from_jwcrypto(cls, jwk: Any, *, kid: str | None = None) -> Key:
        """A key from a ``jwcrypto.jwk.JWK`` (with its private half when it has one), checked like any JWK."""
        try:
            exported = jwk.export(private_key=bool(jwk.has_private), as_dict=True)
        except Exception as exc:  # jwcrypto raises its own exception types
            raise KeyMaterialError(f"cannot export the jwcrypto key: {exc}") from exc
        return cls.from_jwk(exported, kid=kid)

    @classmethod
    def coerce(cls, key: Any) -> Key:
        """``key`` itself, or a ``jwcrypto.jwk.JWK`` made into a :class:`Key`: what every API taking a key accepts."""
        if isinstance(key, Key):
            return key
        if type(key).__module__.split(".", 1)[0] == "jwcrypto":
            return cls.from_jwcrypto(key)
        raise UsageError(f"expected a microcred Key or a jwcrypto JWK, not {type(key).__name__}")

    # -- copies and exports ----------------------------------------------------------------------------------
    def _copy(self, *, key: PrivateKey | PublicKey | None = None, **changes: Any) -> Key:
        args: dict[str, Any] = {
            "kid": self._kid,
            "did": self._did,
            "controller": self._controller,
            "certificate_chain": self._chain,
            "alg": self._alg,
        }
        args.update(changes)
        return Key(key if key is not None else (self._private or self._public), **args)

    def public(self) -> Key:
        """The public half, with the same kid, DID, controller and chain."""
        if type(self) is not Key:  # a subclass (a key held by a signer) knows how it copies
            return self._copy(key=self._public)
        if self._private is None:
            return self  # immutable: the public half of a public key is itself
        # everything was checked when this key was made; the public half changes none of it
        half = object.__new__(Key)
        for name in KeyMaterial.__slots__:
            setattr(half, name, getattr(self, name))
        half._private = None
        return half

    def with_kid(self, kid: str, *, controller: str | None = None) -> Key:
        """A copy of this key with another kid (and controller)."""
        return self._copy(kid=kid, did=None, controller=controller)

    def with_certificate_chain(self, chain: Sequence[cx509.Certificate]) -> Key:
        """A copy of this key with an X.509 certificate chain (leaf first)."""
        return self._copy(certificate_chain=tuple(chain))

    @property
    def public_key_multibase(self) -> str:
        """Multikey public key (``z6Mk…``, ``zDna…``, ``z82L…``, ``z2J9…``, ``zQ3s…``); not for RSA."""
        return encode_public_multikey(self._kt, self._public)

    @property
    def secret_key_multibase(self) -> str:
        """Multikey secret key (``z3u2…`` Ed25519, ``z42t…`` P-256, …); not for RSA or public-only keys."""
        return encode_secret_multikey(self._kt, self.private_key)

    def to_jwk(self, private: bool = False) -> dict[str, Any]:
        """The JWK (public unless ``private=True``), with ``kid``, pinned ``alg`` and ``x5c`` when set."""
        out: dict[str, Any] = dict(public_jwk(self._public, self._kt))
        if private:
            out.update(private_jwk_members(self.private_key, self._kt))
        if self._kid:
            out["kid"] = self._kid
        if self._alg:
            out["alg"] = self._alg
        if self._chain:
            from .x509 import x5c_encode

            out["x5c"] = x5c_encode(self._chain)
        return out

    def to_jwcrypto(self, private: bool = False) -> Any:
        """The key as a ``jwcrypto.jwk.JWK`` (for code that uses jwcrypto's JWS)."""
        from jwcrypto.jwk import JWK

        return JWK(**self.to_jwk(private=private))

    def to_pem(self, private: bool = False, password: bytes | str | None = None) -> bytes:
        """PKCS#8 (private) or SubjectPublicKeyInfo (public) PEM."""
        if not private:
            return self._public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        secret = password.encode("utf-8") if isinstance(password, str) else password
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
        )
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def save(self, path: str | os.PathLike[str], *, private: bool = True) -> Path:
        """Write the JWK atomically; a private key file is created with mode 0600."""
        jwk = self.to_jwk(private=private)
        return write_atomic(path, dumps_pretty(jwk), mode=0o600 if private else 0o644)

    def describe(self) -> dict[str, Any]:
        """A short JSON-able summary (no private material)."""
        out: dict[str, Any] = {"keyType": self.key_type, "alg": self.alg, "kid": self._kid, "did": self._did}
        if self._kt.public_codec is not None:
            out["publicKeyMultibase"] = self.public_key_multibase
        out["thumbprint"] = self.thumbprint()
        return out


__all__ = ["DidMethod", "Key"]
