"""A verification method's ``type`` must fit its key material (and never carry private keys)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.errors import InvalidVerificationMethodError
from microcred.keys import Key, base58btc_encode, multibase_decode
from microcred.resolve import key_for_verification_method

VM = "https://registrar.example.edu/issuer#k"
CONTROLLER = "https://registrar.example.edu/issuer"


def material(keys: dict[str, Key], kind: str, name: str) -> dict[str, Any]:
    key = keys[name]
    if kind == "multibase":
        return {"publicKeyMultibase": key.public_key_multibase}
    if kind == "jwk":
        return {"publicKeyJwk": {k: v for k, v in key.to_jwk().items() if k != "kid"}}
    raw = multibase_decode(key.public_key_multibase)[2:]
    return {"publicKeyBase58": base58btc_encode(raw)}


FITS = [
    ("Multikey", "multibase", "Ed25519"),
    ("Multikey", "multibase", "P-256"),
    ("Multikey", "multibase", "P-384"),
    ("Multikey", "multibase", "secp256k1"),
    ("JsonWebKey", "jwk", "RSA"),
    ("JsonWebKey", "jwk", "Ed25519"),
    ("JsonWebKey2020", "jwk", "P-384"),
    ("JsonWebKey2020", "jwk", "secp256k1"),
    ("Ed25519VerificationKey2020", "multibase", "Ed25519"),
    ("Ed25519VerificationKey2018", "base58", "Ed25519"),
    ("Ed25519VerificationKey2018", "jwk", "Ed25519"),
    ("EcdsaSecp256k1VerificationKey2019", "jwk", "secp256k1"),
    ("EcdsaSecp256k1VerificationKey2019", "base58", "secp256k1"),
]

MISFITS = [
    ("Multikey", "jwk", "Ed25519", "carries publicKeyMultibase"),
    ("JsonWebKey", "multibase", "P-256", "carries publicKeyJwk"),
    ("Ed25519VerificationKey2020", "multibase", "P-256", "cannot hold a P-256 key"),
    ("Ed25519VerificationKey2020", "jwk", "Ed25519", "carries publicKeyMultibase"),
    ("EcdsaSecp256k1VerificationKey2019", "jwk", "P-256", "cannot hold a P-256 key"),
    ("Ed25519VerificationKey2018", "jwk", "P-384", "cannot hold a P-384 key"),
    ("Ed25519VerificationKey2018", "base58", "P-256", "32 bytes"),
    ("RsaVerificationKey2018", "jwk", "RSA", "unsupported verification method type"),
]


@pytest.mark.parametrize(("vm_type", "kind", "name"), FITS, ids=[f"{t}-{k}-{n}" for t, k, n in FITS])
def test_material_fits_type(keys: dict[str, Key], vm_type: str, kind: str, name: str) -> None:
    method = {"id": VM, "type": vm_type, "controller": CONTROLLER, **material(keys, kind, name)}
    key = key_for_verification_method(method, vm_id=VM, controller=CONTROLLER)
    assert key.key_type == name and key.thumbprint() == keys[name].thumbprint()
    assert key.kid == VM and key.controller == CONTROLLER and not key.is_private


@pytest.mark.parametrize(
    ("vm_type", "kind", "name", "match"), MISFITS, ids=[f"{t}-{k}-{n}" for t, k, n, _ in MISFITS]
)
def test_material_does_not_fit_type(
    keys: dict[str, Key], vm_type: str, kind: str, name: str, match: str
) -> None:
    method = {"id": VM, "type": vm_type, "controller": CONTROLLER, **material(keys, kind, name)}
    with pytest.raises(InvalidVerificationMethodError, match=match):
        key_for_verification_method(method, vm_id=VM, controller=CONTROLLER)


@pytest.mark.parametrize(
    "extra",
    [
        {"secretKeyMultibase": "z3u2"},
        {"privateKeyJwk": {}},
        {"privateKeyMultibase": "z3u2"},
        {"publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "AA", "d": "AA"}},
    ],
)
def test_private_material_is_refused(keys: dict[str, Key], extra: dict[str, Any]) -> None:
    method = {
        "id": VM,
        "type": "Multikey",
        "controller": CONTROLLER,
        **material(keys, "multibase", "Ed25519"),
    }
    if "publicKeyJwk" in extra:
        method = {"id": VM, "type": "JsonWebKey", "controller": CONTROLLER}
    method.update(extra)
    with pytest.raises(InvalidVerificationMethodError, match="private key material"):
        key_for_verification_method(method, vm_id=VM, controller=CONTROLLER)


def test_two_key_materials_are_ambiguous(keys: dict[str, Key]) -> None:
    method = {
        "id": VM,
        "type": "Multikey",
        "controller": CONTROLLER,
        **material(keys, "multibase", "Ed25519"),
        **material(keys, "jwk", "Ed25519"),
    }
    with pytest.raises(InvalidVerificationMethodError, match="exactly one"):
        key_for_verification_method(method, vm_id=VM, controller=CONTROLLER)


def test_jwk_alg_in_a_method_pins_the_algorithm(keys: dict[str, Key]) -> None:
    jwk = {**material(keys, "jwk", "RSA")["publicKeyJwk"], "alg": "PS256"}
    method = {"id": VM, "type": "JsonWebKey", "controller": CONTROLLER, "publicKeyJwk": jwk}
    key = key_for_verification_method(method, vm_id=VM, controller=CONTROLLER)
    assert key.allowed_algs == ("PS256",)
    signature = keys["RSA"].sign(b"x", "RS256")
    assert not key.verify(b"x", signature, "RS256")
