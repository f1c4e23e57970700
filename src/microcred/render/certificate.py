"""``render()``: a verified micro-credential as a certificate people can read, print and share (HTML or PDF).

The credential is verified first (:class:`~microcred.verification.verifier.Verifier`; offline by default), so
the issuer and its seal are shown as verification found them, never as the credential merely claims. An
unverified credential is refused unless ``allow_unverified=True``, and then every page says NOT VERIFIED.
The micro-credential is read with :func:`microcred.from_elm` from the verified (unwrapped) credential.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import UsageError, VerificationError
from ..verification.results import VerificationResult
from ..verification.verifier import Verifier
from .document import CertificateDocument, certificate_document, model_of
from .qr import verification_link
from .seal import seal_info

#: Output formats of :func:`render`.
RENDER_FORMATS = ("html", "pdf")

#: MIME types of the embedded credential, by securing format (JSON with an embedded proof otherwise).
MIME_TYPES: dict[str, str] = {
    "vc+jwt": "application/vc+jwt",
    "vc-jwt": "application/jwt",
    "jades": "application/jose+json",
}


@dataclass(frozen=True)
class Prepared:
    """A verified credential ready to lay out: its certificate document and the secured bytes."""

    document: CertificateDocument
    result: VerificationResult
    secured: bytes


def secured_bytes(credential: Any) -> bytes:
    """The secured credential as it is embedded: text and bytes as given, a dict as JSON."""
    if isinstance(credential, bytes | bytearray):
        return bytes(credential)
    if isinstance(credential, str):
        return credential.encode("utf-8")
    return json.dumps(credential, ensure_ascii=False, indent=2).encode("utf-8")


def document_for(result: VerificationResult, *, verify_link: str | None = None) -> CertificateDocument:
    """The certificate document of a verification result (whose credential must be an ELM credential)."""
    if result.credential is None:
        raise VerificationError("the credential could not be read, so there is nothing to render")
    return certificate_document(model_of(result.credential), seal_info(result), verify_link=verify_link)


def prepare(
    credential: Any,
    *,
    verifier: Verifier | None = None,
    verify_url: str | None = None,
    credential_url: str | None = None,
    allow_unverified: bool = False,
) -> Prepared:
    """Verify ``credential`` and build its certificate document (see :func:`render`)."""
    verifier = verifier or Verifier()
    result = verifier.verify(credential)
    if not result.verified and not allow_unverified:
        failed = ", ".join(f"{c.name} {c.code}" for c in result.checks if not c.passed)
        raise VerificationError(f"the credential is not verified ({failed}); it is not rendered")
    link = verification_link(verify_url, credential_url) if verify_url else None
    if credential_url and not verify_url:
        raise UsageError("credential_url goes with verify_url (the page the QR code leads to)")
    return Prepared(document_for(result, verify_link=link), result, secured_bytes(credential))


def render(
    credential: Any,
    *,
    format: Literal["html", "pdf"] = "html",
    verify_url: str | None = None,
    credential_url: str | None = None,
    verifier: Verifier | None = None,
    allow_unverified: bool = False,
) -> str | bytes:
    """A certificate of the secured ``credential``: HTML text, or PDF/A-3b bytes with the credential embedded.

    ``verify_url`` is the verification page the QR code leads to; with ``credential_url`` (where the issuer
    publishes the credential) the link carries the credential by reference (``?url=...``), else the page asks
    for the certificate PDF. ``verifier`` sets keys, trust anchors, status lists and the clock.
    """
    if format not in RENDER_FORMATS:
        raise UsageError(f"format must be one of {', '.join(RENDER_FORMATS)}, not {format!r}")
    prepared = prepare(
        credential,
        verifier=verifier,
        verify_url=verify_url,
        credential_url=credential_url,
        allow_unverified=allow_unverified,
    )
    if format == "html":
        from .html import certificate_html

        return certificate_html(prepared.document)
    from .pdf import certificate_pdf

    fmt = prepared.result.format or ""
    compact = not prepared.secured.lstrip().startswith(b"{")
    mime = MIME_TYPES.get(fmt, "application/jwt" if compact else "application/vc+ld+json")
    created = (verifier or Verifier()).clock.now()
    return certificate_pdf(
        prepared.document,
        prepared.secured,
        mime_type=mime,
        extension="jwt" if compact else "json",
        created=created,
    )
