"""QR codes of offer and request links (the ``segno`` package: pure Python, ISO/IEC 18004), as SVG data URIs."""

from __future__ import annotations


def qr_svg_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a ``data:image/svg+xml`` URI (error correction M)."""
    import segno

    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=4))
