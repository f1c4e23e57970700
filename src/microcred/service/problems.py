"""RFC 9457 Problem Details for HTTP APIs: every error the service answers is ``application/problem+json``.

A :class:`Problem` raised by an endpoint becomes the response; a :class:`~microcred.errors.MicrocredError`
(bad input) becomes a 400 naming its stable ``code``. Nothing about the request body is echoed back beyond the
library's own message (which names the field, never a learner's data).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from ..errors import MicrocredError

#: RFC 9457 §3: the media type of a problem details object.
PROBLEM_JSON = "application/problem+json"
#: Base of our problem ``type`` URIs (§3.1.1: a URI reference identifying the problem type).
TYPE_BASE = "https://w3id.org/microcred/problems#"


class Problem(Exception):
    """An error answer: HTTP ``status``, a short ``title``, a ``detail`` and a stable ``code``."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        code: str,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.headers = headers or {}
        #: Extension members (RFC 9457 §3.2), e.g. OAuth's ``error`` / ``error_description``.
        self.extra = extra or {}

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        """The problem details object (RFC 9457 §3.1 members, plus the extension member ``code``)."""
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        return self.extra | body

    def response(self, instance: str | None = None) -> Response:
        """The HTTP response carrying this problem."""
        text = json.dumps(self.to_dict(instance), ensure_ascii=False)
        return Response(text, status_code=self.status, media_type=PROBLEM_JSON, headers=self.headers)


def from_library_error(exc: MicrocredError) -> Problem:
    """A library error (bad input, unknown list, ...) as a 4xx problem with the error's stable code."""
    from ..errors import StatusEntryNotFoundError, StatusListNotFoundError

    status = 404 if isinstance(exc, StatusEntryNotFoundError | StatusListNotFoundError) else 400
    if exc.code == "INPUT_TOO_LARGE":
        status = 413
    return Problem(status, "Request not processed", str(exc), code=exc.code)


def bad_request(detail: str, *, code: str = "BAD_REQUEST") -> Problem:
    """A 400 problem (a malformed or incomplete request)."""
    return Problem(400, "Bad request", detail, code=code)


def oauth_error(
    error: str, detail: str, *, status: int = 400, headers: dict[str, str] | None = None
) -> Problem:
    """An OAuth 2.0 / OpenID4VC error (RFC 6749 §5.2 ``error``, ``error_description``) as a problem details
    object: a wallet reads ``error`` as usual, and the body is still RFC 9457."""
    return Problem(
        status,
        "OAuth error",
        detail,
        code=error.upper(),
        headers={"Cache-Control": "no-store"} | (headers or {}),
        extra={"error": error, "error_description": detail},
    )
