"""A certificate PDF given to the verifier: the signed credential is its PDF/A-3 associated file.

``microcred render --format pdf`` embeds the secured credential in the certificate as an associated file
(ISO 19005-3 (PDF/A-3) §6.8: an embedded file stream referenced from the catalog's ``/AF`` array, with
``/AFRelationship /Source``). What is verified is that credential, byte for byte as embedded; the printed page is
only a picture of it and is not signed, which :func:`note_pdf_source` says in the ``format`` check.

The PDF is parsed with pikepdf (qpdf, a well-kept C++ PDF library with Python wheels; its parser is hardened
against malformed files by fuzzing). The attachment is decompressed here, not by qpdf, so that a compression bomb
stops at the policy's byte limit: only unfiltered or ``/FlateDecode`` streams are accepted.
"""

from __future__ import annotations

import dataclasses
import zlib
from typing import Any

from ..errors import InputError, InputTooLargeError
from .codes import CheckName
from .results import VerificationResult

#: How a PDF file starts (ISO 32000-1 §7.5.2 "File Header"); leading white space is tolerated.
PDF_MAGIC = b"%PDF-"

#: The AFRelationship of the credential a certificate was rendered from (ISO 32000-2 §14.13.2, Table 43).
SOURCE_RELATIONSHIP = "/Source"

#: What the ``format`` check adds for a credential taken from a certificate PDF.
PRINTED_PAGE_NOTE = (
    "the credential checked is the signed file embedded in a certificate PDF; the printed page itself is not "
    "what is signed, so compare it with the credential shown by the verifier"
)


def is_pdf(data: Any) -> bool:
    """True when ``data`` is bytes that start as a PDF file does."""
    return isinstance(data, bytes | bytearray) and bytes(data[:1024]).lstrip().startswith(PDF_MAGIC)


def _file_specs(pdf: Any) -> list[Any]:
    root = pdf.Root
    specs = list(root.get("/AF", []))
    if specs:
        return specs
    names = root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    return [names[i + 1] for i in range(0, len(names) - 1, 2)][:64]


def _pick(specs: list[Any]) -> Any:
    sources = [s for s in specs if str(s.get("/AFRelationship", "")) == SOURCE_RELATIONSHIP]
    chosen = sources or specs
    if not chosen:
        raise InputError("the PDF carries no embedded credential (no associated or embedded file)")
    if len(chosen) > 1:
        raise InputError(f"the PDF carries {len(chosen)} candidate credentials; expected one")
    return chosen[0]


def _decoded(stream: Any, max_bytes: int) -> bytes:
    import pikepdf

    filters = stream.get("/Filter")
    names = [
        str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters] if filters else [])
    ]
    raw = bytes(stream.read_raw_bytes())
    if not names:
        data = raw
    elif names == ["/FlateDecode"] and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, max_bytes + 1)
        except zlib.error as exc:
            raise InputError(f"the embedded credential in the PDF is corrupt: {exc}") from exc
    else:
        raise InputError(f"the embedded credential in the PDF uses unsupported filters {names}")
    if len(data) > max_bytes:
        raise InputTooLargeError(f"the credential embedded in the PDF is larger than {max_bytes} bytes")
    return data


def pdf_credential(data: bytes, *, max_bytes: int) -> bytes:
    """The bytes of the credential embedded in a certificate PDF; :class:`InputError` if there is none."""
    import pikepdf

    if len(data) > max_bytes:
        raise InputTooLargeError(f"the PDF is {len(data)} bytes; the limit is {max_bytes}")
    try:
        with pikepdf.open(_bytes_io(data)) as pdf:
            spec = _pick(_file_specs(pdf))
            stream = spec.get("/EF", {}).get("/F")
            if not isinstance(stream, pikepdf.Stream):
                raise InputError("the PDF's associated file has no embedded file stream (/EF /F)")
            return _decoded(stream, max_bytes)
    except InputError:
        raise
    except pikepdf.PdfError as exc:
        raise InputError(f"not a readable PDF: {exc}") from exc
    except (
        AttributeError,
        TypeError,
        ValueError,
        KeyError,
    ) as exc:  # a malformed object where a dict was due
        raise InputError(f"the PDF's embedded files are malformed: {type(exc).__name__}") from exc


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def note_pdf_source(result: VerificationResult) -> VerificationResult:
    """Say in the ``format`` check that the credential came from a certificate PDF and the page is not signed."""
    for i, check in enumerate(result.checks):
        if check.name == CheckName.FORMAT:
            details = {**check.details, "container": "pdf", "printedPageSigned": False}
            message = f"{check.message} ({PRINTED_PAGE_NOTE})"
            result.checks[i] = dataclasses.replace(check, message=message, details=details)
            break  # every result has a format check (the verifier adds one on every path)
    return result
