"""The parts under TrustedLists: XML reading (tsl_xml), list signatures (tsl_signature), QC statements, paths."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography import x509

from microcred.trust.path import validate_path
from microcred.trust.qc_statements import QCT_ESEAL, qc_statements
from microcred.trust.tsl_signature import verify_list_signature
from microcred.trust.tsl_xml import TrustedListError, parse_xml, read_list

from .tl_factory import T0, build

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = TESTS / "data" / "elm" / "official" / "Sample-MC-Annex1-signed.jsonld"
ANF = x509.load_pem_x509_certificate(
    (TESTS / "data" / "trust" / "ANF-AC-Qualified-Certificates-for-eSeal.pem").read_bytes()
)


def seal_certificate() -> x509.Certificate:
    protected = json.loads(SAMPLE.read_text())["signatures"][0]["protected"]
    header = json.loads(base64.urlsafe_b64decode(protected + "=="))
    return x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"<a>", "not well-formed"),
        (b"<TrustServiceStatusList/>", "not an ETSI TS 119 612"),
        (b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "document type declaration"),
        (b"<x/>" + b" " * (16 * 1024 * 1024), "over"),
    ],
)
def test_unreadable_lists(data: bytes, match: str) -> None:
    with pytest.raises(TrustedListError, match=match):
        parse_xml(data, "list.xml")


def test_read_the_test_list() -> None:
    h = build()
    tl = read_list(parse_xml(h.tl, "tl"), "tl")
    assert (tl.territory, tl.sequence, tl.issued, tl.is_lotl) == ("BE", 7, T0, False)
    assert [s.current.type.rsplit("/", 2)[-2:] for s in tl.services] == [["CA", "QC"], ["TSA", "QTST"]]
    assert tl.services[0].current.certificates == (h.ca,)
    lotl = read_list(parse_xml(h.lotl, "lotl"), "lotl")
    assert lotl.is_lotl and [p.territory for p in lotl.pointers] == ["EU", "BE"]


def test_list_signature_needs_an_accepted_canonicalization() -> None:
    h = build()
    doc = h.tl.replace(b"http://www.w3.org/TR/2001/REC-xml-c14n-20010315", b"http://example.org/c14n", 1)
    root = parse_xml(doc, "tl")
    lotl = read_list(parse_xml(h.lotl, "lotl"), "lotl")
    signer = lotl.pointers[1].certificates[0]
    with pytest.raises(TrustedListError, match="canonicalization"):
        verify_list_signature(root, [signer], signed_at=T0, source="tl")
    signed, who = verify_list_signature(parse_xml(h.tl, "tl"), [signer], signed_at=T0, source="tl")
    assert who == signer and signed.tag.endswith("TrustServiceStatusList")


def test_qc_statements_of_the_europass_test_seal() -> None:
    qc = qc_statements(seal_certificate())
    assert qc.compliance and qc.eseal and qc.types == (QCT_ESEAL,)
    assert qc_statements(ANF).types == () and not qc_statements(ANF).compliance


def test_path_outcomes() -> None:
    leaf = seal_certificate()
    at = T0.replace(year=2023, month=10)
    assert validate_path(leaf, anchors=[], moment=at).status == "untrusted"
    assert validate_path(leaf, anchors=[build().ca], moment=at).status == "untrusted"
    assert validate_path(leaf, anchors=[ANF], moment=at).status == "unknown"  # no revocation data given
    assert validate_path(leaf, anchors=[ANF], moment=at.replace(year=2030)).status == "invalid"  # expired
