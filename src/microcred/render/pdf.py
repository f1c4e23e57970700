"""The certificate as a PDF/A-3b file with the signed credential embedded as its source.

Library choice: fpdf2 (pure Python, actively maintained, LGPL) writes PDF/A itself when asked
(``enforce_compliance="PDF/A-3B"``): it writes the XMP metadata with ``pdfaid:part=3`` /
``pdfaid:conformance=B`` and no Info dictionary, adds an sRGB output intent (the ICC's sRGB2014 v2 profile it
ships), embeds a subset of every TrueType font with a ToUnicode map, refuses encryption and JavaScript, and
embeds files as *associated files* (ISO 19005-3 §6.8: a file specification with ``/AFRelationship``, listed in
the catalog's ``/AF`` array, its embedded file stream carrying ``/Subtype`` (MIME type) and ``/Params`` dates).
So no post-processing is needed; the tests check the output with pikepdf's PDF/A-3b validator
(:mod:`pikepdf.pdfa`) and render it with poppler's ``pdftoppm``.

The embedded credential is the secured credential byte for byte (``/AFRelationship /Source``: the page was
rendered from it); ``microcred verify certificate.pdf`` verifies that attachment
(:mod:`microcred.verification.pdf_input`). Fonts: DejaVu Sans (Latin, Greek, Cyrillic), bundled in
``render/fonts`` with its licence.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any

from .document import CertificateDocument, Piece
from .qr import qr_matrix

#: Colours (RGB): EU blue for headings, dark grey text, green / red seal boxes.
BLUE = (0, 51, 153)
TEXT = (26, 26, 26)
GREY = (74, 74, 74)
GOOD = (29, 107, 47)
BAD = (164, 22, 26)

#: Name of the embedded credential (the extension follows the secured form: JSON or a compact JWS).
ATTACHMENT_STEM = "credential"


def _font_path(name: str) -> str:
    return str(resources.files("microcred.render") / "fonts" / name)


def _line(p: Piece, main: str | None) -> str:
    return f"({p.lang}) {p.text}" if p.lang and main and p.lang != main else p.text


def _new_pdf(doc: CertificateDocument, created: datetime) -> Any:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-3B")
    pdf.add_font("DejaVu", "", _font_path("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font_path("DejaVuSans-Bold.ttf"))
    pdf.set_creation_date(created)
    title = doc.title[0].text if doc.title else "Micro-credential"
    pdf.set_title(f"{title}: {doc.learner}")
    pdf.set_subject("Micro-credential certificate (EU Council Recommendation 2022/C 243/02)")
    pdf.set_creator("microcred")
    pdf.set_lang(doc.languages[0] if doc.languages else "en")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(16, 14, 16)
    pdf.alias_nb_pages()
    return pdf


def _header(pdf: Any, doc: CertificateDocument, main: str | None) -> None:
    qr = 34.0 if doc.verify_link else 0.0
    width = pdf.epw - qr - (6 if qr else 0)  # keeps the quiet zone of 4 modules clear
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(width, 6, "MICRO-CREDENTIAL CERTIFICATE", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*BLUE)
    for n, piece in enumerate(doc.title):
        pdf.set_font("DejaVu", "B" if n == 0 else "", 18 if n == 0 else 12)
        pdf.multi_cell(
            width, 8 if n == 0 else 6, _line(piece, main), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 8, f"awarded to {doc.learner}", align="L", new_x="LMARGIN", new_y="NEXT")
    if doc.verify_link:
        _qr(pdf, doc.verify_link, x=pdf.w - pdf.r_margin - qr, y=14, size=qr)
        pdf.set_y(max(pdf.get_y(), 14 + qr + 8))


def _qr(pdf: Any, link: str, *, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(link)
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * cell, y + r * cell, cell, cell, style="F")
    pdf.set_font("DejaVu", "", 6)
    pdf.set_text_color(*GREY)
    pdf.set_xy(x - 4, y + size + 0.5)
    pdf.multi_cell(size + 8, 2.6, "Scan to verify", align="C")


def _seal(pdf: Any, doc: CertificateDocument) -> None:
    seal = doc.seal
    colour = GOOD if seal.verified else BAD
    lines = [f"Issuer: {seal.issuer_name}" if seal.issuer_name else ""]
    lines += [f"Issuer identifier: {seal.issuer_id}" if seal.issuer_id else ""]
    lines += [f"Sealed with {seal.format}" if seal.format else ""]
    lines += [f"Sealed by: {seal.sealed_by}" if seal.sealed_by else ""]
    lines += [f"Seal certificate chains to: {seal.trust_anchor}" if seal.trust_anchor else ""]
    pdf.ln(2)
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.6)
    pdf.set_text_color(*colour)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(
        pdf.epw, 6, seal.verdict, border="LTR", align="L", new_x="LMARGIN", new_y="NEXT", padding=(1, 2)
    )
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 8.5)
    text = "\n".join(line for line in lines if line)
    pdf.multi_cell(
        pdf.epw, 4.5, text, border="LBR", align="L", new_x="LMARGIN", new_y="NEXT", padding=(0, 2, 1, 2)
    )


def _sections(pdf: Any, doc: CertificateDocument, main: str | None) -> None:
    for section in doc.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.set_text_color(*BLUE)
        element = f"   {section.element}" if section.element else ""
        pdf.cell(pdf.epw, 7, section.heading + element, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(200, 208, 232)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_text_color(*TEXT)
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(
            col_widths=(52, pdf.epw - 52),
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=4.4,
            padding=(0.6, 1, 0.6, 0),
            text_align="LEFT",
            v_align="TOP",
        ) as table:
            for row in section.rows:
                cells = table.row()
                cells.cell(row.label)
                cells.cell("\n".join(_line(p, main) for p in row.pieces))


def _footer(pdf: Any) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        pdf.epw,
        3.4,
        "Letters in brackets name the elements of Annex I of Council Recommendation 2022/C 243/02. This page is a "
        "picture of the credential: what is sealed is the digital credential attached to this PDF "
        "(check it with the verification page or `microcred verify`).",
        align="L",
    )


def certificate_pdf(
    doc: CertificateDocument, secured: bytes, *, mime_type: str, extension: str, created: datetime
) -> bytes:
    """The PDF/A-3b certificate of ``doc`` with ``secured`` (the signed credential) as its source file."""
    main = doc.languages[0] if doc.languages else None
    pdf = _new_pdf(doc, created)
    pdf.add_page()
    _header(pdf, doc, main)
    _seal(pdf, doc)
    _sections(pdf, doc, main)
    _footer(pdf)
    pdf.embed_file(
        bytes=secured,
        basename=f"{ATTACHMENT_STEM}.{extension}",
        mime_type=mime_type,
        associated_file_relationship="Source",
        desc="The signed credential this certificate was rendered from (what is verified)",
        creation_date=created,
        modification_date=created,
        compress=True,
    )
    return bytes(pdf.output())
