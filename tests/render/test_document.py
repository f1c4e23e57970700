"""The certificate document: every Annex I element, every language, controlled values in words."""

from __future__ import annotations

from typing import Any

from microcred.render.certificate import document_for
from microcred.render.document import duration

from .conftest import make_verifier


def _doc(secured: dict[str, Any]) -> Any:
    return document_for(make_verifier().verify(secured))


def test_every_annex_i_element_has_its_section(secured: dict[str, Any]) -> None:
    doc = _doc(secured)
    elements = " ".join(s.element or "" for s in doc.sections)
    for letter in "abcdefghijk":
        if letter == "e":  # the date of issuing is a row of the micro-credential section
            continue
        assert f"({letter})" in elements, letter
    labels = {row.label for s in doc.sections for row in s.rows}
    for label in (
        "Name",
        "Title",
        "Date of issuing (e)",
        "Awarding body",
        "Country / region",
        "Outcome 1",
        "Credits",
        "EQF level",
        "Type of assessment",
        "Form of participation",
        "Type",
        "Prerequisites",
        "Grade",
        "Supervision and identity verification",
        "Integration / stackability",
        "Further information",
    ):
        assert label in labels, label


def test_all_languages_and_concepts_in_words(secured: dict[str, Any]) -> None:
    doc = _doc(secured)
    assert [(p.lang, p.text) for p in doc.title] == [
        ("en", "Data Literacy for Public Administration"),
        ("de", "Datenkompetenz für die öffentliche Verwaltung"),
    ]
    assert doc.languages[:2] == ("en", "de")
    rows = {row.label: [p.text for p in row.pieces] for s in doc.sections for row in s.rows}
    assert rows["Citizenship"] == ["Italy"]
    assert rows["Credits"] == ["5 European Credit Transfer System"]
    assert rows["Volume of learning"] == ["125 hours"]
    assert rows["Date of issuing (e)"] == ["2025-06-30"]


def test_seal_is_what_verification_found(secured: dict[str, Any], tampered: dict[str, Any]) -> None:
    seal = _doc(secured).seal
    assert seal.verified and seal.format == "eddsa-rdfc-2022"
    assert seal.issuer_id == secured["issuer"]["id"]
    assert seal.issuer_name == "University of Zed Digital Credentials Office"
    assert {c.concept for c in seal.checks} >= {"FORMAT", "SEAL", "OWNER", "EXPIRY"}
    bad = _doc(tampered).seal
    assert not bad.verified and bad.verdict.startswith("NOT VERIFIED")
    assert any(c.concept == "SEAL" and c.status == "FAILED" for c in bad.checks)


def test_duration_words() -> None:
    assert duration("PT125H") == "125 hours"
    assert duration("P3DT4H") == "3 days 4 hours"
    assert duration("P1Y") == "P1Y"
    assert duration(None) == ""


def test_a_jades_seal_shows_its_certificate_and_anchor() -> None:
    from microcred import example_microcredential, issue
    from microcred.keys import Key
    from microcred.render import render
    from microcred.verification.verifier import Verifier

    from ..conftest import FROZEN_NOW, KEYS_DIR

    key = Key.load(KEYS_DIR / "seal-rsa.jwk")
    sealed = issue(example_microcredential(), key, format="jades", now="2025-06-30T10:00:00Z")
    verifier = Verifier(now=FROZEN_NOW, trust_anchors=[key.certificate_chain[-1]])
    seal = document_for(verifier.verify(sealed)).seal
    assert seal.format == "jades"
    assert seal.sealed_by == "CN=Example University seal-rsa,O=microcred test,C=EU"
    assert seal.trust_anchor is not None and seal.trust_anchor.startswith("CN=Example Test Trust Anchor CA")
    # the test seal's organisation is not the issuer's legal name: OWNER fails, so rendering needs consent
    assert not seal.verified
    pdf = render(sealed, format="pdf", verifier=verifier, allow_unverified=True)
    assert isinstance(pdf, bytes)
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.Root.AF[0].EF.F.Subtype == "/application/jose+json"
