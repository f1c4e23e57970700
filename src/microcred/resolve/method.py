"""Verification methods (Controlled Identifiers 1.0 §2.2 "Verification Methods") and the resolver protocol.

A :class:`VerificationMethod` is what a resolver returns for a verification method id: the public
:class:`Key`, who controls it, and the verification relationships (``assertionMethod``, ``authentication``, …)
under which its controller lists it. An assertion proof needs a key listed under ``assertionMethod``.

:func:`key_for_verification_method` turns a verification method's JSON into a key and checks that the key
material fits the method's ``type`` (a ``Multikey`` carries ``publicKeyMultibase``, a ``JsonWebKey`` carries
``publicKeyJwk``, an ``Ed25519VerificationKey2020`` holds an Ed25519 key, …). Private key material in a
verification method is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import InvalidVerificationMethodError, KeyMaterialError, MicrocredError
from ..keys import Key, base58btc_decode, private_members
from ..keys.jwk import PublicKey
from ..keys.key_types import key_type
from ..keys.multikey import public_key_from_raw

#: The verification relationships of DID Core §5.3 / Controlled Identifiers §2.3.
RELATIONSHIPS: tuple[str, ...] = (
    "authentication",
    "assertionMethod",
    "keyAgreement",
    "capabilityInvocation",
    "capabilityDelegation",
)

#: DID methods whose DID documents hold exactly one key, so that the DID alone names it.
SINGLE_KEY_DID_PREFIXES: tuple[str, ...] = ("did:key:", "did:jwk:")

#: Relationships a statically configured key gets unless its entry says otherwise.
DEFAULT_RELATIONSHIPS: frozenset[str] = frozenset({"assertionMethod", "authentication"})

#: Members that carry key material; exactly one must be present.
KEY_MATERIAL_MEMBERS: tuple[str, ...] = (
    "publicKeyMultibase",
    "publicKeyJwk",
    "publicKeyBase58",
    "publicKeyHex",
    "publicKeyPem",
    "publicKeyBase64",
)

#: Members that would carry private key material: a published verification method must not have them.
PRIVATE_KEY_MEMBERS: tuple[str, ...] = (
    "secretKeyMultibase",
    "privateKeyMultibase",
    "privateKeyJwk",
    "secretKeyJwk",
    "privateKeyBase58",
    "privateKeyHex",
    "privateKeyPem",
)

_EC_LIKE = frozenset({"Ed25519", "P-256", "P-384", "P-521", "secp256k1"})
_ANY = frozenset({"Ed25519", "P-256", "P-384", "P-521", "secp256k1", "RSA"})

#: type -> (allowed key-material members, allowed key types).
VERIFICATION_METHOD_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Multikey": (frozenset({"publicKeyMultibase"}), _EC_LIKE),
    "JsonWebKey": (frozenset({"publicKeyJwk"}), _ANY),
    "JsonWebKey2020": (frozenset({"publicKeyJwk"}), _ANY),
    "Ed25519VerificationKey2020": (frozenset({"publicKeyMultibase"}), frozenset({"Ed25519"})),
    "Ed25519VerificationKey2018": (frozenset({"publicKeyBase58", "publicKeyJwk"}), frozenset({"Ed25519"})),
    "EcdsaSecp256k1VerificationKey2019": (
        frozenset({"publicKeyJwk", "publicKeyBase58"}),
        frozenset({"secp256k1"}),
    ),
}


@dataclass(frozen=True)
class VerificationMethod:
    """A resolved verification method: its public key and the relationships its controller grants it."""

    id: str
    type: str
    controller: str
    #: The public key (never the private half).
    key: Key
    #: Verification relationships the controller lists this method under, e.g. ``{"assertionMethod"}``.
    relationships: frozenset[str]
    #: The verification method's JSON as published (or as configured).
    document: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def allows(self, relationship: str) -> bool:
        """Does the controller list this method under ``relationship`` (e.g. ``assertionMethod``)?"""
        return relationship in self.relationships

    def named_by(self, url: str) -> bool:
        """Is this the method ``url`` dereferences to (Controlled Identifiers 1.0 §3.3)?

        Its own id, or, for the single-key DID methods (did:key, did:jwk), the bare DID: a DID without a fragment
        names its one key, as the did:key driver (Digital Bazaar) and the 1EdTech Open Badges 3.0 validator read
        a ``verificationMethod`` such as ``did:key:z6Mk...``.
        """
        if url == self.id:
            return True
        single_key = url.startswith(SINGLE_KEY_DID_PREFIXES) and "#" not in url
        return single_key and self.id.split("#", 1)[0] == url


@runtime_checkable
class Resolver(Protocol):
    """Anything that dereferences a verification method id (DID URL or URL) to a :class:`VerificationMethod`.

    Raises :class:`~microcred.errors.ResolutionError` (or a subclass) with a clear message when it cannot.
    """

    def resolve(self, url: str) -> VerificationMethod:
        """The verification method for ``url``; a ResolutionError when it cannot be resolved."""


def _raw_base58_key(value: Any, key_type_name: str, where: str) -> PublicKey:
    if not isinstance(value, str):
        raise KeyMaterialError("publicKeyBase58 must be a string")
    raw = base58btc_decode(value, what=f"{where}.publicKeyBase58")
    kt = key_type(key_type_name)
    if kt.name == "secp256k1" and len(raw) == 65:
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(kt.curve(), raw)
        except ValueError as exc:
            raise KeyMaterialError("the secp256k1 public key is not a point on the curve") from exc
    expected = 32 if kt.name == "Ed25519" else 33
    if len(raw) != expected:
        raise KeyMaterialError(f"a raw {kt.name} publicKeyBase58 is {expected} bytes, not {len(raw)}")
    return public_key_from_raw(kt, raw)


def key_for_verification_method(
    method: Mapping[str, Any], *, vm_id: str, controller: str, where: str | None = None
) -> Key:
    """The public :class:`Key` of a verification method's JSON, checked against its ``type``.

    Raises :class:`InvalidVerificationMethodError` (with ``path``) when the method is malformed, its key
    material does not fit its type, or it carries private key material.
    """
    here = where or vm_id
    vm_type = method.get("type")
    try:
        if not isinstance(vm_type, str):
            raise KeyMaterialError("'type' must be a string")
        secrets = [m for m in PRIVATE_KEY_MEMBERS if m in method]
        if secrets:
            raise KeyMaterialError(
                f"a verification method must not carry private key material ({', '.join(secrets)})"
            )
        spec = VERIFICATION_METHOD_TYPES.get(vm_type)
        if spec is None:
            known = ", ".join(VERIFICATION_METHOD_TYPES)
            raise KeyMaterialError(f"unsupported verification method type {vm_type!r} (supported: {known})")
        allowed_members, allowed_types = spec
        present = [m for m in KEY_MATERIAL_MEMBERS if m in method]
        if len(present) != 1:
            found = ", ".join(present) or "none"
            raise KeyMaterialError(f"exactly one key material member is required (found: {found})")
        member = present[0]
        if member not in allowed_members:
            raise KeyMaterialError(
                f"a {vm_type} carries {' or '.join(sorted(allowed_members))}, not {member}"
            )
        value = method[member]
        if member == "publicKeyJwk":
            if not isinstance(value, Mapping):
                raise KeyMaterialError("publicKeyJwk must be a JSON object")
            secret = private_members(value)
            if secret:
                raise KeyMaterialError(f"publicKeyJwk carries private key material ({', '.join(secret)})")
            key = Key.from_jwk(value)
        elif member == "publicKeyMultibase":
            if not isinstance(value, str):
                raise KeyMaterialError("publicKeyMultibase must be a string")
            key = Key.from_multibase(value)
        else:
            key = Key(_raw_base58_key(value, next(iter(allowed_types)), here))
        if key.key_type not in allowed_types:
            raise KeyMaterialError(f"a {vm_type} cannot hold a {key.key_type} key")
        return key.with_kid(vm_id, controller=controller).public()
    except MicrocredError as exc:
        path = f"{here}.{exc.path}" if exc.path else here
        raise InvalidVerificationMethodError(
            f"verification method {vm_id}: {exc.message}", path=path, details={"cause": exc.code}
        ) from exc


def make_verification_method(
    method: Mapping[str, Any],
    *,
    vm_id: str,
    controller: str,
    relationships: frozenset[str],
    where: str | None = None,
) -> VerificationMethod:
    """Build a :class:`VerificationMethod` from JSON that has already been located and authorised."""
    key = key_for_verification_method(method, vm_id=vm_id, controller=controller, where=where)
    return VerificationMethod(
        id=vm_id,
        type=str(method["type"]),
        controller=controller,
        key=key,
        relationships=relationships,
        document=dict(method),
    )
