"""JAdES B-T / B-LT / B-LTA: the time-stamps of DSS's JAdES test set and of the EC's signed samples.

Data: tests/data/trust/jades (DSS test fixtures, see tests/data/trust/SOURCE.md); each sample's outcome is the one
DSS's own JUnit test asserts (expected-outcomes.json there), restated here per token.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from microcred.base64url import b64url_encode
from microcred.suites.jose import parse_json_serialization
from microcred.trust.jades_levels import LevelReport, validate_levels

TESTS = Path(__file__).resolve().parents[1]
SAMPLES = TESTS / "data" / "trust" / "jades" / "samples"
ANCHORS = TESTS / "data" / "trust" / "jades" / "trust-anchors"
OFFICIAL = TESTS / "data" / "elm" / "official"
VALID = {
    "sigTst": "SIGNATURE_TIMESTAMP_VALID",
    "arcTst": "ARCHIVE_TIMESTAMP_VALID",
    "adoTst": "CONTENT_TIMESTAMP_VALID",
}
MISMATCH = "TIMESTAMP_IMPRINT_MISMATCH"
SIG_R, REFS = "SIGNATURE_AND_REFERENCES_TIMESTAMP_VALID", "REFERENCES_TIMESTAMP_VALID"

#: sample -> (level, [(attribute, code)] in order)
EXPECTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "jades-lta.json": ("B-LTA", [("sigTst", VALID["sigTst"]), ("arcTst", VALID["arcTst"])]),
    "jades-lta-with-etsiU-whitespaces.json": (
        "B-LTA",
        [("sigTst", VALID["sigTst"]), ("arcTst", VALID["arcTst"])],
    ),
    "jades-lta-broken-arcTst.json": ("B-LTA", [("sigTst", VALID["sigTst"]), ("arcTst", MISMATCH)]),
    "jades-lta-copied-arctst.json": ("B-LTA", [("sigTst", VALID["sigTst"]), ("arcTst", MISMATCH)]),
    "jades-flattened-BpT-broken-sigTst.json": ("B-T", [("sigTst", MISMATCH)]),
    "jades-t-copied-sigtst.json": ("B-T", [("adoTst", VALID["adoTst"]), ("sigTst", MISMATCH)]),
    "jades-t-duplicated-sigtst.json": ("B-T", [("sigTst", VALID["sigTst"]), ("sigTst", VALID["sigTst"])]),
    "jades-triple-LTA.json": ("B-LTA", [("sigTst", VALID["sigTst"])] + [("arcTst", VALID["arcTst"])] * 3),
    "jades-with-sigAndRefsTst-with-dot.json": (
        "B-T",
        [("sigTst", VALID["sigTst"]), ("sigRTst", SIG_R), ("rfsTst", REFS), ("sigRTst", SIG_R)],
    ),
    "jades-with-sigAndRefsTst-without-dot.json": (
        "B-T",
        [("sigTst", VALID["sigTst"]), ("sigRTst", MISMATCH), ("rfsTst", REFS), ("sigRTst", MISMATCH)],
    ),
    "jades-b-with-xvals.json": ("B-B", []),
    "altered-jws.json": ("B-B", []),
}


def levels(path: Path, anchors: list[x509.Certificate] | None = None) -> LevelReport:
    jws = parse_json_serialization(json.loads(path.read_text()))[0]
    return validate_levels(
        header=jws.header,
        unprotected=jws.unprotected,
        signing_input=jws.signing_input,
        signature_b64url=b64url_encode(jws.signature),
        tsa_anchors=anchors or [],
    )


def outcome(report: LevelReport) -> list[tuple[str, str]]:
    return [(c.details["attribute"], c.code) for c in report.checks]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dss_sample_time_stamps(name: str) -> None:
    level, expected = EXPECTED[name]
    report = levels(SAMPLES / name)
    assert report.level == level
    assert outcome(report) == expected
    for check in report.checks:
        assert check.details["genTime"]
        if check.passed:
            assert check.details["tsaTrusted"] is False and "not a trusted time" in check.message


def test_every_dss_sample_has_an_expectation() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.json")) == sorted(EXPECTED)


def test_dss_expectations_restated_faithfully() -> None:
    """The per-token outcomes above agree with DSS's assertions (messageImprintIntact) where DSS states them."""
    dss: dict[str, Any] = json.loads((SAMPLES.parent / "expected-outcomes.json").read_text())["samples"]
    for name, entry in dss.items():
        expect = entry["expect"]
        got = dict(reversed(EXPECTED[name][1]))  # first token of each attribute
        if "signatureTimestamp" in expect and "messageImprintIntact" in expect["signatureTimestamp"]:
            assert (got["sigTst"] != MISMATCH) is expect["signatureTimestamp"]["messageImprintIntact"], name
        if "archiveTimestamp" in expect and "messageImprintIntact" in expect["archiveTimestamp"]:
            assert (got["arcTst"] != MISMATCH) is expect["archiveTimestamp"]["messageImprintIntact"], name
        if "sigRTst_validationData" in expect:
            assert (got["sigRTst"] != MISMATCH) is expect["sigRTst_validationData"]["messageImprintIntact"]
            assert (got["rfsTst"] != MISMATCH) is expect["rfsTst_refsOnly"]["messageImprintIntact"]
        if expect.get("all_timestamps_messageImprintIntact"):
            assert MISMATCH not in got.values(), name


def test_poe_is_the_signature_time_stamp() -> None:
    report = levels(SAMPLES / "jades-lta.json")
    assert report.poe is not None and report.poe.isoformat() == "2021-01-25T10:20:04+00:00"
    assert (
        levels(SAMPLES / "jades-flattened-BpT-broken-sigTst.json").poe is None
    )  # a broken token proves nothing


def test_triple_lta_validation_data_and_trusted_tsas() -> None:
    anchors = x509.load_pem_x509_certificates((ANCHORS / "jades-triple-LTA.trusted.pem").read_bytes())
    report = levels(SAMPLES / "jades-triple-LTA.json", anchors)  # one certificate has a serial number <= 0
    # xVals 5 + tstVD 3 certificates; OCSP: one in rVals, one in tstVD; no CRL (DSS: JAdESTripleLTAValidationTest)
    assert (len(report.data.certificates), len(report.data.crls), len(report.data.ocsps)) == (8, 0, 2)
    assert all(c.passed and c.details["tsaTrusted"] for c in report.checks)
    assert report.poe_tsa_trusted


def test_tsa_anchor_with_the_same_name_but_another_key_is_not_trust() -> None:
    anchors = x509.load_pem_x509_certificates((ANCHORS / "jades-lta.trusted.pem").read_bytes())
    report = levels(SAMPLES / "jades-lta.json", anchors)
    assert [c.code for c in report.checks] == [VALID["sigTst"], VALID["arcTst"]]
    assert all(c.details["tsaTrusted"] is False and c.details["tsaProblem"] for c in report.checks)


def test_b_with_xvals_collects_the_certificate_values() -> None:
    report = levels(SAMPLES / "jades-b-with-xvals.json")
    assert len(report.data.certificates) == 3 and report.checks == []


def test_non_baseline_properties_are_named() -> None:
    report = levels(SAMPLES / "jades-with-sigAndRefsTst-with-dot.json")
    assert report.not_validated == ["axRefs", "rRefs", "xRefs"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sample-MC-Annex1-signed.jsonld", ["CONTENT_TIMESTAMP_VALID", VALID["sigTst"], VALID["arcTst"]]),
        ("AA-Annex1-MC-signed.jsonld", ["CONTENT_TIMESTAMP_VALID", VALID["sigTst"]]),
    ],
)
def test_official_sample_time_stamps(name: str, expected: list[str]) -> None:
    report = levels(OFFICIAL / name)
    assert [c.code for c in report.checks] == expected


def test_arc_tst_covers_the_validation_data() -> None:
    """Re-encoding rVals (which the arcTst covers) breaks the archive time-stamp, not the sigTst."""
    data = json.loads((OFFICIAL / "Sample-MC-Annex1-signed.jsonld").read_text())
    header = data["signatures"][0]["header"]
    r_vals = json.loads(base64.urlsafe_b64decode(header["etsiU"][2] + "=="))
    assert list(r_vals) == ["rVals"]
    # the same value, written with other white space: what the arcTst covers is the text as it appears
    header["etsiU"][2] = b64url_encode(json.dumps(r_vals, indent=1).encode())
    jws = parse_json_serialization(data)[0]
    report = validate_levels(
        header=jws.header,
        unprotected=jws.unprotected,
        signing_input=jws.signing_input,
        signature_b64url=b64url_encode(jws.signature),
    )
    assert [c.code for c in report.checks][1:] == [VALID["sigTst"], MISMATCH]


#: The B-level seal through the full verifier (DSS: b_level_valid / signatureIntact). Differences, by design:
#: jades-b-with-xvals uses x5t#o and iat without sigT, which an EDC seal must carry (TS 119 182-1 §5.2.1);
#: jades-triple-LTA signs a text/plain payload, which is no credential.
PROOF = {
    "altered-jws.json": "SIGNATURE_INVALID",
    "jades-b-with-xvals.json": "SIGT_MISSING",
    "jades-triple-LTA.json": "JSON_PARSE_ERROR",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dss_sample_b_level_through_the_verifier(name: str) -> None:
    import microcred

    result = microcred.verify(json.loads((SAMPLES / name).read_text()), now="2024-01-01T00:00:00Z")
    assert result.format == "jades"
    assert result.check("proof").code == PROOF.get(name, "SIGNATURE_VALID")


@pytest.mark.parametrize(
    "element",
    [
        {"rVals": {"crlVals": [{"val": base64.b64encode(b"\x30\x03\x02\x01\x01").decode()}]}},
        {"rVals": {"ocspVals": [{"val": base64.b64encode(b"\x30\x80garbage").decode()}]}},
        {"xVals": [{"x509Cert": {"val": "AAAA"}}]},
        {"rVals": [1]},
        {"tstVD": {"xVals": 5}},
        {"arcTst": {"tstTokens": "x"}},
    ],
    ids=["crl", "ocsp", "cert", "rvals-list", "tstvd", "tsttokens"],
)
def test_malformed_validation_data_is_a_finding_not_an_exception(element: dict[str, Any]) -> None:
    import microcred

    data = json.loads((OFFICIAL / "Sample-MC-Annex1-signed.jsonld").read_text())
    data["signatures"][0]["header"] = {"etsiU": [b64url_encode(json.dumps(element).encode())]}
    result = microcred.verify(data, now="2023-11-01T00:00:00Z")
    assert "ETSIU_MALFORMED" in [c.code for c in result.checks if c.name == "timestamp"]
    assert result.check("proof").passed and not result.verified


def test_too_many_tokens_are_not_all_checked() -> None:
    data = json.loads((OFFICIAL / "Sample-MC-Annex1-signed.jsonld").read_text())
    etsi_u = data["signatures"][0]["header"]["etsiU"]
    data["signatures"][0]["header"]["etsiU"] = etsi_u[:1] * 40
    jws = parse_json_serialization(data)[0]
    report = validate_levels(
        header=jws.header,
        unprotected=jws.unprotected,
        signing_input=jws.signing_input,
        signature_b64url=b64url_encode(jws.signature),
    )
    assert [c.code for c in report.checks] == ["ETSIU_MALFORMED"]
