"""secp256k1 signatures are issued in low-S form (didkit and Bitcoin-derived verifiers expect it)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from microcred.keys import Key

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def test_secp256k1_signatures_are_low_s(keys: dict[str, Key]) -> None:
    key = keys["secp256k1"]
    assert isinstance(key.private_key, ec.EllipticCurvePrivateKey)
    for i in range(64):  # with random-looking messages, about half would be high-S without normalisation
        message = f"message {i}".encode()
        signature = key.sign(message)
        s = int.from_bytes(signature[32:], "big")
        assert s <= N // 2
        assert key.verify(message, signature)
