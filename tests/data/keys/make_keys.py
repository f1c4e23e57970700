"""Regenerate the fixed TEST-ONLY keys in this folder (run by hand; tests only read the files).

    /tmp/venv/bin/python tests/data/keys/make_keys.py

Writes one private JWK per key type (kid = its did:key / did:jwk verification method id) and two sealing keys
with a certificate chain (leaf + self-signed CA, valid 2025-01-01 to 2045-01-01) plus the CA as PEM.
Re-running replaces every key: tests that pin signatures or DIDs must then be updated.
"""

from __future__ import annotations

from pathlib import Path

from microcred.demo_ca import make_test_certificate_chain
from microcred.keys import Key
from microcred.keys.x509 import chain_to_pem

HERE = Path(__file__).resolve().parent

KEYS = {
    "ed25519.jwk": ("Ed25519", "key"),
    "p256.jwk": ("P-256", "key"),
    "p384.jwk": ("P-384", "key"),
    "secp256k1.jwk": ("secp256k1", "key"),
    "rsa2048.jwk": ("RSA", "jwk"),
}

SEALS = {
    "seal-rsa": ("RSA", "RSA"),
    "seal-p256": ("P-256", "P-256"),
}


def main() -> None:
    for name, (alg, did) in KEYS.items():
        Key.generate(alg, did=did).save(HERE / name)  # type: ignore[arg-type]
    for name, (alg, ca_alg) in SEALS.items():
        kid = f"https://registrar.example.edu/issuer#{name}"
        key = Key.generate(alg, did=None, kid=kid)
        ca_key = Key.generate(ca_alg, did=None)
        key, ca = make_test_certificate_chain(
            key,
            subject=f"Example University {name}",
            ca_key=ca_key,
            ca_subject="Example Test Trust Anchor CA",
        )
        key.save(HERE / f"{name}.jwk")
        (HERE / f"{name}-ca.pem").write_bytes(chain_to_pem([ca]))


if __name__ == "__main__":
    main()
