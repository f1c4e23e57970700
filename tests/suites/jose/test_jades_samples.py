"""The European Commission's JAdES-sealed EDC samples: seal and time-stamps verify; trust is `error` without an anchor.

Samples: tests/data/elm/official (see tests/vectors/jades/SOURCE.md); expectations: tests/vectors/jades/expected.json.
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest

import microcred

from .jose_helpers import NOW

TESTS = Path(__file__).resolve().parents[2]
SAMPLES = TESTS / "data" / "elm" / "official"
EXPECTED: dict[str, Any] = json.loads((TESTS / "vectors" / "jades" / "expected.json").read_text())


def _sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return data


def _protected(sample: dict[str, Any]) -> dict[str, Any]:
    segment = sample["signatures"][0]["protected"]
    header: dict[str, Any] = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    return header


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_header_is_what_we_expect(name: str) -> None:
    header = _protected(_sample(name))
    for member, value in EXPECTED[name]["header"].items():
        assert header[member] == value


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_verifies_cryptographically(name: str) -> None:
    result = microcred.verify(_sample(name), now=NOW)
    assert result.format == "jades"
    got = {c.name: [c.status.value, c.code] for c in result.checks}
    for check, outcome in EXPECTED[name]["checks"].items():
        assert got[check] == outcome, result.summary()
    assert not result.verified  # trust could not be decided
    proof = result.check("proof")
    assert proof.details["level"] == EXPECTED[name]["level"]
    assert "notValidated" not in proof.details
    stamps = [
        [c.details["attribute"], c.status.value, c.code, c.details["genTime"]]
        for c in result.checks
        if c.name == "timestamp"
    ]
    assert stamps == EXPECTED[name]["timestamps"]
    assert all(c.details["tsaTrusted"] is False for c in result.checks if c.name == "timestamp")
    assert (
        "2.5.4.97=" + EXPECTED[name]["certificate"]["organizationIdentifier"]
        in proof.details["certificateSubject"]
    )


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_with_another_trust_anchor_fails_trust(name: str, cert_chain_anchors: dict[str, Any]) -> None:
    result = microcred.verify(_sample(name), now=NOW, trust_anchors=[cert_chain_anchors["RSA"]])
    assert result.check("trust").code == "TRUST_CHAIN_INVALID"
    assert result.check("proof").passed


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_tampered_payload_fails_proof(name: str) -> None:
    sample = _sample(name)
    forged = copy.deepcopy(sample)
    forged["payload"] = sample["payload"].replace("ORGANIZACION TEST", "ORGANIZACION TESX", 1)
    assert forged["payload"] != sample["payload"]
    result = microcred.verify(forged, now=NOW)
    assert result.check("proof").code == "SIGNATURE_INVALID"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_without_etsi_u_still_verifies(name: str) -> None:
    """The baseline-B part stands on its own: the unsigned etsiU material is not needed."""
    sample = _sample(name)
    del sample["signatures"][0]["header"]
    result = microcred.verify(sample, now=NOW)
    assert result.check("proof").passed
    assert result.check("proof").details["level"] == "B-B"
    assert [c.code for c in result.checks if c.name == "timestamp"] == ["CONTENT_TIMESTAMP_VALID"]
