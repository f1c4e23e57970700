"""Key.sign / Key.verify: formats per algorithm, and every way a signature or algorithm is refused.

The algorithm always comes from the key: ``verify`` returns False (never raises) for ``none``, ``HS256``, an
algorithm of another curve or key type, a wrong-length or DER ECDSA signature, and a malleable Ed25519 one.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from microcred.errors import KeyMaterialError
from microcred.keys import Key
from microcred.keys.ed25519 import ED25519_L
from microcred.keys.key_types import key_type

DATA = b"micro-credential bytes"
SIG_LENGTH = {"Ed25519": 64, "P-256": 64, "P-384": 96, "secp256k1": 64, "RSA": 256}
FOREIGN_ALGS = [
    "none",
    "HS256",
    "HS384",
    "HS512",
    "ES256",
    "ES384",
    "ES512",
    "ES256K",
    "EdDSA",
    "RS256",
    "PS256",
    "",
]


@pytest.mark.parametrize("key_type_name", list(SIG_LENGTH))
def test_sign_verify_round_trip(keys: dict[str, Key], key_type_name: str) -> None:
    key = keys[key_type_name]
    for alg in key.allowed_algs:
        signature = key.sign(DATA, alg)
        assert len(signature) == SIG_LENGTH[key_type_name]
        assert key.verify(DATA, signature, alg)
        assert key.public().verify(DATA, signature, alg)
        assert not key.verify(DATA + b".", signature, alg)
        tampered = bytes([signature[0] ^ 1]) + signature[1:]
        assert not key.verify(DATA, tampered, alg)


@pytest.mark.parametrize("key_type_name", ["P-256", "P-384", "secp256k1"])
def test_ecdsa_is_deterministic_ieee_p1363(keys: dict[str, Key], key_type_name: str) -> None:
    key = keys[key_type_name]
    assert key.sign(DATA) == key.sign(DATA)


FOREIGN = [(k, a) for k in SIG_LENGTH for a in FOREIGN_ALGS if a not in key_type(k).algs]


@pytest.mark.parametrize(("key_type_name", "alg"), FOREIGN)
def test_alg_not_allowed_for_the_key(keys: dict[str, Key], key_type_name: str, alg: str) -> None:
    key = keys[key_type_name]
    signature = key.sign(DATA)
    assert key.verify(DATA, signature, alg) is False
    with pytest.raises(KeyMaterialError, match="not allowed"):
        key.sign(DATA, alg)


def test_alg_none_and_hmac_never_verify_even_with_empty_signature(keys: dict[str, Key]) -> None:
    for key in keys.values():
        for alg in ("none", "HS256"):
            assert key.verify(DATA, b"", alg) is False


@pytest.mark.parametrize("key_type_name", ["P-256", "P-384", "secp256k1"])
def test_ecdsa_der_and_wrong_length_signatures_are_refused(keys: dict[str, Key], key_type_name: str) -> None:
    key = keys[key_type_name]
    size = key_type(key_type_name).size
    raw = key.sign(DATA)
    r, s = int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")
    der = encode_dss_signature(r, s)
    assert not key.verify(DATA, der)
    assert not key.verify(DATA, raw[:-1])
    assert not key.verify(DATA, raw + b"\0")
    assert not key.verify(DATA, b"\0" + raw[:-1])
    assert not key.verify(DATA, b"")
    short_r = raw[1:size] + raw[size:]  # r without its first byte: a sloppy, non-fixed-length encoding
    assert not key.verify(DATA, short_r)


@pytest.mark.parametrize("key_type_name", ["P-256", "P-384", "secp256k1"])
def test_ecdsa_r_s_out_of_range_are_refused(keys: dict[str, Key], key_type_name: str) -> None:
    key = keys[key_type_name]
    kt = key_type(key_type_name)
    raw = key.sign(DATA)
    r, s = raw[: kt.size], raw[kt.size :]
    zero = bytes(kt.size)
    n = kt.order.to_bytes(kt.size, "big")
    s_plus_n = int.from_bytes(s, "big") + kt.order
    for bad in (zero + s, r + zero, n + s, r + n):
        assert not key.verify(DATA, bad)
    if s_plus_n < 2 ** (8 * kt.size):
        assert not key.verify(DATA, r + s_plus_n.to_bytes(kt.size, "big"))


def test_ed25519_malleable_signature_is_refused(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signature = key.sign(DATA)
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + ED25519_L).to_bytes(32, "little")
    assert key.verify(DATA, signature)
    assert not key.verify(DATA, malleated)
    assert not key.verify(DATA, signature[:63])


def test_rsa_pkcs1_and_pss_are_not_interchangeable(keys: dict[str, Key]) -> None:
    key = keys["RSA"]
    pkcs1 = key.sign(DATA, "RS256")
    pss = key.sign(DATA, "PS256")
    assert key.verify(DATA, pkcs1, "RS256") and key.verify(DATA, pss, "PS256")
    assert not key.verify(DATA, pkcs1, "PS256")
    assert not key.verify(DATA, pss, "RS256")
    assert not key.verify(DATA, pkcs1[:-1], "RS256")
    assert key.verify(DATA, key.sign(DATA))  # default RS256


def test_jwk_alg_pins_the_algorithm(keys: dict[str, Key]) -> None:
    pinned = Key.from_jwk({**keys["RSA"].to_jwk(private=True), "alg": "PS256"})
    assert pinned.allowed_algs == ("PS256",) and pinned.alg == "PS256"
    assert not pinned.verify(DATA, keys["RSA"].sign(DATA, "RS256"), "RS256")
    with pytest.raises(KeyMaterialError):
        pinned.sign(DATA, "RS256")
    assert pinned.to_jwk()["alg"] == "PS256"


@pytest.mark.parametrize("bad", [None, "text", 42, ["list"]])
def test_verify_never_raises_on_junk_input(keys: dict[str, Key], bad: Any) -> None:
    key = keys["Ed25519"]
    assert key.verify(bad, key.sign(DATA)) is False
    assert key.verify(DATA, bad) is False
    if bad is not None:  # alg=None means "the key's default", which is fine
        assert key.verify(DATA, key.sign(DATA), bad) is False


def test_signature_of_another_key_does_not_verify(keys: dict[str, Key]) -> None:
    other = Key.generate("Ed25519")
    assert not keys["Ed25519"].verify(DATA, other.sign(DATA))
