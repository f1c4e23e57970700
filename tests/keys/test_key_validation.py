"""Key material that must be refused on load, whatever the route (JWK, Multikey, PEM, certificate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from microcred.demo_ca import make_test_certificate_chain
from microcred.errors import KeyLengthError, KeyMaterialError, UnsupportedKeyTypeError
from microcred.keys import Key, b64url_encode
from microcred.keys.multibase import multibase_encode, varint_encode

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "keys"
INVALID_ED25519 = json.loads((VECTORS / "ed25519-invalid-public-keys.json").read_text())["keys"]
ED_IDS = [k["reason"] for k in INVALID_ED25519]

# -- Ed25519 small-order / non-canonical / off-curve public keys, on every import route ----------------------


@pytest.mark.parametrize("case", INVALID_ED25519, ids=ED_IDS)
def test_ed25519_invalid_public_key_in_jwk(case: dict[str, str]) -> None:
    raw = bytes.fromhex(case["hex"])
    with pytest.raises(KeyMaterialError, match="Ed25519 public key"):
        Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)})


@pytest.mark.parametrize("case", INVALID_ED25519, ids=ED_IDS)
def test_ed25519_invalid_public_key_in_multikey(case: dict[str, str]) -> None:
    value = multibase_encode(varint_encode(0xED) + bytes.fromhex(case["hex"]))
    with pytest.raises(KeyMaterialError, match="Ed25519 public key"):
        Key.from_multibase(value)


@pytest.mark.parametrize("case", INVALID_ED25519[:8], ids=ED_IDS[:8])
def test_ed25519_small_order_key_in_pem_and_cryptography_object(case: dict[str, str]) -> None:
    public = ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(case["hex"]))  # OpenSSL accepts it...
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(KeyMaterialError, match="small order"):  # ... microcred does not
        Key.from_pem(pem)
    with pytest.raises(KeyMaterialError, match="small order"):
        Key(public)


def test_ed25519_invalid_keys_data_covers_all_small_order_points() -> None:
    small = [k for k in INVALID_ED25519 if "order" in k["reason"]]
    assert len(small) == 8


# -- JWK -----------------------------------------------------------------------------------------------------


def _jwk(keys: dict[str, Key], name: str, private: bool = False) -> dict[str, Any]:
    return {k: v for k, v in keys[name].to_jwk(private=private).items() if k != "kid"}


BAD_JWKS: list[tuple[str, Any, type[Exception], str]] = [
    ("oct", {"kty": "oct", "k": "c2VjcmV0"}, UnsupportedKeyTypeError, "symmetric"),
    ("no kty", {"crv": "P-256", "x": "AA", "y": "AA"}, UnsupportedKeyTypeError, "kty"),
    (
        "X25519",
        {"kty": "OKP", "crv": "X25519", "x": "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"},
        UnsupportedKeyTypeError,
        "X25519",
    ),
    ("Ed448", {"kty": "OKP", "crv": "Ed448", "x": "AA"}, UnsupportedKeyTypeError, "Ed448"),
    ("P-192", {"kty": "EC", "crv": "P-192", "x": "AA", "y": "AA"}, UnsupportedKeyTypeError, "P-192"),
    ("RSA with crv", {"kty": "RSA", "crv": "P-256", "n": "AQAB", "e": "AQAB"}, KeyMaterialError, "crv"),
    ("not an object", ["kty"], KeyMaterialError, "object"),
    ("JWK set", {"keys": []}, KeyMaterialError, "JWK Set"),
]


@pytest.mark.parametrize(("name", "jwk", "error", "match"), BAD_JWKS, ids=[b[0] for b in BAD_JWKS])
def test_unsupported_jwks(name: str, jwk: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        Key.from_jwk(jwk)


def test_ec_point_not_on_curve(keys: dict[str, Key]) -> None:
    jwk = _jwk(keys, "P-256")
    with pytest.raises(KeyMaterialError, match="not on the P-256 curve"):
        Key.from_jwk({**jwk, "y": jwk["x"]})


@pytest.mark.parametrize("name", ["P-256", "P-384", "secp256k1"])
def test_ec_coordinates_must_be_full_size(keys: dict[str, Key], name: str) -> None:
    jwk = _jwk(keys, name)
    with pytest.raises(KeyMaterialError, match="full size"):
        Key.from_jwk({**jwk, "x": b64url_encode(b"\0" + _b64(jwk["x"]))})
    with pytest.raises(KeyMaterialError, match="full size"):
        Key.from_jwk({**jwk, "x": b64url_encode(_b64(jwk["x"])[1:])})


def _b64(text: str) -> bytes:
    from microcred.keys import b64url_decode_strict

    return b64url_decode_strict(text)


@pytest.mark.parametrize("name", ["Ed25519", "P-256", "P-384", "secp256k1", "RSA"])
def test_private_part_must_match_public_part(keys: dict[str, Key], name: str) -> None:
    other = Key.generate(name, did=None) if name != "RSA" else Key.generate("RSA", did=None)
    mixed = {**_jwk(keys, name), "d": other.to_jwk(private=True)["d"]}
    if name == "RSA":
        mixed = {**other.to_jwk(private=True), "n": keys["RSA"].to_jwk()["n"]}
    with pytest.raises(KeyMaterialError):
        Key.from_jwk(mixed)


def test_ec_private_scalar_out_of_range(keys: dict[str, Key]) -> None:
    from microcred.keys.key_types import key_type

    n = key_type("P-256").order
    with pytest.raises(KeyMaterialError):
        Key.from_jwk({**_jwk(keys, "P-256"), "d": b64url_encode(n.to_bytes(32, "big"))})


def test_rsa_minimum_size_and_multi_prime() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(KeyMaterialError, match="2048"):
        Key(small)
    nums = small.public_key().public_numbers()
    jwk = {"kty": "RSA", "n": b64url_encode(nums.n.to_bytes(128, "big")), "e": "AQAB"}
    with pytest.raises(KeyMaterialError, match="2048"):
        Key.from_jwk(jwk)


def test_rsa_private_jwk_without_crt_members_is_completed(keys: dict[str, Key]) -> None:
    full = keys["RSA"].to_jwk(private=True)
    bare = {k: v for k, v in full.items() if k not in ("p", "q", "dp", "dq", "qi")}
    assert Key.from_jwk(bare) == keys["RSA"]
    with pytest.raises(KeyMaterialError, match="all of p, q"):
        Key.from_jwk({**bare, "p": full["p"]})
    with pytest.raises(KeyMaterialError, match="multi-prime"):
        Key.from_jwk({**full, "oth": []})


@pytest.mark.parametrize(
    ("member", "value", "match"),
    [
        ("use", "enc", "use"),
        ("key_ops", ["encrypt"], "key_ops"),
        ("key_ops", "sign", "key_ops"),
        ("alg", "ES384", "does not fit"),
        ("alg", "HS256", "does not fit"),
        ("alg", "none", "does not fit"),
        ("kid", 7, "kid"),
    ],
)
def test_jwk_usage_members(keys: dict[str, Key], member: str, value: Any, match: str) -> None:
    with pytest.raises(KeyMaterialError, match=match):
        Key.from_jwk({**_jwk(keys, "P-256"), member: value})


def test_jwk_usage_members_that_are_fine(keys: dict[str, Key]) -> None:
    jwk = {**_jwk(keys, "P-256"), "use": "sig", "key_ops": ["verify"], "alg": "ES256"}
    assert Key.from_jwk(jwk).allowed_algs == ("ES256",)


@pytest.mark.parametrize("text", ["{", '{"kty": "EC", "kty": "OKP"}', "[1]", '{"kty": NaN}'])
def test_jwk_text_is_parsed_strictly(text: str) -> None:
    with pytest.raises(Exception) as info:
        Key.from_jwk(text)
    assert getattr(info.value, "code", None) is not None


# -- Multikey ------------------------------------------------------------------------------------------------


def test_multikey_length_and_codec_errors(keys: dict[str, Key]) -> None:
    good = keys["P-256"].public_key_multibase
    from microcred.keys import multibase_decode

    raw = multibase_decode(good)
    with pytest.raises(KeyLengthError):
        Key.from_multibase(multibase_encode(raw[:-1]))
    with pytest.raises(UnsupportedKeyTypeError, match="0xec"):
        Key.from_multibase(multibase_encode(varint_encode(0xEC) + bytes(32)))
    with pytest.raises(UnsupportedKeyTypeError, match="secret key"):
        Key.from_multibase(keys["P-256"].secret_key_multibase)
    with pytest.raises(KeyMaterialError, match="does not belong"):
        Key.from_multibase(good, keys["P-384"].secret_key_multibase)
    with pytest.raises(KeyMaterialError, match="does not belong"):
        Key.from_multibase(good, Key.generate("P-256").secret_key_multibase)


def test_multikey_accepts_base64url_multibase(keys: dict[str, Key]) -> None:
    from microcred.keys import multibase_decode

    raw = multibase_decode(keys["Ed25519"].public_key_multibase)
    assert Key.from_multibase(multibase_encode(raw, "u")).thumbprint() == keys["Ed25519"].thumbprint()


def test_ed25519_64_byte_secret_must_match() -> None:
    key = Key.generate("Ed25519")
    from microcred.keys import multibase_decode

    seed = multibase_decode(key.secret_key_multibase)[2:]
    public = multibase_decode(key.public_key_multibase)[2:]
    ok = multibase_encode(varint_encode(0x1300) + seed + public)
    assert Key.from_multibase(key.public_key_multibase, ok, kid=key.kid) == key
    bad = multibase_encode(varint_encode(0x1300) + seed + bytes(32))
    with pytest.raises(KeyMaterialError, match="does not match"):
        Key.from_multibase(key.public_key_multibase, bad)


# -- certificates --------------------------------------------------------------------------------------------


def test_x5c_must_certify_the_key(keys: dict[str, Key], cert_chain_keys: dict[str, Key]) -> None:
    x5c = cert_chain_keys["P-256"].to_jwk()["x5c"]
    with pytest.raises(KeyMaterialError, match="does not certify"):
        Key.from_jwk({**keys["P-256"].to_jwk(), "x5c": x5c})
    with pytest.raises(KeyMaterialError, match="base64"):
        Key.from_jwk({**cert_chain_keys["P-256"].to_jwk(), "x5c": ["%%%"]})
    with pytest.raises(KeyMaterialError, match="empty"):
        Key.from_jwk({**cert_chain_keys["P-256"].to_jwk(), "x5c": []})
    with pytest.raises(KeyMaterialError, match="array"):
        Key.from_jwk({**cert_chain_keys["P-256"].to_jwk(), "x5c": x5c[0]})


def test_pem_with_key_and_certificates(cert_chain_keys: dict[str, Key]) -> None:
    from microcred.keys import chain_to_pem

    key = cert_chain_keys["RSA"]
    pem = key.to_pem(private=True) + chain_to_pem(key.certificate_chain)
    loaded = Key.from_pem(pem)
    assert loaded.is_private and len(loaded.certificate_chain) == 2
    cert_only = Key.from_pem(chain_to_pem(key.certificate_chain))
    assert not cert_only.is_private and cert_only.thumbprint() == key.thumbprint()
    other, _ = make_test_certificate_chain(Key.generate("P-256", did=None))
    with pytest.raises(KeyMaterialError, match="does not certify"):
        Key.from_pem(key.to_pem(private=True) + chain_to_pem(other.certificate_chain))
    with pytest.raises(KeyMaterialError, match="more than one key"):
        Key.from_pem(key.to_pem(private=True) + key.to_pem())
    with pytest.raises(KeyMaterialError, match="no PEM"):
        Key.from_pem(b"nothing here")


@pytest.mark.parametrize("jwk", [{"kty": "EC", "crv": 10**5000}, {"kty": 10**5000}, {"kty": ["OKP"]}])
def test_jwk_kty_and_crv_must_be_strings(jwk: dict[str, object]) -> None:
    from microcred.errors import KeyMaterialError
    from microcred.keys import Key

    with pytest.raises(KeyMaterialError, match="strings"):
        Key.from_jwk(jwk)
