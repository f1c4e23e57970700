"""Request handlers of the verification page (:mod:`.page`): bounded reading, verification off the event loop,
and an answer for every request (400/413 pages, never a 5xx)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..fetcher import Fetcher
from ..verification.verifier import Verifier
from .page import form_html, new_nonce, page, result_html

log = logging.getLogger(__name__)

#: Fields and files the form has (the multipart parser refuses more).
MAX_FIELDS = 4
MAX_FILES = 1


class BodyTooLarge(Exception):
    """The request body is over the page's limit."""


class Handlers:
    """``GET`` and ``POST`` of the verification page."""

    def __init__(
        self, verifier_factory: Callable[[], Verifier], fetcher: Fetcher | None, max_upload: int
    ) -> None:
        self.verifier_factory = verifier_factory
        self.fetcher = fetcher
        self.max_upload = max_upload

    def respond(self, body: str, status: int = 200) -> Any:
        """An HTML response with a strict Content-Security-Policy (nothing from elsewhere)."""
        from starlette.responses import HTMLResponse

        nonce = new_nonce()
        csp = (
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        headers = {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        }
        return HTMLResponse(page(body, nonce), status_code=status, headers=headers)

    async def verify(self, data: Any, source: str) -> str:
        """Verify ``data`` in a worker thread; the result as HTML."""
        from starlette.concurrency import run_in_threadpool

        def work() -> str:
            return result_html(self.verifier_factory().verify(data, source=source))

        return await run_in_threadpool(work)

    async def get(self, request: Any) -> Any:
        """The form; with ``?url=`` and a fetcher, the credential published there, verified."""
        try:
            url = request.query_params.get("url")
            if not url:
                return self.respond(form_html())
            if self.fetcher is None:
                note = (
                    "This page does not fetch credentials from other sites. Open the certificate PDF "
                    "(it carries the signed credential) or paste the credential below."
                )
                return self.respond(form_html(note))
            from starlette.concurrency import run_in_threadpool

            fetched = await run_in_threadpool(self.fetcher.fetch, url)
            return self.respond(await self.verify(fetched.content, url) + form_html())
        except Exception as exc:  # any failure is the input's: answer 400 with the form
            log.info("verification page: GET failed: %s", type(exc).__name__)
            return self.respond(form_html("The credential could not be fetched or read."), 400)

    async def read_body(self, request: Any) -> bytes:
        """The request body, at most ``max_upload`` bytes (:class:`BodyTooLarge` beyond)."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_upload:
            raise BodyTooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_upload:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    async def post(self, request: Any) -> Any:
        """Verify what the form sent: the uploaded file if there is one, else the pasted text."""
        try:
            body = await self.read_body(request)
            request._body = body  # Starlette parses the form from the body read above
            form = await request.form(
                max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=self.max_upload
            )
            upload = form.get("file")
            data: Any = None
            source = "pasted credential"
            if upload is not None and not isinstance(upload, str):
                data = await upload.read(self.max_upload + 1)
                source = str(upload.filename or "uploaded file")[:200]
            if not data:
                text = form.get("credential")
                data = text.strip() if isinstance(text, str) else ""
                source = "pasted credential"
            if not data:
                return self.respond(form_html("Paste a credential or choose a file first."), 400)
            return self.respond(await self.verify(data, source) + form_html())
        except BodyTooLarge:
            note = f"That is too large: at most {self.max_upload:,} bytes are accepted."
            return self.respond(form_html(note), 413)
        except Exception as exc:  # a malformed form or anything unforeseen: 400, never a 5xx
            log.info("verification page: POST failed: %s", type(exc).__name__)
            return self.respond(form_html("The request could not be read."), 400)
