"""The hardened fetcher, driven through a fake session and a fake DNS (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
import requests

from microcred.errors import FetchDeniedError, FetchError
from microcred.fetcher import HardenedFetcher, StaticFetcher


class FakeResponse:
    def __init__(self, status: int = 200, body: bytes = b"{}", headers: dict[str, str] | None = None) -> None:
        self.status_code = status
        self._body = body
        self.headers = headers or {"Content-Type": "application/json"}
        self.closed = False

    def iter_content(self, chunk_size: int = 1) -> Iterator[bytes]:
        for i in range(0, len(self._body), chunk_size):
            yield self._body[i : i + chunk_size]

    def close(self) -> None:
        self.closed = True


class FakeSession:
    def __init__(self, routes: dict[str, Any]) -> None:
        self.routes = routes
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        self.calls.append((url, kwargs))
        route = self.routes[url]
        if isinstance(route, Exception):
            raise route
        return cast(FakeResponse, route)


def public_dns(host: str) -> list[str]:
    return {
        "internal.example": ["10.0.0.5"],
        "v6.example": ["::1"],
        "mapped.example": ["::ffff:127.0.0.1"],
    }.get(host, ["93.184.216.34"])


def make(routes: dict[str, Any], **kw: Any) -> tuple[HardenedFetcher, FakeSession]:
    session = FakeSession(routes)
    return HardenedFetcher(session=session, resolve_host=public_dns, **kw), session


def test_fetches_https_with_timeouts_and_no_auto_redirects() -> None:
    f, s = make(
        {"https://a.example/x": FakeResponse(body=b'{"ok": true}')}, connect_timeout=2, read_timeout=3
    )
    assert f.fetch("https://a.example/x").json() == {"ok": True}
    kwargs = s.calls[0][1]
    assert kwargs["timeout"] == (2, 3) and kwargs["allow_redirects"] is False and kwargs["stream"] is True


@pytest.mark.parametrize(
    "url",
    [
        "http://a.example/x",
        "file:///etc/passwd",
        "ftp://a.example/",
        "https://user:pw@a.example/",
        "https://internal.example/x",
        "https://v6.example/x",
        "https://mapped.example/x",
        "https:///nohost",
    ],
)
def test_refuses_unsafe_urls(url: str) -> None:
    f, s = make({})
    with pytest.raises(FetchDeniedError):
        f.fetch(url)
    assert s.calls == []


def test_allow_list_of_hosts() -> None:
    f, _ = make({"https://a.example/x": FakeResponse()}, allow_hosts=["a.example"])
    f.fetch("https://a.example/x")
    with pytest.raises(FetchDeniedError, match="allow-listed"):
        f.fetch("https://b.example/x")


def test_same_host_redirect_is_followed_other_host_refused() -> None:
    f, _ = make(
        {
            "https://a.example/1": FakeResponse(302, b"", {"Location": "/2"}),
            "https://a.example/2": FakeResponse(body=b"[1]"),
            "https://a.example/3": FakeResponse(301, b"", {"Location": "https://evil.example/"}),
            "https://a.example/4": FakeResponse(307, b"", {"Location": "http://a.example/plain"}),
        }
    )
    assert f.fetch("https://a.example/1").content == b"[1]"
    with pytest.raises(FetchDeniedError, match="another host"):
        f.fetch("https://a.example/3")
    with pytest.raises(FetchDeniedError, match="https"):
        f.fetch("https://a.example/4")


def test_redirect_loop_stops() -> None:
    f, _ = make({"https://a.example/loop": FakeResponse(302, b"", {"Location": "/loop"})}, max_redirects=2)
    with pytest.raises(FetchError, match="too many redirects"):
        f.fetch("https://a.example/loop")


def test_size_cap_declared_and_streamed() -> None:
    big = b"x" * 5000
    f, _ = make(
        {
            "https://a.example/declared": FakeResponse(body=b"{}", headers={"Content-Length": "999999"}),
            "https://a.example/streamed": FakeResponse(body=big, headers={}),
        },
        max_bytes=1000,
    )
    with pytest.raises(FetchError, match="limit"):
        f.fetch("https://a.example/declared")
    with pytest.raises(FetchError, match="limit"):
        f.fetch("https://a.example/streamed")


def test_http_errors_and_transport_errors_are_wrapped() -> None:
    f, _ = make(
        {
            "https://a.example/404": FakeResponse(404),
            "https://a.example/down": requests.ConnectionError("refused"),
        }
    )
    with pytest.raises(FetchError, match="HTTP 404"):
        f.fetch("https://a.example/404")
    with pytest.raises(FetchError, match="refused") as info:
        f.fetch("https://a.example/down")
    assert isinstance(info.value.__cause__, requests.ConnectionError)


def test_results_are_cached() -> None:
    f, s = make({"https://a.example/c": FakeResponse(body=b"1")})
    f.fetch("https://a.example/c")
    f.fetch("https://a.example/c")
    assert len(s.calls) == 1


def test_static_fetcher() -> None:
    f = StaticFetcher({"https://a.example/l": '{"id": "https://a.example/l"}'})
    assert f.fetch("https://a.example/l").json()["id"] == "https://a.example/l"
    with pytest.raises(FetchDeniedError):
        f.fetch("https://a.example/other")
