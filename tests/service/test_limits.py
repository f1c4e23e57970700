"""Request limits: body size by Content-Length and while streaming, the per-client token bucket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from microcred import FixedClock
from microcred.service.app import create_app
from microcred.service.limits import RateLimiter

from .conftest import BASE, NOW, make_config


def test_token_bucket_refills_and_is_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(2.0, 3, 2, monotonic=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == 0.5
    now[0] += 0.5
    assert limiter.take("a") == 0.0
    limiter.take("b")
    limiter.take("c")
    assert len(limiter) == 2  # "a", the least recently seen, was forgotten
    assert limiter.take("a") == 0.0


def test_rate_limit_answers_429_with_retry_after(keys: dict[str, Any], tmp_path: Path) -> None:
    config = make_config(keys, tmp_path, rate_per_second=0.001, rate_burst=2)
    with TestClient(create_app(config, clock=FixedClock(NOW)), base_url=BASE) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health").status_code == 200
        limited = client.get("/health")
    assert limited.status_code == 429 and limited.json()["code"] == "RATE_LIMITED"
    assert int(limited.headers["retry-after"]) >= 1


def test_body_too_large_by_content_length_and_by_stream(keys: dict[str, Any], tmp_path: Path) -> None:
    config = make_config(keys, tmp_path, max_body_bytes=1000)
    with TestClient(create_app(config, clock=FixedClock(NOW)), base_url=BASE) as client:
        declared = client.post("/credentials/verify", content=b"{" + b" " * 2000 + b"}")
        assert declared.status_code == 413 and declared.json()["code"] == "INPUT_TOO_LARGE"

        def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
            yield b'{"verifiableCredential": "'
            for _ in range(20):
                yield b"x" * 100
            yield b'"}'

        streamed = client.post("/credentials/verify", content=chunks())
        assert streamed.status_code == 413 and streamed.json()["code"] == "INPUT_TOO_LARGE"
        assert client.post(
            "/credentials/verify", content=b"{", headers={"content-length": "x"}
        ).status_code in (400, 413)
