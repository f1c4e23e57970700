"""The certificate as HTML: a standalone page (``microcred render --format html``) and the fragment the
verification page shows.

Everything in a credential is attacker-controlled, so every text goes through :func:`html.escape` (quotes too);
links are shown as text, never as ``href``. Nothing is loaded from elsewhere: the CSS is inline and the QR code
is inline SVG. Each text carries its ``lang`` attribute so that screen readers pronounce it right.
"""

from __future__ import annotations

from html import escape

from .document import CertificateDocument, Piece
from .qr import qr_svg

#: The certificate's style (shared with the verification page). Colours meet WCAG 2.1 AA contrast on white.
CERTIFICATE_CSS = """
.certificate{max-width:52rem;margin:1rem auto;padding:1.5rem 2rem;border:6px double #003399;background:#fff;
 color:#1a1a1a;font-family:"DejaVu Sans",Verdana,sans-serif;line-height:1.45}
.certificate .title{color:#003399;font-size:1.7rem;margin:.2rem 0;border:0}
.certificate .sec{color:#003399;font-size:1.1rem;border-bottom:1px solid #c8d0e8;margin:1.2rem 0 .4rem}
.certificate .kicker{text-transform:uppercase;letter-spacing:.08em;color:#4a4a4a;font-size:.85rem}
.certificate .learner{font-size:1.3rem;margin:.2rem 0 1rem}
.certificate dl{display:grid;grid-template-columns:minmax(9rem,16rem) 1fr;gap:.15rem 1rem;margin:0}
.certificate dt{font-weight:bold;color:#333}
.certificate dd{margin:0;overflow-wrap:anywhere}
.certificate .other-lang{color:#4a4a4a}
.certificate .seal{border:2px solid #1d6b2f;padding:.6rem 1rem;margin:1rem 0;background:#f1f8f2}
.certificate .seal.bad{border-color:#a4161a;background:#fdf0f0}
.certificate .head{display:flex;justify-content:space-between;gap:1rem;align-items:flex-start}
.certificate .qr{text-align:center;font-size:.75rem;color:#4a4a4a;max-width:11rem;overflow-wrap:anywhere}
.certificate .note{font-size:.8rem;color:#4a4a4a}
"""


def _piece(p: Piece, main: str | None) -> str:
    lang = f' lang="{escape(p.lang)}"' if p.lang else ""
    tag = f"({escape(p.lang)}) " if p.lang and main and p.lang != main else ""
    cls = ' class="other-lang"' if tag else ""
    return f"<span{lang}{cls}>{tag}{escape(p.text)}</span>"


def _pieces(pieces: tuple[Piece, ...], main: str | None) -> str:
    return "<br>".join(_piece(p, main) for p in pieces)


def seal_html(doc: CertificateDocument) -> str:
    """The seal box: verdict, issuer and who sealed it, as verification found them."""
    seal = doc.seal
    rows = [
        ("Issuer", seal.issuer_name or ""),
        ("Issuer identifier", seal.issuer_id or ""),
        ("Sealed with", seal.format or ""),
        ("Sealed by", seal.sealed_by or ""),
        ("Seal certificate chains to", seal.trust_anchor or ""),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    cls = "seal" if seal.verified else "seal bad"
    return (
        f'<section class="{cls}" aria-label="Seal"><p><strong>{escape(seal.verdict)}</strong></p>'
        f"<dl>{items}</dl></section>"
    )


def certificate_fragment(doc: CertificateDocument, *, heading_level: int = 1) -> str:
    """The certificate as an ``<article>`` (headings start at ``heading_level``)."""
    main = doc.languages[0] if doc.languages else None
    h1, h2 = f"h{heading_level}", f"h{heading_level + 1}"
    parts = ['<article class="certificate">', '<div class="head"><div>']
    parts.append('<p class="kicker">Micro-credential certificate</p>')
    parts.append(f'<{h1} class="title">{_pieces(doc.title, main)}</{h1}>')
    parts.append(f'<p class="learner">awarded to <strong>{escape(doc.learner)}</strong></p></div>')
    if doc.verify_link:
        parts.append(
            f'<div class="qr">{qr_svg(doc.verify_link, size=132)}'
            f"<br>Verify at<br>{escape(doc.verify_link)}</div>"
        )
    parts.append("</div>")
    parts.append(seal_html(doc))
    for section in doc.sections:
        element = f" {escape(section.element)}" if section.element else ""
        parts.append(
            f'<section><{h2} class="sec">{escape(section.heading)}<span class="note">{element}</span></{h2}><dl>'
        )
        for row in section.rows:
            parts.append(f"<dt>{escape(row.label)}</dt><dd>{_pieces(row.pieces, main)}</dd>")
        parts.append("</dl></section>")
    parts.append(
        '<p class="note">Letters in brackets name the elements of Annex I of Council Recommendation '
        "2022/C 243/02. This page is a picture of the credential: what is sealed is the digital credential.</p>"
    )
    parts.append("</article>")
    return "".join(parts)


def certificate_html(doc: CertificateDocument) -> str:
    """A standalone HTML page of the certificate (inline CSS, nothing loaded from elsewhere)."""
    lang = escape(doc.languages[0]) if doc.languages else "en"
    title = escape(doc.title[0].text if doc.title else "Micro-credential")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>body{{background:#eef1f7;margin:0}}{CERTIFICATE_CSS}</style></head>"
        f"<body><main>{certificate_fragment(doc)}</main></body></html>\n"
    )
