"""The JAdES ``trust`` check: the seal's chain at the proof-of-existence time, with the revocation values carried."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography import x509

import microcred

TESTS = Path(__file__).resolve().parents[1]
OFFICIAL = TESTS / "data" / "elm" / "official"
ANF = x509.load_pem_x509_certificate(
    (TESTS / "data" / "trust" / "ANF-AC-Qualified-Certificates-for-eSeal.pem").read_bytes()
)
NOW = "2023-11-01T00:00:00Z"


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((OFFICIAL / name).read_text())
    return data


def test_official_lta_sample_chain_valid_at_the_signature_time_stamp_with_its_ocsp() -> None:
    result = microcred.verify(sample("Sample-MC-Annex1-signed.jsonld"), now=NOW, trust_anchors=[ANF])
    trust = result.check("trust")
    assert trust.code == "TRUST_CHAIN_VALID", result.summary()
    assert trust.details["validationTime"] == "2023-09-27T11:54:20Z"
    assert trust.details["poeSource"] == "sigTst (TSA not trusted)"
    assert trust.details["level"] == "B-LTA"
    assert result.verified, result.summary()


def test_without_the_ocsp_response_revocation_is_not_checked() -> None:
    data = sample("Sample-MC-Annex1-signed.jsonld")
    etsi_u = data["signatures"][0]["header"]["etsiU"]
    data["signatures"][0]["header"]["etsiU"] = etsi_u[:2]  # sigTst, xVals: no rVals, no arcTst
    result = microcred.verify(data, now=NOW, trust_anchors=[ANF])
    trust = result.check("trust")
    assert (trust.status.value, trust.code) == ("error", "REVOCATION_UNKNOWN")
    assert "revocation" in trust.message


def test_b_t_sample_without_revocation_values_is_could_not_check() -> None:
    result = microcred.verify(
        sample("AA-Annex1-MC-signed.jsonld"), now="2024-06-01T00:00:00Z", trust_anchors=[ANF]
    )
    trust = result.check("trust")
    assert (trust.status.value, trust.code) == ("error", "REVOCATION_UNKNOWN")
    assert trust.details["validationTime"] == "2024-05-28T09:51:22Z"
    assert not result.verified
