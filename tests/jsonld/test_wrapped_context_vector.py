"""A credential with a wrapped embedded context signed by Digital Bazaar's vc (jsonld.js) verifies in microcred."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from microcred import verify

VECTOR = (
    Path(__file__).resolve().parents[1] / "vectors" / "wrapped-context" / "digitalbazaar-eddsa-rdfc-2022.json"
)
NOW = "2026-01-15T12:00:00Z"


def test_the_independently_signed_credential_verifies() -> None:
    signed = json.loads(VECTOR.read_text(encoding="utf-8"))
    assert signed["@context"][1] == {
        "@context": {"name": "https://schema.org/name", "Person": "https://schema.org/Person"}
    }
    result = verify(signed, now=NOW)
    assert result.verified, [(c.name, c.code, c.message) for c in result.checks if not c.passed]


def test_a_changed_wrapped_definition_breaks_the_signature() -> None:
    signed = json.loads(VECTOR.read_text(encoding="utf-8"))
    forged = copy.deepcopy(signed)
    forged["@context"][1]["@context"]["Person"] = "https://schema.org/Organization"
    result = verify(forged, now=NOW)
    assert not result.verified
    assert "PROOF_SIGNATURE_INVALID" in [c.code for c in result.checks if c.name == "proof"]
