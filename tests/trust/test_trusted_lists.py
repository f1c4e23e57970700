"""EU trusted lists: the LOTL snapshot (seq 332, via pivots 282 and 300 from the OJ 2019 certificates), the
Spanish list, DSS's broken and unparsable LOTLs, and the qualified-seal decision for the official Europass sample."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

import microcred
from microcred.errors import MicrocredError
from microcred.trust.trusted_lists import TrustedLists
from microcred.trust.tsl_xml import TrustedListError

TESTS = Path(__file__).resolve().parents[1]
LISTS = TESTS / "data" / "trust" / "lists"
OFFICIAL = TESTS / "data" / "elm" / "official"
OJ = x509.load_pem_x509_certificates((LISTS / "oj-2019" / "oj-2019-C276-lotl-signers.pem").read_bytes())
SEQ248 = LISTS / "dss-seq248"
NOW = "2023-11-01T00:00:00Z"  # inside the validity of LOTL 332 and ES TL 146


@pytest.fixture(scope="module")
def eu() -> TrustedLists:
    return TrustedLists.from_directory(LISTS / "eu-snapshot", lotl_signers=OJ)


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((OFFICIAL / name).read_text())
    return data


def test_lotl_snapshot_verifies_through_the_pivots(eu: TrustedLists) -> None:
    assert eu.lotl.sequence == 332 and eu.territories() == ["ES"] and eu.problems == []
    assert "European Commission" in eu.lotl_signer.subject.rfc4514_string()
    assert eu.lotl_signer not in OJ  # only the pivots make it trusted


def test_lotl_without_its_pivots_is_refused() -> None:
    docs = [(p.name, p.read_bytes()) for p in (LISTS / "eu-snapshot").glob("*.xml") if "pivot" not in p.name]
    with pytest.raises(TrustedListError, match="not authorised"):
        TrustedLists(docs, lotl_signers=OJ)


def test_official_lta_sample_is_a_qualified_seal(eu: TrustedLists) -> None:
    result = microcred.verify(sample("Sample-MC-Annex1-signed.jsonld"), now=NOW, trusted_lists=eu)
    assert result.verified, result.summary()
    trust = result.check("trust")
    assert trust.code == "QUALIFIED_SEAL"
    assert trust.message.startswith("qualified electronic seal, ES, ")
    assert trust.details["country"] == "ES"
    assert trust.details["serviceStatus"].endswith("/granted")
    assert trust.details["statusStartingTime"] == "2023-01-31T00:00:00Z"
    assert "ANF AC Qualified Certificates for eSeal" in trust.details["trustService"]
    stamps = [c for c in result.checks if c.name == "timestamp"]
    assert len(stamps) == 3 and all(c.passed and c.details["tsaTrusted"] is False for c in stamps)
    assert all(
        "not a trusted time" in c.message for c in stamps
    )  # the test TSA is on no list: said, not failed


def test_official_b_t_sample_qualified_service_but_revocation_not_carried(eu: TrustedLists) -> None:
    result = microcred.verify(
        sample("AA-Annex1-MC-signed.jsonld"), now="2024-06-01T00:00:00Z", trusted_lists=eu
    )
    trust = result.check("trust")
    assert (trust.status.value, trust.code) == ("error", "REVOCATION_UNKNOWN")


def test_stale_lists_are_not_used_for_a_decision(eu: TrustedLists) -> None:
    result = microcred.verify(
        sample("Sample-MC-Annex1-signed.jsonld"), now="2025-01-01T00:00:00Z", trusted_lists=eu
    )
    trust = result.check("trust")
    assert (trust.status.value, trust.code) == ("error", "TRUSTED_LIST_EXPIRED")


def test_seal_from_an_unlisted_ca(eu: TrustedLists) -> None:
    import datetime as dt

    from microcred.demo_ca import make_test_certificate_chain
    from microcred.keys import Key

    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    key, _ = make_test_certificate_chain(Key.generate("P-256", did=None), organization="x", not_before=start)
    secured = microcred.issue(sample("Sample-MC-Annex1-unsigned.jsonld"), key, format="jades", now=NOW)
    trust = microcred.verify(secured, now=NOW, trusted_lists=eu).check("trust")
    assert (trust.status.value, trust.code) == ("error", "TRUSTED_LIST_MISSING")  # country EU: no list loaded
    key, _ = make_test_certificate_chain(
        Key.generate("P-256", did=None), organization="x", country="ES", not_before=start
    )
    secured = microcred.issue(sample("Sample-MC-Annex1-unsigned.jsonld"), key, format="jades", now=NOW)
    trust = microcred.verify(secured, now=NOW, trusted_lists=eu).check("trust")
    assert (trust.status.value, trust.code) == ("failed", "NOT_ON_TRUSTED_LIST")  # the ES list is loaded


def test_dss_original_lotl_248_verifies() -> None:
    signers = x509.load_pem_x509_certificates((SEQ248 / "lotl-signing-certificate.pem").read_bytes())
    lists = TrustedLists([("orig", (SEQ248 / "eu-lotl_original.xml").read_bytes())], lotl_signers=signers)
    assert lists.lotl.sequence == 248


def test_dss_broken_signature_lotl_is_refused() -> None:
    signers = x509.load_pem_x509_certificates((SEQ248 / "lotl-signing-certificate.pem").read_bytes())
    with pytest.raises(TrustedListError, match="does not verify") as caught:
        TrustedLists([("broken", (SEQ248 / "eu-lotl_broken-sig.xml").read_bytes())], lotl_signers=signers)
    assert caught.value.code == "TRUSTED_LIST_INVALID" and isinstance(caught.value, MicrocredError)


def test_dss_unparsable_lotl_is_refused_at_load() -> None:
    signers = x509.load_pem_x509_certificates((SEQ248 / "lotl-signing-certificate.pem").read_bytes())
    with pytest.raises(TrustedListError, match="not well-formed"):
        TrustedLists([("bad", (SEQ248 / "eu-lotl_not-parsable.xml").read_bytes())], lotl_signers=signers)


def test_national_list_with_a_bad_signature_is_left_out() -> None:
    docs = [(p.name, p.read_bytes()) for p in (LISTS / "eu-snapshot").glob("*.xml")]
    docs = [
        (
            n,
            d.replace(
                b"ANF AC Qualified Certificates for eSeal", b"ANF AC Qualified Certificates for eSeaL", 1
            )
            if n.startswith("ES")
            else d,
        )
        for n, d in docs
    ]
    lists = TrustedLists(docs, lotl_signers=OJ)
    assert lists.territories() == [] and any("does not verify" in p for p in lists.problems)


def test_cli_verify_with_trusted_lists(capsys: pytest.CaptureFixture[str]) -> None:
    from microcred.cli.main import main

    signers = str(LISTS / "oj-2019" / "oj-2019-C276-lotl-signers.pem")
    argv = ["verify", "--json", "--now", NOW, "--trusted-lists", str(LISTS / "eu-snapshot")]
    code = main([*argv, "--lotl-signers", signers, str(OFFICIAL / "Sample-MC-Annex1-signed.jsonld")])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["verified"] is True
    trust = next(c for c in result["checks"] if c["name"] == "trust")
    assert trust["code"] == "QUALIFIED_SEAL" and trust["details"]["country"] == "ES"


@pytest.mark.parametrize(
    "extra",
    [
        ["--trusted-lists", str(LISTS / "eu-snapshot")],  # no --lotl-signers
        ["--lotl-signers", str(LISTS / "oj-2019" / "oj-2019-C276-lotl-signers.pem")],  # no lists
        [
            "--trusted-lists",
            str(SEQ248 / "nowhere"),
            "--lotl-signers",
            str(SEQ248 / "lotl-signing-certificate.pem"),
        ],
        [
            "--trusted-lists",
            "https://ec.europa.eu/tools/lotl/eu-lotl.xml",
            "--lotl-signers",
            str(SEQ248 / "lotl-signing-certificate.pem"),
        ],
    ],
)
def test_cli_trusted_list_usage_errors(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from microcred.cli.main import main

    assert main(["verify", *extra, str(OFFICIAL / "Sample-MC-Annex1-signed.jsonld")]) == 2
    assert capsys.readouterr().err


def test_cli_refuses_a_directory_with_the_broken_lotl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microcred.cli.main import main

    (tmp_path / "list-a.xml").write_bytes((SEQ248 / "eu-lotl_broken-sig.xml").read_bytes())
    argv = [
        "verify",
        "--trusted-lists",
        str(tmp_path),
        "--lotl-signers",
        str(SEQ248 / "lotl-signing-certificate.pem"),
    ]
    assert main([*argv, str(OFFICIAL / "Sample-MC-Annex1-signed.jsonld")]) == 2
    assert "does not verify" in capsys.readouterr().err
