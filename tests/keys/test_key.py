"""Key: generate, identify, export and re-import every key type; save/load files."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import KeyMaterialError, UsageError
from microcred.keys import Key, did_jwk_for, did_key_for, jwk_thumbprint
from microcred.resolve import keys_json_entry

ALL_TYPES = ["Ed25519", "P-256", "P-384", "P-521", "secp256k1", "RSA"]
MULTIKEY_TYPES = ["Ed25519", "P-256", "P-384", "P-521", "secp256k1"]

EXPECTED = {
    # key type: (kty, crv, default alg, Multikey prefix)
    "Ed25519": ("OKP", "Ed25519", "EdDSA", "z6Mk"),
    "P-256": ("EC", "P-256", "ES256", "zDna"),
    "P-384": ("EC", "P-384", "ES384", "z82L"),
    "P-521": ("EC", "P-521", "ES512", "z2J9"),
    "secp256k1": ("EC", "secp256k1", "ES256K", "zQ3s"),
    "RSA": ("RSA", None, "RS256", None),
}


@pytest.fixture(scope="module")
def generated() -> dict[str, Key]:
    """One fresh key per type (did:key, RSA: did:jwk); RSA generation is slow, so once per module."""
    return {t: Key.generate(t, did="jwk" if t == "RSA" else "key") for t in ALL_TYPES}


@pytest.mark.parametrize("key_type", ALL_TYPES)
def test_identity_properties(generated: dict[str, Key], key_type: str) -> None:
    key = generated[key_type]
    kty, crv, alg, prefix = EXPECTED[key_type]
    assert (key.kty, key.crv, key.alg, key.key_type) == (kty, crv, alg, key_type)
    assert key.is_private
    assert key.alg in key.allowed_algs and key.allowed_algs[0] == alg
    assert key.verification_method == key.kid
    assert key.controller == key.did
    assert key.kid is not None and key.did is not None and key.kid.startswith(key.did + "#")
    if prefix:
        assert key.public_key_multibase.startswith(prefix)
        assert key.kid == f"did:key:{key.public_key_multibase}#{key.public_key_multibase}"
    else:
        assert key.kid.startswith("did:jwk:") and key.kid.endswith("#0")
        with pytest.raises(KeyMaterialError):
            _ = key.public_key_multibase


def test_rsa_allows_pkcs1_and_pss(generated: dict[str, Key]) -> None:
    assert {"RS256", "PS256"} <= set(generated["RSA"].allowed_algs)


@pytest.mark.parametrize("key_type", MULTIKEY_TYPES)
def test_did_jwk_kid(key_type: str) -> None:
    key = Key.generate(key_type, did="jwk")
    assert key.did == did_jwk_for(key)
    assert key.kid == f"{key.did}#0"


def test_generate_without_did() -> None:
    key = Key.generate("Ed25519", did=None)
    assert key.kid is None and key.did is None and key.controller is None
    named = Key.generate("P-256", did=None, kid="https://registrar.example.edu/issuer#key-1")
    assert named.kid == "https://registrar.example.edu/issuer#key-1"
    assert named.controller == "https://registrar.example.edu/issuer"
    assert named.did is None
    web = Key.generate("P-256", did=None, kid="did:web:example.edu#key-1")
    assert (web.did, web.controller) == ("did:web:example.edu", "did:web:example.edu")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ({"alg": "X25519"}, UsageError),
        ({"alg": "HS256"}, UsageError),
        ({"alg": "RSA", "did": "key"}, KeyMaterialError),
        ({"alg": "RSA", "did": None, "rsa_bits": 1024}, KeyMaterialError),
        ({"alg": "Ed25519", "did": "key", "kid": "my-key"}, UsageError),
        ({"alg": "Ed25519", "did": "web"}, UsageError),
    ],
)
def test_generate_refuses(args: dict[str, Any], error: type[Exception]) -> None:
    alg = args.pop("alg")
    with pytest.raises(error):
        Key.generate(alg, **args)


@pytest.mark.parametrize("key_type", ALL_TYPES)
def test_jwk_round_trip(generated: dict[str, Key], key_type: str) -> None:
    key = generated[key_type]
    private = key.to_jwk(private=True)
    public = key.to_jwk()
    assert "d" in private and "d" not in public and public["kid"] == key.kid
    again = Key.from_jwk(private)
    assert again == key and again.did == key.did and again.is_private
    pub = Key.from_jwk(public)
    assert not pub.is_private and pub == key.public()
    assert jwk_thumbprint(public) == key.thumbprint()


@pytest.mark.parametrize("key_type", MULTIKEY_TYPES)
def test_multikey_round_trip(generated: dict[str, Key], key_type: str) -> None:
    key = generated[key_type]
    again = Key.from_multibase(key.public_key_multibase, key.secret_key_multibase, kid=key.kid)
    assert again == key
    assert Key.from_multibase(key.public_key_multibase).thumbprint() == key.thumbprint()


@pytest.mark.parametrize("key_type", ALL_TYPES)
def test_pem_round_trip(generated: dict[str, Key], key_type: str) -> None:
    key = generated[key_type]
    assert Key.from_pem(key.to_pem(private=True), kid=key.kid) == key
    assert Key.from_pem(key.to_pem()).thumbprint() == key.thumbprint()
    encrypted = key.to_pem(private=True, password="s3cret")
    assert b"ENCRYPTED" in encrypted
    assert Key.from_pem(encrypted, "s3cret", kid=key.kid) == key
    with pytest.raises(KeyMaterialError):
        Key.from_pem(encrypted, "wrong")


def test_public_half_keeps_identity_and_drops_secret(generated: dict[str, Key]) -> None:
    key = generated["P-256"]
    pub = key.public()
    assert (pub.kid, pub.did, pub.controller) == (key.kid, key.did, key.controller)
    assert not pub.is_private
    with pytest.raises(KeyMaterialError, match="no private part"):
        pub.sign(b"x")
    with pytest.raises(KeyMaterialError):
        _ = pub.secret_key_multibase
    with pytest.raises(KeyMaterialError):
        pub.to_jwk(private=True)
    assert "public" in repr(pub) and key.to_jwk(private=True)["d"] not in repr(key)


def test_save_and_load(tmp_path: Path, generated: dict[str, Key]) -> None:
    key = generated["Ed25519"]
    path = key.save(tmp_path / "key.jwk")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Key.load(path) == key
    pub_path = key.save(tmp_path / "pub.jwk", private=False)
    assert stat.S_IMODE(os.stat(pub_path).st_mode) == 0o644
    loaded = Key.load(pub_path)
    assert not loaded.is_private and loaded.kid == key.kid
    pem = tmp_path / "key.pem"
    pem.write_bytes(key.to_pem(private=True))
    assert Key.load(pem).thumbprint() == key.thumbprint()
    assert list(tmp_path.glob(".*.tmp")) == []


def test_save_refuses_private_of_public_key(tmp_path: Path, generated: dict[str, Key]) -> None:
    with pytest.raises(KeyMaterialError):
        generated["P-384"].public().save(tmp_path / "k.jwk")
    assert not (tmp_path / "k.jwk").exists()


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jwk"
    bad.write_text('{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}')
    with pytest.raises(KeyMaterialError, match=r"bad\.jwk"):
        Key.load(bad)
    with pytest.raises(Exception, match=r"missing\.jwk"):
        Key.load(tmp_path / "missing.jwk")
    dup = tmp_path / "dup.jwk"
    dup.write_text('{"kty": "OKP", "kty": "EC"}')
    with pytest.raises(Exception, match="duplicate"):
        Key.load(dup)


def test_with_kid_and_did_consistency(generated: dict[str, Key]) -> None:
    key = generated["Ed25519"]
    other = Key.generate("Ed25519")
    renamed = key.with_kid("https://registrar.example.edu/issuer#k1")
    assert renamed.did is None and renamed.controller == "https://registrar.example.edu/issuer"
    with pytest.raises(KeyMaterialError, match="different key"):
        key.with_kid(other.kid or "")
    with pytest.raises(KeyMaterialError, match="different key"):
        Key.from_jwk({**key.to_jwk(), "kid": did_key_for(other) + "#x"})


def test_keys_json_entry(generated: dict[str, Key]) -> None:
    key = generated["P-256"]
    entry = keys_json_entry(key)
    assert list(entry) == [key.kid]
    body = entry[key.kid or ""]
    assert body["type"] == "JsonWebKey" and body["controller"] == key.did and "d" not in body["publicKeyJwk"]
    assert "alg" not in body["publicKeyJwk"]
    pinned = Key.from_jwk({**key.to_jwk(), "alg": "ES256"})
    rsa_pinned = Key.from_jwk({**Key.generate("RSA", did="jwk").to_jwk(), "alg": "PS256"})
    assert "alg" not in keys_json_entry(pinned)[key.kid or ""]["publicKeyJwk"]  # ES256 is all P-256 allows
    assert keys_json_entry(rsa_pinned)[rsa_pinned.kid or ""]["publicKeyJwk"]["alg"] == "PS256"
    with pytest.raises(KeyMaterialError):
        keys_json_entry(Key.generate("Ed25519", did=None))


def test_to_jwcrypto(generated: dict[str, Key]) -> None:
    key = generated["secp256k1"]
    jwk = key.to_jwcrypto()
    assert jwk.get("crv") == "secp256k1" and not jwk.has_private
    assert key.to_jwcrypto(private=True).has_private


def test_describe_has_no_secret(generated: dict[str, Key]) -> None:
    info = generated["Ed25519"].describe()
    assert info["keyType"] == "Ed25519" and info["publicKeyMultibase"].startswith("z6Mk")
    assert generated["Ed25519"].secret_key_multibase not in str(info)


@pytest.mark.parametrize("name", ["Ed25519", "P-256", "RSA"])
def test_from_jwcrypto_round_trip(keys: dict[str, Key], name: str) -> None:
    key = keys[name]
    again = Key.from_jwcrypto(key.to_jwcrypto(private=True))
    assert again.is_private and again.thumbprint() == key.thumbprint() and again.kid == key.kid
    public = Key.from_jwcrypto(key.to_jwcrypto())
    assert not public.is_private and public.thumbprint() == key.thumbprint()


def test_a_jwcrypto_jwk_is_accepted_wherever_a_key_is(keys: dict[str, Key]) -> None:
    import microcred
    from microcred.batch.worker import KeySpec

    key = keys["Ed25519"]
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:ana"},
    }
    jwk = key.to_jwcrypto(private=True)
    for fmt in ("eddsa-rdfc-2022", "vc+jwt"):
        signed = microcred.issue(vc, jwk, format=fmt, now="2026-01-15T12:00:00Z")
        assert microcred.verify(signed, now="2026-01-15T12:00:00Z").verified
    assert microcred.Issuer(jwk).key.thumbprint() == key.thumbprint()
    assert KeySpec.of(jwk).load().thumbprint() == key.thumbprint()
    assert Key.coerce(key) is key
    with pytest.raises(UsageError, match="jwcrypto"):
        Key.coerce({"kty": "OKP"})
    with pytest.raises(KeyMaterialError):
        Key.from_jwcrypto(object())


def test_public_half_keeps_identifiers_and_is_not_revalidated_twice(cert_chain_keys: dict[str, Key]) -> None:
    private = cert_chain_keys["P-256"].with_kid("did:example:issuer#k1", controller="did:example:issuer")
    public = private.public()
    assert not public.is_private and private.is_private
    assert (public.kid, public.did, public.controller) == (private.kid, private.did, private.controller)
    assert public.certificate_chain == private.certificate_chain and public.alg == private.alg
    assert public == private.public() and public.public() is public  # a public key's public half is itself
    assert public.verify(b"m", private.sign(b"m"))
