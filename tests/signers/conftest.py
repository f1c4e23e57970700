"""Fixtures for the signer tests: one SoftHSM2 token per test session, with the fixed keys imported."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from microcred.demo_ca import make_test_certificate_chain
from microcred.keys import Key

from .softhsm import SoftHsm, import_key, init_token, softhsm_module

#: label -> (fixture key type, CKA_ID)
TOKEN_KEYS: dict[str, tuple[str, bytes]] = {
    "ed25519": ("Ed25519", b"\x01"),
    "p256": ("P-256", b"\x02"),
    "p384": ("P-384", b"\x03"),
    "rsa": ("RSA", b"\x04"),
    "seal-p256": ("seal-P-256", b"\x05"),
    "seal-rsa": ("seal-RSA", b"\x06"),
    "other-p256": ("other-P-256", b"\x07"),
}
#: A second fixed P-256 key (a fixed scalar): "a key that is not the issuer's".
OTHER_P256 = Key(ec.derive_private_key(0x6D6963726F63726564, ec.SECP256R1()))


@pytest.fixture(scope="session")
def seals(keys: dict[str, Key]) -> dict[str, tuple[Key, Any]]:
    """P-256 and RSA keys with a [leaf, CA] chain naming an example issuer (key with chain, CA certificate)."""
    out: dict[str, tuple[Key, Any]] = {}
    for kt in ("P-256", "RSA"):
        out[kt] = make_test_certificate_chain(
            keys[kt], subject=f"Example seal {kt}", ca_key=keys["P-384"], ca_subject=f"Signer test CA {kt}"
        )
    return out


@pytest.fixture(scope="session")
def softhsm(
    tmp_path_factory: pytest.TempPathFactory, keys: dict[str, Key], seals: dict[str, Any]
) -> Iterator[SoftHsm]:
    """A fresh SoftHSM2 token (tmp tokendir) holding the fixed keys; skipped only if libsofthsm2.so is absent."""
    if softhsm_module() is None:
        pytest.skip("libsofthsm2.so is not installed (apt-get install softhsm2)")
    before = os.environ.get("SOFTHSM2_CONF")
    hsm = init_token(tmp_path_factory.mktemp("softhsm"))
    os.environ["SOFTHSM2_CONF"] = str(hsm.conf)  # read by SoftHSM when the module is initialised
    for label, (kind, key_id) in TOKEN_KEYS.items():
        key = (
            seals[kind[5:]][0]
            if kind.startswith("seal-")
            else OTHER_P256
            if kind == "other-P-256"
            else keys[kind]
        )
        import_key(hsm, key, label, key_id)
    yield hsm
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before
