"""Published key material loads, round-trips (Multikey <-> JWK) and verifies published signatures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.keys import Key, b64url_decode_strict, multibase_decode

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "keys"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


MULTIKEY_PAIRS = {
    "vc-di-eddsa-keyPair.json": ("Ed25519", "privateKeyMultibase"),
    "vc-di-ecdsa-p256KeyPair.json": ("P-256", "secretKeyMultibase"),
    "vc-di-ecdsa-p384KeyPair.json": ("P-384", "secretKeyMultibase"),
}


@pytest.mark.parametrize("name", sorted(MULTIKEY_PAIRS))
def test_multikey_pairs_round_trip(name: str) -> None:
    key_type, secret_member = MULTIKEY_PAIRS[name]
    pair = load(name)
    key = Key.from_multibase(pair["publicKeyMultibase"], pair[secret_member])
    assert key.key_type == key_type
    assert key.public_key_multibase == pair["publicKeyMultibase"]
    assert key.secret_key_multibase == pair[secret_member]
    via_jwk = Key.from_jwk(key.to_jwk(private=True))
    assert via_jwk.public_key_multibase == pair["publicKeyMultibase"]
    assert via_jwk.secret_key_multibase == pair[secret_member]
    assert via_jwk.verify(b"x", key.sign(b"x"))


def test_multikey_headers_are_the_registered_ones() -> None:
    assert multibase_decode(load("vc-di-eddsa-keyPair.json")["privateKeyMultibase"])[:2] == b"\x80\x26"
    assert multibase_decode(load("vc-di-ecdsa-p256KeyPair.json")["secretKeyMultibase"])[:2] == b"\x86\x26"
    assert multibase_decode(load("vc-di-ecdsa-p384KeyPair.json")["secretKeyMultibase"])[:2] == b"\x87\x26"
    assert multibase_decode(load("vc-di-ecdsa-p384KeyPair.json")["publicKeyMultibase"])[:2] == b"\x81\x24"


def test_openbadges_eddsa_vector_key_and_signature() -> None:
    vector = load("ob-eddsa-rdfc-2022-key.json")
    key = Key.from_multibase(vector["publicKeyMultibase"], vector["secretKeyMultibase"])
    raw_public = multibase_decode(vector["publicKeyMultibase"])[2:]
    assert raw_public.hex() == vector["publicKeyHex"]
    assert multibase_decode(vector["secretKeyMultibase"])[2:].hex() == vector["privateKeyHex_seedPlusPublic"]
    data = bytes.fromhex(vector["dataToSignHex_proofHashThenDocHash"])
    signature = bytes.fromhex(vector["signatureHex"])
    assert key.public().verify(data, signature)
    assert key.sign(data) == signature  # Ed25519 is deterministic
    assert multibase_decode(vector["proofValue"]) == signature
    assert not key.verify(data[:-1], signature)


@pytest.mark.parametrize("name", ["keypair_0", "keypair_1"])
def test_jws2020_keypairs_load(name: str) -> None:
    pair = load("jws2020-keypairs.json")[name]
    key = Key.from_verification_method(pair)
    assert key.is_private
    assert key.kid == pair["controller"] + pair["id"]
    assert key.did == pair["controller"]
    assert key.to_jwk()["x"] == pair["publicKeyJwk"]["x"]
    # the controller is the did:key of the same key: Multikey and JWK agree
    assert key.did == "did:key:" + key.public_key_multibase


def test_jws2020_p384_keypair_has_a_pre_standard_did_key() -> None:
    pair = load("jws2020-keypairs.json")["keypair_2"]
    with pytest.raises(Exception, match="DID is invalid"):
        Key.from_verification_method(pair)
    key = Key.from_jwk(pair["privateKeyJwk"], kid="https://example.com/issuer/123#p384")
    assert key.key_type == "P-384" and key.public_key_multibase.startswith("z82L")


@pytest.mark.parametrize("name", ["p256", "p384", "p521", "ed25519", "did-ed25519"])
def test_vc_jose_cose_verification_methods(name: str) -> None:
    method = load(f"vc-jose-cose-vm-{name}.json")
    key = Key.from_verification_method(method)
    assert key.is_private
    assert key.kid == method["id"] and key.controller == method["controller"]
    assert key.allowed_algs == (method["publicKeyJwk"]["alg"],)
    assert key.to_jwk() == {**method["publicKeyJwk"], "kid": method["id"]}
    assert key.verify(b"m", key.sign(b"m"))


def test_vc_jose_cose_spec_example_key() -> None:
    data = load("vc-jose-cose-spec-example-key-p384.json")
    key = Key.from_jwk(data["privateKeyJwk"])
    assert key.kid == data["privateKeyJwk"]["kid"] and key.allowed_algs == ("ES384",)
    assert key.thumbprint() == data["publicKeyJwk"]["kid"]  # the kid is the RFC 7638 thumbprint
    assert Key.from_jwk(data["publicKeyJwk"]) == key.public()


def test_vc_jose_cose_key_rejects_a_mismatched_public_jwk() -> None:
    method = load("vc-jose-cose-vm-p256.json")
    other = Key.generate("P-256").to_jwk()
    with pytest.raises(Exception, match="different keys"):
        Key.from_verification_method({**method, "publicKeyJwk": other})


def test_jwk_coordinates_survive_decoding() -> None:
    method = load("vc-jose-cose-vm-p521.json")
    assert len(b64url_decode_strict(method["publicKeyJwk"]["x"])) == 66
