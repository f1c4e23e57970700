"""The QR code that leads to the verification page (segno: a pure-Python, well-kept QR encoder, ISO/IEC 18004).

The code carries a link, never the credential itself: a Europass credential is tens of kilobytes and a QR code
holds at most 2,953 bytes (version 40, level L). The link is the verification page (``verify_url``), with the
credential *by reference* when the issuer publishes it at a URL (``?url=...``); otherwise the page asks for the
certificate PDF, which carries the signed credential as an attachment.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from ..errors import UsageError

#: Longest link put in a QR code (keeps the code small enough to scan from paper).
MAX_LINK = 512


def verification_link(verify_url: str, credential_url: str | None = None) -> str:
    """The link the QR code carries: ``verify_url``, with ``?url=credential_url`` when the credential is published."""
    for name, url in (("verify_url", verify_url), ("credential_url", credential_url)):
        if url is None:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise UsageError(f"{name} must be an http(s) URL, not {url[:80]!r}")
    link = verify_url
    if credential_url is not None:
        link += ("&" if "?" in verify_url else "?") + urlencode({"url": credential_url})
    if len(link) > MAX_LINK:
        raise UsageError(f"the verification link is {len(link)} characters; at most {MAX_LINK} fit a QR code")
    return link


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR code's modules (True is dark), error correction level M, without the quiet zone."""
    import segno

    code = segno.make_qr(link, error="m")
    return [[bool(v) for v in row] for row in code.matrix]


def qr_svg(link: str, *, size: int = 160) -> str:
    """The QR code as inline SVG (dark modules as one path), with a 4-module quiet zone."""
    matrix = qr_matrix(link)
    n = len(matrix) + 8
    path = "".join(
        f"M{x + 4},{y + 4}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {n} {n}" '
        f'role="img" aria-label="QR code: link to the verification page" shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
