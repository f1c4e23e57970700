"""A suite added by one module and one registration line, used by issue() and verify() without global state."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.keys import Key
from microcred.suites.registry import default_registry

from .example_suite import ExampleJcs2025

KEYS = Path(__file__).resolve().parent.parent / "data" / "keys"
NOW = "2026-01-15T12:00:00Z"

#: The one registration line.
SUITES = default_registry().with_suites(ExampleJcs2025())


@pytest.fixture(scope="module")
def key() -> Key:
    return Key.load(KEYS / "ed25519.jwk")


def credential(issuer: str | None) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0a4f9d8e-4b43-4d2f-8c1e-6b8f6f2d7a11",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }


def test_the_example_suite_issues_and_verifies(key: Key) -> None:
    signed = microcred.issue(
        credential(key.controller), key, format="example-jcs-2025", now=NOW, suites=SUITES
    )
    assert isinstance(signed, dict) and signed["proof"]["cryptosuite"] == "example-jcs-2025"
    result = microcred.verify(signed, now=NOW, suites=SUITES)
    assert result.verified, result.summary()
    assert result.format == "example-jcs-2025"
    assert [c.code for c in result.checks if c.name in ("proof", "issuer")] == [
        "PROOF_VALID",
        "ISSUER_MATCHES",
    ]


def test_a_tampered_credential_fails_and_another_issuer_is_caught(key: Key) -> None:
    signed: Any = microcred.issue(
        credential(key.controller), key, format="example-jcs-2025", now=NOW, suites=SUITES
    )
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["id"] = "did:example:mallory"
    assert microcred.verify(tampered, now=NOW, suites=SUITES).check("proof").code == "PROOF_SIGNATURE_INVALID"
    other = microcred.issue(
        credential("https://someone-else.example"), key, format="example-jcs-2025", now=NOW, suites=SUITES
    )
    assert microcred.verify(other, now=NOW, suites=SUITES).check("issuer").code == "ISSUER_MISMATCH"


def test_the_default_registry_does_not_know_it(key: Key) -> None:
    signed = microcred.issue(
        credential(key.controller), key, format="example-jcs-2025", now=NOW, suites=SUITES
    )
    result = microcred.verify(signed, now=NOW)
    assert not result.verified and result.check("format").code == "UNSUPPORTED_FORMAT"
    with pytest.raises(microcred.errors.UsageError):
        microcred.issue(credential(key.controller), key, format="example-jcs-2025", now=NOW)
    assert "example-jcs-2025" not in default_registry()
