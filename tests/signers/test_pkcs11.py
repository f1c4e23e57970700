"""PKCS#11 signing against a real SoftHSM2 token: every format, verified by microcred's verifier."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import microcred
from microcred.errors import SignerCertificateError, SignerSignatureError, SignerUnavailableError, UsageError
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.signers import SignerKey, as_key
from microcred.signers.pkcs11 import Pkcs11Signer

from .softhsm import SoftHsm, certificates

NOW = "2026-01-15T12:00:00Z"

#: format -> (token label, fixture key type)
FORMATS: list[tuple[str, str, str]] = [
    ("eddsa-rdfc-2022", "ed25519", "Ed25519"),
    ("eddsa-jcs-2022", "ed25519", "Ed25519"),
    ("ecdsa-rdfc-2019", "p256", "P-256"),
    ("ecdsa-rdfc-2019", "p384", "P-384"),
    ("ecdsa-jcs-2019", "p384", "P-384"),
    ("jws-2020", "ed25519", "Ed25519"),
    ("jws-2020", "rsa", "RSA"),
    ("vc+jwt", "p256", "P-256"),
    ("vc+jwt", "rsa", "RSA"),
    ("vc-jwt", "p384", "P-384"),
    ("vc-jwt", "ed25519", "Ed25519"),
    ("sd-jwt-vc", "p256", "P-256"),
]


@pytest.fixture
def signer_for(softhsm: SoftHsm) -> Iterator[Any]:
    opened: list[Pkcs11Signer] = []

    def make(label: str, **kwargs: Any) -> Pkcs11Signer:
        signer = Pkcs11Signer.from_uri(softhsm.uri(label), **kwargs)
        opened.append(signer)
        return signer

    yield make
    for signer in opened:
        signer.close()


def _credential(key: Key, fmt: str) -> Any:
    mc = example_microcredential()
    return mc.model_copy(update={"issuer": _issuer(mc).model_copy(update={"id": key.controller})})


@pytest.mark.parametrize(("fmt", "label", "kt"), FORMATS, ids=[f"{f}-{lbl}" for f, lbl, _ in FORMATS])
def test_every_format_signed_in_the_token_verifies(
    fmt: str, label: str, kt: str, keys: dict[str, Key], signer_for: Any
) -> None:
    software = keys[kt]
    # the seal-* certificates on the token certify the same fixed keys: this test signs as the did:key instead
    signer = signer_for(label, kid=software.kid, certificate_chain=[])
    assert Key(signer.public_key).thumbprint() == software.thumbprint()
    secured = microcred.issue(_credential(software, fmt), signer, format=fmt, now=NOW)
    result = microcred.verify(secured, now=NOW)
    assert result.verified, [(c.name, c.code, c.message) for c in result.errors]


@pytest.mark.parametrize("alg", ["RS256", "PS256", "PS384", "RS512"])
def test_rsa_pkcs1_and_pss(alg: str, keys: dict[str, Key], signer_for: Any) -> None:
    key = as_key(signer_for("rsa"))
    signature = key.sign(b"data", alg)
    assert keys["RSA"].verify(b"data", signature, alg) and not keys["RSA"].verify(b"other", signature, alg)


@pytest.mark.parametrize("kind", ["P-256", "RSA"])
def test_jades_seal_with_the_chain_read_from_the_token(
    kind: str, seals: dict[str, Any], signer_for: Any
) -> None:
    key, ca = seals[kind]
    signer = signer_for(f"seal-{kind.lower().replace('-', '')}")
    assert certificates(signer.certificate_chain) == certificates(key.certificate_chain)
    secured = microcred.issue(example_microcredential(), signer, format="jades", now=NOW)
    result = microcred.verify(secured, now=NOW, trust_anchors=[ca])
    assert result.check("proof").passed and result.check("trust").passed


def test_batch_sign_many_in_one_session(keys: dict[str, Key], signer_for: Any) -> None:
    signer = signer_for("p256")
    items = [(f"item {i}".encode(), "ES256") for i in range(5)]
    signatures = as_key(signer).sign_many(items)
    assert all(keys["P-256"].verify(d, s, "ES256") for (d, _), s in zip(items, signatures, strict=True))


def test_a_token_key_that_is_not_the_issuers_fails_verification(
    keys: dict[str, Key], signer_for: Any
) -> None:
    # the token's P-384 key signs, but the proof names the P-256 key's verification method
    signer = signer_for("p384", kid=keys["P-256"].kid)
    with pytest.raises(Exception) as info:
        microcred.issue(_credential(keys["P-256"], "vc+jwt"), signer, format="vc+jwt", now=NOW)
    assert info.value.__class__.__name__ in {"KeyMaterialError", "SignerError"}


def test_a_signature_from_the_wrong_token_key_is_caught(keys: dict[str, Key], signer_for: Any) -> None:
    class Swapped:
        """A signer that claims the fixture P-256 key but signs with another P-256 key in the token."""

        def __init__(self, inner: Pkcs11Signer, claimed: Any) -> None:
            self.inner, self.public_key = inner, claimed
            self.certificate_chain: list[Any] = []
            self.allowed_algs, self.kid = ("ES256",), keys["P-256"].kid

        def sign(self, data: bytes, alg: str | None = None) -> bytes:
            return self.inner.sign(data, alg)

        def sign_many(self, items: Any) -> list[bytes]:
            return self.inner.sign_many(items)

    swapped = Swapped(signer_for("other-p256"), keys["P-256"].public_key)
    with pytest.raises(SignerSignatureError) as info:
        microcred.issue(_credential(keys["P-256"], "vc+jwt"), swapped, format="vc+jwt", now=NOW)
    assert info.value.code == "SIGNER_BAD_SIGNATURE"


def test_given_chain_must_certify_the_token_key(seals: dict[str, Any], signer_for: Any) -> None:
    signer = signer_for("p256", certificate_chain=seals["RSA"][0].certificate_chain)
    with pytest.raises(SignerCertificateError) as info:
        SignerKey(signer)
    assert info.value.code == "SIGNER_CERTIFICATE_MISMATCH"


def test_unknown_key_wrong_pin_missing_module(softhsm: SoftHsm) -> None:
    with pytest.raises(SignerUnavailableError, match="no such key"):
        Pkcs11Signer.from_uri(softhsm.uri("nope"))
    with pytest.raises(SignerUnavailableError, match="cannot open the token"):
        Pkcs11Signer.from_uri(softhsm.uri("p256").replace("pin-value=1234", "pin-value=9999"))
    with pytest.raises(SignerUnavailableError, match="cannot load"):
        Pkcs11Signer(module_path="/nonexistent/libnone.so", key_label="x")
    with pytest.raises(UsageError, match="pin-value"):
        Pkcs11Signer.from_uri(softhsm.uri("p256"), allow_pin_value=False)


def test_private_key_never_leaves_the_signer(signer_for: Any) -> None:
    key = as_key(signer_for("ed25519"))
    assert key.is_private
    with pytest.raises(Exception, match="stays in"):
        key.private_key  # noqa: B018
    with pytest.raises(Exception, match="stays in"):
        key.to_jwk(private=True)


def _issuer(mc: Any) -> Any:
    assert mc.issuer is not None
    return mc.issuer
