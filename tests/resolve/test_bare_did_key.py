"""A bare ``did:key:z6Mk...`` (no fragment) as a proof's verificationMethod names that DID's one key (issue 11
item 5), as Digital Bazaar's did:key driver and the 1EdTech Open Badges 3.0 validator read it."""

from __future__ import annotations

from typing import Any

import pytest

import microcred
from microcred.keys import Key
from microcred.resolve import DidKeyResolver

NOW = "2026-01-15T12:00:00Z"


def _credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ana", "name": "Ana"},
    }


def _signed_with_bare_did(key: Key, fmt: str, issuer: str | None = None) -> dict[str, Any]:
    did = key.controller
    assert did is not None and "#" not in did
    signer = Key(key.private_key, kid=did, did=did)
    signed = microcred.issue(_credential(issuer or did), signer, format=fmt, now=NOW)
    assert isinstance(signed, dict)
    assert signed["proof"]["verificationMethod"] == did
    return signed


@pytest.mark.parametrize(
    ("kt", "fmt"), [("Ed25519", "eddsa-rdfc-2022"), ("P-256", "ecdsa-rdfc-2019"), ("Ed25519", "jws-2020")]
)
def test_bare_did_key_verification_method_verifies(keys: dict[str, Key], kt: str, fmt: str) -> None:
    result = microcred.verify(_signed_with_bare_did(keys[kt], fmt), now=NOW)
    assert result.verified, result.summary()


def test_bare_did_key_of_another_key_fails(keys: dict[str, Key]) -> None:
    """The proof names a did:key whose one key did not sign: the signature fails, nothing passes."""
    signed = _signed_with_bare_did(keys["Ed25519"], "eddsa-rdfc-2022")
    other = Key.generate("Ed25519").controller
    assert other is not None
    forged = {**signed, "issuer": other, "proof": {**signed["proof"], "verificationMethod": other}}
    result = microcred.verify(forged, now=NOW)
    assert not result.verified
    assert result.check("proof").code == "PROOF_SIGNATURE_INVALID", result.summary()


def test_a_bare_did_names_only_its_own_key(keys: dict[str, Key]) -> None:
    method = DidKeyResolver().resolve(keys["Ed25519"].controller or "")
    did = keys["Ed25519"].controller or ""
    assert method.named_by(did) and method.named_by(method.id)
    assert not method.named_by(keys["P-256"].controller or "")
    assert not method.named_by(did + "#other")
    assert not method.named_by("did:web:example.com")
