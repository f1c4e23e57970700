"""Structured JSON logs, one object per line, without learner personal data.

Only event names, formats, outcomes, HTTP method/path/status and durations are logged: never a credential, a
claim, a token or a request body.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

LOGGER = logging.getLogger("microcred.service")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object (``ts``, ``level``, ``event`` and the record's ``fields``)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the service's logs to stderr as JSON lines (idempotent)."""
    if any(isinstance(h.formatter, JsonFormatter) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    LOGGER.propagate = False


def log_event(event: str, **fields: Any) -> None:
    """Log ``event`` with ``fields`` (which must never hold personal data)."""
    LOGGER.info(event, extra={"fields": fields})


class AccessLogMiddleware:
    """ASGI middleware: one ``request`` log line per HTTP request (method, path, status, milliseconds)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Pass the request on and log one line when it is answered."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 0}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            log_event(
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status["code"],
                ms=round((time.perf_counter() - start) * 1000, 2),
            )
