"""Certificates for people: the credential rendered as HTML or PDF/A-3 (with the signed credential attached),
and the verification page (:mod:`.page`) an employer opens from the certificate's QR code."""

from .certificate import RENDER_FORMATS, render

__all__ = ["RENDER_FORMATS", "render"]
