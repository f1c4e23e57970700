"""The verification page: an ASGI sub-application that ``microcred serve`` mounts at ``/verify``.

An employer pastes, drops or opens (from the certificate's QR code) a credential or presentation in any format
the verifier reads, or uploads a certificate PDF. The page shows the verdict, each check with its Europass
verification concept in plain words, and the credential laid out as on the certificate.

* Works without JavaScript: the form is a plain ``POST`` (``multipart/form-data``); the few lines of inline
  script only let a file be dropped on the page.
* Nothing is loaded from elsewhere: inline CSS, inline SVG, a Content-Security-Policy with a per-response nonce
  for the style and the script (``default-src 'none'``), ``form-action 'self'``.
* Hostile input: the body is read up to ``max_upload`` bytes (413 beyond), the multipart parser takes one file
  and a few fields, verification never raises, and anything unexpected answers 400, never 5xx. Every text from
  the credential is HTML-escaped (:mod:`.html`).
* Accessible: ``lang``, one ``h1`` and ordered headings, labels on every control, visible keyboard focus,
  WCAG AA contrast, the verdict in a ``role="status"`` region.
* By reference (``?url=...`` in the QR link): fetched only when the app is given a ``fetcher`` (the hardened one;
  offline otherwise), else the page asks for the certificate PDF.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from html import escape
from typing import Any

from ..errors import MicrocredError
from ..fetcher import Fetcher
from ..verification.results import VerificationResult
from ..verification.verifier import Verifier
from .html import CERTIFICATE_CSS, certificate_fragment
from .seal import CONCEPT_WORDS, STATUS_WORDS

#: Largest request body accepted (a certificate PDF with its fonts and an EDC fit comfortably).
MAX_UPLOAD = 8 * 1024 * 1024

PAGE_CSS = """
body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:0;background:#eef1f7;color:#1a1a1a;line-height:1.5}
header,main{max-width:56rem;margin:0 auto;padding:1rem 1.5rem}
h1{color:#003399}
label{display:block;font-weight:bold;margin:.8rem 0 .3rem}
textarea{width:100%;min-height:9rem;font-family:monospace;font-size:.9rem;border:2px solid #555}
input[type=file]{font-size:1rem}
button{margin-top:1rem;font-size:1rem;padding:.5rem 1.2rem;background:#003399;color:#fff;border:0;border-radius:3px}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.verdict{padding:.8rem 1rem;border:3px solid;font-size:1.2rem;font-weight:bold}
.ok{border-color:#1d6b2f;background:#f1f8f2;color:#14501f}
.bad{border-color:#a4161a;background:#fdf0f0;color:#7d1013}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #c8d0e8;padding:.35rem .5rem;text-align:left;vertical-align:top}
td:first-child{width:13rem}td:nth-child(2),td:nth-child(3){white-space:nowrap}td:last-child{overflow-wrap:anywhere;word-break:break-word}
.drop{border:2px dashed #555;padding:1rem;background:#fff}
.drop.over{background:#e6ecfa}
"""

#: Drag and drop: a dropped PDF goes to the file input, text into the text area; then the form is submitted.
DROP_JS = """
const z=document.getElementById('drop'),f=document.getElementById('file'),t=document.getElementById('credential');
z.addEventListener('dragover',e=>{e.preventDefault();z.classList.add('over')});
z.addEventListener('dragleave',()=>z.classList.remove('over'));
z.addEventListener('drop',e=>{e.preventDefault();z.classList.remove('over');const d=e.dataTransfer;
if(d.files.length){f.files=d.files;z.closest('form').submit()}else{t.value=d.getData('text')}});
"""


def form_html(note: str = "") -> str:
    """The form: paste, open or drop a credential or a certificate PDF."""
    note_html = f"<p>{escape(note)}</p>" if note else ""
    return (
        '<section aria-labelledby="check-h"><h2 id="check-h">Check a credential</h2>'
        f"{note_html}"
        '<form method="post" enctype="multipart/form-data" action="">'
        '<div id="drop" class="drop">'
        '<label for="credential">Paste the credential or presentation (JSON, JWT or SD-JWT)</label>'
        '<textarea id="credential" name="credential" spellcheck="false"></textarea>'
        '<label for="file">or open a file: a certificate PDF or a credential file (you can also drop it '
        "here)</label>"
        '<input id="file" name="file" type="file" accept=".pdf,.json,.jsonld,.jwt,.txt,application/pdf">'
        "</div>"
        '<button type="submit">Verify</button></form></section>'
    )


def _checks(result: VerificationResult) -> str:
    rows = []
    for check in result.checks:
        concept = check.concept or check.name.upper()
        words = CONCEPT_WORDS.get(concept, concept.capitalize())
        status = STATUS_WORDS.get(check.status.value, check.status.value)
        rows.append(
            f'<tr class="check"><td>{escape(words)}</td><td>{escape(check.name)}</td>'
            f"<td>{escape(status)}</td><td>{escape(check.code)}: {escape(check.message)}</td></tr>"
        )
    return (
        '<section aria-labelledby="checks-h"><h2 id="checks-h">Checks</h2><table>'
        '<thead><tr><th scope="col">Europass concept</th><th scope="col">Check</th>'
        '<th scope="col">Result</th><th scope="col">Details</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _credential(result: VerificationResult) -> str:
    from .certificate import document_for

    if result.credential is None:
        return ""
    try:
        fragment = certificate_fragment(document_for(result), heading_level=2)
    except (MicrocredError, ValueError, TypeError, KeyError, AttributeError):
        return (
            "<section><h2>Credential</h2><p>This credential is not a European learning credential that this "
            "page can lay out; the checks above are its verification.</p></section>"
        )
    return f'<section aria-label="The credential">{fragment}</section>'


def result_html(result: VerificationResult) -> str:
    """The verdict, the checks and the credential as on the certificate."""
    if result.verified:
        verdict = '<p class="verdict ok">Verified: the seal is intact and every check passed.</p>'
    else:
        verdict = '<p class="verdict bad">NOT VERIFIED: do not rely on this credential.</p>'
    return (
        f'<section aria-labelledby="result-h"><h2 id="result-h">Result</h2>'
        f'<div role="status" id="verdict">{verdict}</div></section>{_checks(result)}{_credential(result)}'
    )


def page(body: str, nonce: str) -> str:
    """The whole page around ``body`` (the style and the script carry the response's CSP nonce)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Verify a micro-credential</title>"
        f'<style nonce="{nonce}">{PAGE_CSS}{CERTIFICATE_CSS}</style></head><body>'
        "<header><h1>Verify a micro-credential</h1></header>"
        f'<main>{body}</main><script nonce="{nonce}">{DROP_JS}</script></body></html>\n'
    )


def verification_app(
    *,
    verifier_factory: Callable[[], Verifier] | None = None,
    fetcher: Fetcher | None = None,
    max_upload: int = MAX_UPLOAD,
) -> Any:
    """The verification page as a Starlette app (mount it at ``/verify``); ``GET`` shows the form, ``POST`` checks."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    from .page_handlers import Handlers

    handlers = Handlers(verifier_factory or Verifier, fetcher, max_upload)
    return Starlette(
        routes=[Route("/", handlers.get, methods=["GET"]), Route("/", handlers.post, methods=["POST"])]
    )


def new_nonce() -> str:
    """A fresh CSP nonce."""
    return secrets.token_urlsafe(16)


__all__ = ["MAX_UPLOAD", "form_html", "new_nonce", "page", "result_html", "verification_app"]
