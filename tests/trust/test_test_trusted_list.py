"""LOTL -> national TL -> CA/QC service -> seal, with keys the tests own (tests/trust/tl_factory.py), offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.clock import format_datetime
from microcred.trust.trusted_lists import TrustedLists
from microcred.trust.tsl_xml import TrustedListError

from .tl_factory import INFO, QCT_ESIGN, STATUS, SVC, T0, Hierarchy, ServiceSpec, build

CREDENTIAL = (
    Path(__file__).resolve().parents[1] / "data" / "elm" / "official" / "Sample-MC-Annex1-unsigned.jsonld"
)
SIGNED_AT = T0 + dt.timedelta(days=1)


def trust_check(h: Hierarchy, *, signed_at: dt.datetime = SIGNED_AT, now: dt.datetime | None = None) -> Any:
    lists = TrustedLists([("lotl.xml", h.lotl), ("tl.xml", h.tl)], lotl_signers=[h.lotl_signer])
    credential = json.loads(CREDENTIAL.read_text())
    secured = microcred.issue(credential, h.seal, format="jades", now=format_datetime(signed_at))
    when = format_datetime(now or signed_at + dt.timedelta(hours=1))
    return microcred.verify(secured, now=when, trusted_lists=lists).check("trust")


def test_qualified_seal() -> None:
    check = trust_check(build())
    assert (check.status.value, check.code) == ("passed", "QUALIFIED_SEAL")
    assert check.message.startswith("qualified electronic seal, BE, Test QC for eSeals (Test Trust Services)")
    assert check.details["poeSource"] == "validation time" and check.details["level"] == "B-B"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"service": ServiceSpec(type=SVC + "CA/PKC")}, "SERVICE_NOT_QUALIFIED_CA"),
        ({"service": ServiceSpec(status=STATUS + "withdrawn")}, "SERVICE_NOT_GRANTED"),
        ({"service": ServiceSpec(usages=(INFO + "ForeSignatures",))}, "SERVICE_NOT_FOR_SEALS"),
        ({"qc_compliance": False}, "CERTIFICATE_NOT_QUALIFIED"),
        ({"qc_types": (QCT_ESIGN,)}, "CERTIFICATE_NOT_ESEAL"),
    ],
)
def test_not_a_qualified_seal(kwargs: dict[str, Any], code: str) -> None:
    check = trust_check(build(**kwargs))
    assert (check.status.value, check.code) == ("failed", code)


def test_no_qc_type_but_a_service_only_for_seals_is_a_seal() -> None:
    assert trust_check(build(qc_types=())).code == "QUALIFIED_SEAL"


def test_status_at_the_signing_time_comes_from_the_history() -> None:
    withdrawn = T0 + dt.timedelta(days=10)
    spec = ServiceSpec(
        status=STATUS + "withdrawn",
        starting=withdrawn,
        history=[(STATUS + "granted", T0 - dt.timedelta(days=100))],
    )
    h = build(service=spec)
    assert (
        trust_check(h).code == "QUALIFIED_SEAL"
    )  # granted when sealed (B-B: the validation time is the POE)
    late = trust_check(h, signed_at=withdrawn + dt.timedelta(days=1))
    assert (late.status.value, late.code) == ("failed", "SERVICE_NOT_GRANTED")
    assert "withdrawn" in late.message


def test_list_past_its_next_update_decides_nothing() -> None:
    check = trust_check(build(), now=T0 + dt.timedelta(days=200))
    assert (check.status.value, check.code) == ("error", "TRUSTED_LIST_EXPIRED")


def test_lotl_signed_by_an_unauthorised_certificate_is_refused() -> None:
    h = build()
    with pytest.raises(TrustedListError, match="not authorised"):
        TrustedLists([("lotl.xml", h.lotl)], lotl_signers=[h.ca])
    tampered = h.lotl.replace(b"https://tl.test/be.xml", b"https://tl.test/bx.xml", 1)
    with pytest.raises(TrustedListError, match="does not verify"):
        TrustedLists([("lotl.xml", tampered)], lotl_signers=[h.lotl_signer])


def test_tampered_national_list_is_left_out() -> None:
    h = build()
    tampered = h.tl.replace(b"Test QC for eSeals", b"Test QC for eSealz", 1)
    lists = TrustedLists([("lotl.xml", h.lotl), ("tl.xml", tampered)], lotl_signers=[h.lotl_signer])
    assert lists.territories() == [] and lists.problems
    credential = json.loads(CREDENTIAL.read_text())
    secured = microcred.issue(credential, h.seal, format="jades", now=format_datetime(SIGNED_AT))
    check = microcred.verify(secured, now=format_datetime(SIGNED_AT), trusted_lists=lists).check("trust")
    assert (check.status.value, check.code) == ("error", "TRUSTED_LIST_MISSING")


def test_directory_lists_are_found_by_content(tmp_path: Path) -> None:
    h = build()
    (tmp_path / "a.xml").write_bytes(h.tl)  # names say nothing
    (tmp_path / "b.xml").write_bytes(h.lotl)
    lists = TrustedLists.from_directory(tmp_path, lotl_signers=[h.lotl_signer])
    assert lists.territories() == ["BE"] and lists.lotl.territory == "EU"
    assert lists.tsa_anchors() == [h.tsa]


def test_fetching_the_lists_goes_through_the_fetcher() -> None:
    from microcred.fetcher import StaticFetcher

    h = build()
    fetcher = StaticFetcher({"https://lotl.test/eu-lotl.xml": h.lotl, "https://tl.test/be.xml": h.tl})
    lists = TrustedLists.fetch(
        fetcher, lotl_signers=[h.lotl_signer], lotl_url="https://lotl.test/eu-lotl.xml"
    )
    assert lists.territories() == ["BE"]


def test_pre_eidas_status_counts_as_granted_only_before_2016_07() -> None:
    early = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    assert trust_check(build(service=ServiceSpec(status=STATUS + "undersupervision", starting=early))).passed
    late = ServiceSpec(status=STATUS + "undersupervision", starting=T0 - dt.timedelta(days=100))
    assert trust_check(build(service=late)).code == "SERVICE_NOT_GRANTED"
