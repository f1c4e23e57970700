"""A certificate PDF given to the verifier: its embedded credential is verified, the page is said not to be
signed, and a tampered, missing, doubled or oversized attachment never passes (nor raises)."""

from __future__ import annotations

import io
import json
import zlib
from typing import Any

import pikepdf
import pytest

from microcred.verification.pdf_input import PRINTED_PAGE_NOTE, is_pdf, pdf_credential
from microcred.verification.policy import VerificationPolicy
from microcred.verification.verifier import Verifier

from ..conftest import FROZEN_NOW
from ..render.conftest import VERIFY_URL, issue_example, make_verifier


@pytest.fixture(scope="module")
def secured() -> dict[str, Any]:
    return issue_example()


@pytest.fixture(scope="module")
def certificate_pdf(secured: dict[str, Any]) -> bytes:
    from microcred.render import render

    pdf = render(secured, format="pdf", verify_url=VERIFY_URL, verifier=make_verifier())
    assert isinstance(pdf, bytes)
    return pdf


def _verifier(**policy: Any) -> Verifier:
    return Verifier(now=FROZEN_NOW, policy=VerificationPolicy(**policy))


def _replace_attachment(pdf_bytes: bytes, data: bytes, *, filter_flate: bool = True) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        stream = pdf.Root.AF[0].EF.F
        if filter_flate:
            stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        else:
            stream.write(data)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_embedded_credential_verifies_and_the_page_is_not_signed(certificate_pdf: bytes) -> None:
    assert is_pdf(certificate_pdf) and not is_pdf(b"{}") and not is_pdf("%PDF-")
    result = _verifier().verify(certificate_pdf, source="certificate.pdf")
    assert result.verified, result.summary()
    fmt = result.check("format")
    assert PRINTED_PAGE_NOTE in fmt.message
    assert fmt.details["container"] == "pdf" and fmt.details["printedPageSigned"] is False
    assert result.to_dict()["source"] == "certificate.pdf"


def test_a_tampered_attachment_does_not_pass(certificate_pdf: bytes, secured: dict[str, Any]) -> None:
    forged = json.loads(json.dumps(secured))
    forged["credentialSubject"]["fullName"] = {"en": "Mallory Forger"}
    pdf = _replace_attachment(certificate_pdf, json.dumps(forged).encode())
    result = _verifier().verify(pdf)
    assert not result.verified
    assert result.check("proof").status.value == "failed"
    assert PRINTED_PAGE_NOTE in result.check("format").message


def test_pdf_without_a_credential() -> None:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    result = _verifier().verify(bytes(doc.output()))
    assert not result.verified
    assert result.checks[0].code == "INVALID_INPUT" and "no embedded credential" in result.checks[0].message


def test_two_candidates_are_refused(certificate_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(certificate_pdf)) as pdf:
        spec = pdf.Root.AF[0]
        pdf.Root.AF.append(spec)
        out = io.BytesIO()
        pdf.save(out)
    result = _verifier().verify(out.getvalue())
    assert not result.verified and "2 candidate credentials" in result.checks[0].message


def test_compression_bomb_stops_at_the_limit(certificate_pdf: bytes) -> None:
    pdf = _replace_attachment(certificate_pdf, b" " * (3 * 1024 * 1024))
    assert len(pdf) < 1024 * 1024
    result = _verifier(max_bytes=2 * 1024 * 1024).verify(pdf)
    assert not result.verified and result.checks[0].code == "INPUT_TOO_LARGE"
    with pytest.raises(Exception, match="larger than"):
        pdf_credential(pdf, max_bytes=2 * 1024 * 1024)


def test_unsupported_filter_is_refused(certificate_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(certificate_pdf)) as pdf:
        stream = pdf.Root.AF[0].EF.F
        stream.write(b"41424344>", filter=pikepdf.Name.ASCIIHexDecode)
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    result = _verifier().verify(out.getvalue())
    assert not result.verified and "unsupported filters" in result.checks[0].message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /AF 5 >> endobj trailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /AF [ 2 0 R ] >> endobj 2 0 obj (x) endobj "
        b"trailer << /Root 1 0 R >>\n%%EOF",
    ],
)
def test_hostile_pdfs_fail_without_raising(data: bytes) -> None:
    result = _verifier().verify(data)
    assert not result.verified and result.checks[0].name == "format"


def test_oversized_pdf_is_refused(certificate_pdf: bytes) -> None:
    result = _verifier(max_bytes=len(certificate_pdf) - 1).verify(certificate_pdf)
    assert not result.verified and result.checks[0].code == "INPUT_TOO_LARGE"
