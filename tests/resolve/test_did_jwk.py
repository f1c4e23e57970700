"""did:jwk resolution: spec examples, generated DIDs, and rejections (private members first of all)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import MicrocredError
from microcred.keys import Key, b64url_decode_strict, parse_did_jwk
from microcred.resolve import DidJwkResolver

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "did-jwk"
VALID = json.loads((VECTORS / "valid.json").read_text())["vectors"]
INVALID = json.loads((VECTORS / "invalid.json").read_text())["cases"]


@pytest.mark.parametrize("vector", VALID, ids=[v["name"] for v in VALID])
def test_spec_examples(vector: dict[str, Any]) -> None:
    doc = DidJwkResolver().resolve_did(vector["did"])
    assert doc["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]
    assert doc["id"] == vector["did"]
    [method] = doc["verificationMethod"]
    assert method == {
        "id": vector["did"] + "#0",
        "type": "JsonWebKey2020",
        "controller": vector["did"],
        "publicKeyJwk": vector["publicKeyJwk"],
    }
    relationships = {r for r in doc if r not in ("@context", "id", "verificationMethod")}
    assert relationships == set(vector["relationships"])
    for rel in relationships:
        assert doc[rel] == [vector["did"] + "#0"]
    if vector["signatureKey"]:
        resolved = DidJwkResolver().resolve(vector["did"] + "#0")
        assert resolved.relationships == set(vector["relationships"])
        assert resolved.key.to_jwk()["x"] == vector["publicKeyJwk"]["x"]


@pytest.mark.parametrize("name", ["Ed25519", "P-256", "P-384", "secp256k1", "RSA"])
def test_generated_did_jwk(name: str, keys: dict[str, Key]) -> None:
    key = keys[name] if name == "RSA" else Key.generate(name, did="jwk")
    assert key.did is not None and key.kid == key.did + "#0"
    jwk = parse_did_jwk(key.did)
    assert jwk["use"] == "sig" and "d" not in jwk and "kid" not in jwk
    assert list(json.loads(b64url_decode_strict(key.did[8:]))) == sorted(jwk)  # members sorted
    method = DidJwkResolver().resolve(key.kid)
    assert method.key.thumbprint() == key.thumbprint() and not method.key.is_private
    assert method.relationships == {
        "authentication",
        "assertionMethod",
        "capabilityInvocation",
        "capabilityDelegation",
    }


@pytest.mark.parametrize("case", INVALID, ids=[c["why"] for c in INVALID])
def test_invalid_did_jwks(case: dict[str, Any]) -> None:
    resolver = DidJwkResolver()
    with pytest.raises(MicrocredError) as info:
        if case.get("resolve"):
            resolver.resolve(case["did"])
        else:
            resolver.resolve_did(case["did"])
    assert info.value.code == case["code"], info.value


def test_private_d_is_named_in_the_error() -> None:
    case = next(c for c in INVALID if "P-256 JWK with the private" in c["why"])
    with pytest.raises(MicrocredError, match="private key material \\(d\\)"):
        DidJwkResolver().resolve(case["did"] + "#0")


def test_a_key_cannot_claim_a_did_jwk_of_another_key(keys: dict[str, Key]) -> None:
    rsa = keys["RSA"]
    with pytest.raises(MicrocredError, match="different key"):
        Key.from_jwk({**keys["P-256"].to_jwk(private=True), "kid": rsa.kid})


def test_oversized_did_is_refused() -> None:
    with pytest.raises(MicrocredError):
        DidJwkResolver().resolve("did:jwk:" + "A" * 9000 + "#0")
