"""Members of a credential its ``@context`` does not define (VC Data Integrity 1.0 §2.4.3), described exactly.

Real EDC credentials carry additions the EDC context does not define, e.g. a top-level ``cnf`` (holder binding,
RFC 7800) or a ``credentialStatus`` of type ``StatusList2021Entry`` (whose terms live in
``https://w3id.org/vc/status-list/2021/v1``, which the credential does not list). What that means:

* JSON-LD processors drop them: they are not statements of the credential's RDF graph, so a consumer that reads
  the graph (a wallet, the EDC SHACL shapes of ``http://data.europa.eu/snb/model/ap/edc-generic-full``) neither
  sees nor rejects them; the shapes' verdict is the one for the credential without them;
* a Data Integrity proof (RDF canonicalization) could not cover them, which is why microcred refuses to sign such
  a document with an embedded proof;
* an enveloping signature signs bytes: the JAdES seal of an EDC signs the JSON payload, so these members *are*
  signed (changing them breaks the seal), only their meaning is undefined.

:func:`undefined_members` lists them; :func:`describe` says the above for a given securing format.
"""

from __future__ import annotations

from typing import Any

from .errors import SafeModeError
from .jsonld import check_lossless
from .jsonld.loader import DocumentLoader

#: Securing formats that sign the credential's JSON bytes (not its RDF graph).
BYTE_SIGNING_FORMATS = ("jades", "vc+jwt", "vc-jwt")


def undefined_members(credential: Any, *, loader: DocumentLoader | None = None) -> list[dict[str, str]]:
    """``{"path", "code", "message"}`` for each member or type JSON-LD would drop (``[]`` if none).

    Other JSON-LD errors (an unavailable context, invalid JSON-LD) propagate as :class:`~microcred.errors.
    JsonLdError` / :class:`~microcred.errors.DocumentLoaderError`."""
    try:
        check_lossless(credential, loader=loader)
    except SafeModeError as exc:
        errors = exc.details.get("errors") or [{"path": exc.path or "$", "message": exc.message}]
        return [
            {
                "path": str(e.get("path", "$")),
                "code": str(e.get("code", "")),
                "message": str(e.get("message")),
            }
            for e in errors
            if isinstance(e, dict)
        ]
    return []


def describe(undefined: list[dict[str, str]], *, signed_as: str | None = None) -> str:
    """One sentence about ``undefined`` for a credential secured with ``signed_as`` (a format name or None)."""
    listed = "; ".join(f"{u['path']}: {u['message']}" for u in undefined[:8])
    more = f" (and {len(undefined) - 8} more)" if len(undefined) > 8 else ""
    text = (
        f"{len(undefined)} member(s) are not defined by the credential's @context ({listed}{more}): JSON-LD "
        "processors drop them, so they are not part of its RDF graph (the EDC SHACL shapes, which validate that "
        "graph, neither see nor reject them; a Data Integrity proof could not cover them)"
    )
    if signed_as in BYTE_SIGNING_FORMATS:
        text += (
            f"; the {signed_as} signature covers the JSON bytes, so they are signed, with no defined meaning"
        )
    return text
