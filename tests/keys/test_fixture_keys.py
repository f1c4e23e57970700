"""The fixed test keys (tests/data/keys) other test folders rely on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microcred.keys import Key, verify_chain
from microcred.resolve import default_resolver


def test_keys_fixture(keys: dict[str, Key]) -> None:
    assert set(keys) == {"Ed25519", "P-256", "P-384", "secp256k1", "RSA"}
    resolver = default_resolver()
    for name, key in keys.items():
        assert key.key_type == name and key.is_private
        assert key.kid is not None
        assert key.kid.startswith("did:jwk:" if name == "RSA" else "did:key:")
        method = resolver.resolve(key.kid)
        assert method.key.thumbprint() == key.thumbprint()
        assert "assertionMethod" in method.relationships


def test_cert_chain_keys_fixture(cert_chain_keys: dict[str, Key], cert_chain_anchors: dict[str, Any]) -> None:
    assert set(cert_chain_keys) == {"RSA", "P-256"}
    now = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    for name, key in cert_chain_keys.items():
        assert key.key_type == name and key.is_private
        assert key.controller == "https://registrar.example.edu/issuer"
        ok, reason = verify_chain(key.certificate_chain, [cert_chain_anchors[name]], now)
        assert ok, reason
        assert key.certificate_chain[0].not_valid_after_utc.year == 2045
