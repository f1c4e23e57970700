"""Request limits: body size (by ``Content-Length`` and while the body streams in) and a per-client rate limit.

The rate limit is a token bucket per client IP address (RFC 6585 §4 ``429 Too Many Requests`` with
``Retry-After`` when empty). The table of buckets is bounded: the least recently seen client is forgotten
first, so a flood of distinct addresses costs bounded memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.requests import Request

from ..errors import MicrocredError
from ..jsonio import loads_strict
from .problems import Problem, bad_request


class RateLimiter:
    """Token buckets per client key: ``rate`` tokens per second, at most ``burst``, ``max_clients`` tracked."""

    def __init__(
        self, rate: float, burst: int, max_clients: int, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._monotonic = monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """Take one token for ``client``: 0.0 when allowed, else the seconds until a token is available."""
        now = self._monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class LimitsMiddleware:
    """ASGI middleware: refuse an over-long ``Content-Length`` (413) and clients over their rate (429)."""

    def __init__(self, app: Any, *, limiter: RateLimiter, max_body_bytes: int) -> None:
        self.app = app
        self.limiter = limiter
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Refuse the request (a problem response) or pass it on to the application."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self._check(scope)
        if problem is not None:
            await problem.response(scope.get("path"))(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _check(self, scope: dict[str, Any]) -> Problem | None:
        client = scope.get("client")
        wait = self.limiter.take(str(client[0]) if client else "-")
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            return Problem(
                429,
                "Too many requests",
                f"rate limit reached; retry in {retry} s",
                code="RATE_LIMITED",
                headers={"Retry-After": retry},
            )
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    return bad_request("Content-Length is not a number", code="BAD_CONTENT_LENGTH")
                if length > self.max_body_bytes:
                    return too_large(self.max_body_bytes)
        return None


def too_large(limit: int) -> Problem:
    """The 413 problem for a body over ``limit`` bytes."""
    return Problem(
        413, "Content too large", f"the request body exceeds {limit} bytes", code="INPUT_TOO_LARGE"
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as more than ``limit`` bytes have streamed in."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json_object(request: Request, limit: int, *, max_depth: int = 64) -> dict[str, Any]:
    """The body as a JSON object (strict parsing: duplicate keys, depth and size are refused as 400/413)."""
    body = await read_body(request, limit)
    if not body.strip():
        raise bad_request("the request body is empty; a JSON object is expected", code="BODY_EMPTY")
    try:
        data = loads_strict(body, source="request body", max_bytes=limit, max_depth=max_depth)
    except MicrocredError as exc:
        raise bad_request(str(exc), code=exc.code) from exc
    if not isinstance(data, dict):
        raise bad_request("the request body must be a JSON object", code="BODY_NOT_OBJECT")
    return data


async def read_form(request: Request, limit: int) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (size-checked), one value per name."""
    from urllib.parse import parse_qsl

    body = await read_body(request, limit)
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, max_num_fields=64, strict_parsing=False
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad_request(f"the form body is not valid: {exc}", code="BAD_FORM") from exc
    out: dict[str, str] = {}
    for name, value in pairs:
        if name in out:
            raise bad_request(f"form parameter {name!r} is repeated", code="BAD_FORM")
        out[name] = value
    return out
