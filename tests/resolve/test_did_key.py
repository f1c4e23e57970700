"""did:key resolution: the did:key test vectors, the document shape, and every invalid-DID error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from microcred.errors import MicrocredError, UnsupportedDidMethodError, VerificationMethodNotFoundError
from microcred.keys import Key, base58btc_decode, did_key_for
from microcred.keys.key_types import key_type
from microcred.resolve import DidKeyResolver

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "did-key"
VALID = json.loads((VECTORS / "valid.json").read_text())["vectors"]
INVALID = json.loads((VECTORS / "invalid.json").read_text())["cases"]


def _private_key(vector: dict[str, Any]) -> Key:
    if "seedHex" in vector:
        return Key(ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["seedHex"])))
    if "privateKeyBase58" in vector:
        scalar = int.from_bytes(base58btc_decode(vector["privateKeyBase58"]), "big")
        return Key(ec.derive_private_key(scalar, ec.SECP256K1()))
    return Key.from_jwk({**vector["publicKeyJwk"], "d": vector["d"]})


@pytest.mark.parametrize("vector", VALID, ids=[v["did"][8:24] for v in VALID])
def test_did_key_vectors(vector: dict[str, Any]) -> None:
    did = vector["did"]
    method = DidKeyResolver().resolve(did + "#" + did.split(":")[-1])
    assert method.key.key_type == vector["keyType"]
    if "publicKeyJwk" in vector:
        jwk = method.key.to_jwk()
        assert (jwk["x"], jwk["y"]) == (vector["publicKeyJwk"]["x"], vector["publicKeyJwk"]["y"])
    else:
        fmt = (
            serialization.PublicFormat.Raw
            if vector["keyType"] == "Ed25519"
            else (serialization.PublicFormat.CompressedPoint)
        )
        enc = serialization.Encoding.Raw if vector["keyType"] == "Ed25519" else serialization.Encoding.X962
        assert method.key.public_key.public_bytes(enc, fmt) == base58btc_decode(vector["publicKeyBase58"])
    private = _private_key(vector)
    assert did_key_for(private) == did
    assert Key.from_cryptography(private.private_key, did="key").kid == method.id
    assert method.key.verify(b"vc", private.sign(b"vc"))


def test_did_key_document_shape(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    assert key.did is not None and key.kid is not None
    doc = DidKeyResolver().resolve_did(key.did)
    assert doc["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert doc["id"] == key.did
    assert doc["verificationMethod"] == [
        {
            "id": key.kid,
            "type": "Multikey",
            "controller": key.did,
            "publicKeyMultibase": key.public_key_multibase,
        }
    ]
    for rel in ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"):
        assert doc[rel] == [key.kid]
    assert "keyAgreement" not in doc


@pytest.mark.parametrize("fmt", ["JsonWebKey2020", "Ed25519VerificationKey2020"])
def test_did_key_other_public_key_formats(keys: dict[str, Key], fmt: str) -> None:
    key = keys["Ed25519"]
    assert key.kid is not None
    method = DidKeyResolver(fmt).resolve(key.kid)  # type: ignore[arg-type]
    assert method.type == fmt and method.key.thumbprint() == key.thumbprint()
    if fmt == "JsonWebKey2020":
        assert method.document["publicKeyJwk"] == {k: v for k, v in key.to_jwk().items() if k != "kid"}


def test_ed25519_2020_format_refuses_other_curves(keys: dict[str, Key]) -> None:
    assert keys["P-256"].did is not None
    with pytest.raises(MicrocredError, match="Ed25519VerificationKey2020"):
        DidKeyResolver("Ed25519VerificationKey2020").resolve_did(keys["P-256"].did)


@pytest.mark.parametrize("name", ["Ed25519", "P-256", "P-384", "secp256k1"])
def test_relationships_and_controller(keys: dict[str, Key], name: str) -> None:
    key = keys[name]
    assert key.kid is not None
    method = DidKeyResolver().resolve(key.kid)
    assert method.id == key.kid and method.controller == key.did and method.type == "Multikey"
    assert method.relationships == {
        "authentication",
        "assertionMethod",
        "capabilityInvocation",
        "capabilityDelegation",
    }
    assert not method.key.is_private and method.key.kid == key.kid


def test_did_without_fragment_names_its_single_key(keys: dict[str, Key]) -> None:
    key = keys["P-384"]
    assert key.did is not None
    assert DidKeyResolver().resolve(key.did).id == key.kid


def test_unknown_fragment_and_other_methods(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    with pytest.raises(VerificationMethodNotFoundError):
        DidKeyResolver().resolve(f"{key.did}#other")
    with pytest.raises(UnsupportedDidMethodError):
        DidKeyResolver().resolve("did:jwk:abc#0")
    with pytest.raises(MicrocredError):
        DidKeyResolver().resolve(f"{key.did}/path#x")


@pytest.mark.parametrize("case", INVALID, ids=[c["why"] for c in INVALID])
def test_invalid_did_keys(case: dict[str, str]) -> None:
    with pytest.raises(MicrocredError) as info:
        DidKeyResolver().resolve_did(case["did"])
    assert info.value.code == case["code"]
    assert info.value.details["didKeyError"] == case["didKeyError"]
    with pytest.raises(MicrocredError) as info2:  # also through the verification method id
        DidKeyResolver().resolve(case["did"] + "#x")
    assert info2.value.code == case["code"]


def test_every_multikey_type_has_a_did_key() -> None:
    for name in ("Ed25519", "P-256", "P-384", "P-521", "secp256k1"):
        kt = key_type(name)
        key = Key.generate(name)
        assert key.public_key_multibase.startswith("z")
        assert DidKeyResolver().resolve(key.kid or "").key.key_type == kt.name
