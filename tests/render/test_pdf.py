"""The PDF certificate: PDF/A-3b structure, pikepdf's PDF/A validator, fonts for Greek and Cyrillic, the page
as people see it (pdftoppm renders it to PNG under tests/artifacts/)."""

from __future__ import annotations

import io
import json
import subprocess
from typing import Any

import pikepdf
import pytest

from microcred.render import render

from .conftest import VERIFY_URL, artifact, has_tool, issue_example, make_verifier


def _open(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def test_pdfa3_structure(certificate_pdf: bytes, secured: dict[str, Any]) -> None:
    assert certificate_pdf.startswith(b"%PDF-1.7")
    with _open(certificate_pdf) as pdf:
        root = pdf.Root
        assert "/Encrypt" not in pdf.trailer and not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        assert "/Filter" not in root.Metadata  # PDF/A: the XMP stream is not compressed
        intent = root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert root.Lang == "en"
        # associated file: /AF on the catalog, relationship Source, MIME type and dates on the stream
        (spec,) = list(root.AF)
        assert spec.AFRelationship == "/Source" and spec.F == "credential.json"
        stream = spec.EF.F
        assert stream.Subtype == "/application/vc+ld+json"
        assert str(stream.Params.CreationDate).startswith("D:") and "/ModDate" in stream.Params
        assert json.loads(stream.read_bytes()) == secured
        assert list(root.Names.EmbeddedFiles.Names)[1] == spec
        # every font embedded; nothing executable
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant.FontDescriptor, font.BaseFont
        raw = certificate_pdf
        assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/Launch" not in raw


def test_pikepdf_pdfa3b_validator(certificate_pdf: bytes) -> None:
    """pikepdf.pdfa is an allow-list validator: it approves only what it knows. It does not know embedded files
    (a PDF/A-3 feature) or a document's /OpenAction; every other finding fails this test."""
    from pikepdf.pdfa import validate_written

    report = validate_written(io.BytesIO(certificate_pdf), "3b")
    unknown = [
        f
        for f in report.findings
        if not (f.kind == "unsupported" and (f.rule == "pikepdf:embedded-file" or "/OpenAction" in f.message))
    ]
    assert unknown == [], unknown
    assert any(f.rule == "pikepdf:embedded-file" for f in report.findings)  # the validator saw the file


def test_greek_and_cyrillic_are_drawn_with_the_bundled_font() -> None:
    if not has_tool("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    title = {"en": "Data literacy", "el": "Ψηφιακός γραμματισμός δεδομένων", "bg": "Грамотност за данни"}
    secured = issue_example(title=title)
    pdf = render(secured, format="pdf", verifier=make_verifier())
    assert isinstance(pdf, bytes)
    path = artifact("certificate-scripts.pdf")
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for line in title.values():
        assert line in text
    with _open(pdf) as doc:
        names = {str(f.BaseFont) for p in doc.pages for f in p.Resources.Font.values()}
    assert all("DejaVu" in n for n in names)


def test_pages_render_to_png(certificate_pdf: bytes) -> None:
    if not has_tool("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = artifact("certificate.pdf")
    path.write_bytes(certificate_pdf)
    prefix = artifact("certificate-page")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(prefix)], check=True, timeout=120)
    pages = sorted(prefix.parent.glob("certificate-page-*.png"))
    assert pages and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    print(f"certificate pages rendered to {pages[0].parent}")


def test_qr_link_is_in_the_document(secured: dict[str, Any]) -> None:
    html = render(
        secured, verify_url=VERIFY_URL, credential_url="https://uni.example/c/1", verifier=make_verifier()
    )
    assert "Verify at<br>https://verify.example.org/verify?url=https%3A%2F%2Funi.example%2Fc%2F1" in str(html)
