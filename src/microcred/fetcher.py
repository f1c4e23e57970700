"""The one hardened HTTP fetcher microcred uses when a caller opts in to the network.

Used for did:web documents, status list credentials and allow-listed JSON-LD contexts. Rules:
https only; host names resolving to private, loopback, link-local or reserved addresses are refused;
connect/read timeouts; a response size cap (streamed, so a huge body is cut off early); redirects are
followed by hand, at most a few, only to the same host and re-checked; successful responses are cached.

Nothing in microcred touches the network unless it was handed a :class:`Fetcher`.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urljoin, urlsplit

from .errors import FetchDeniedError, FetchError
from .jsonio import loads_strict


@dataclass(frozen=True)
class FetchedResource:
    """What a fetch returned: the final URL, the body and its media type."""

    url: str
    content: bytes
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body parsed as strict JSON."""
        return loads_strict(self.content, source=self.url)


@runtime_checkable
class Fetcher(Protocol):
    """Anything that can fetch a URL. Tests inject a fake; production uses :class:`HardenedFetcher`."""

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        """Fetch ``url`` (asking for the ``accept`` media type); a MicrocredError when it cannot."""


HostResolver = Callable[[str], Iterable[str]]


def _system_resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


class HardenedFetcher:
    """HTTPS fetcher with timeouts, a size cap, same-host redirects only and no private addresses.

    ``session`` is anything with a ``requests.Session``-like ``get``; ``resolve_host`` maps a host name to IP
    addresses. Both are injectable so embedders can add proxies and tests can stay offline.
    """

    def __init__(
        self,
        *,
        allow_hosts: Iterable[str] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_redirects: int = 3,
        cache_size: int = 256,
        cache_ttl: float = 300.0,
        allow_private: bool = False,
        session: Any = None,
        resolve_host: HostResolver | None = None,
    ) -> None:
        self.allow_hosts = {h.lower() for h in allow_hosts} if allow_hosts is not None else None
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.cache_ttl = cache_ttl
        self.allow_private = allow_private
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], tuple[float, FetchedResource]] = OrderedDict()
        self._lock = threading.Lock()
        self._session = session
        self._resolve = resolve_host or _system_resolve

    # -- policy ---------------------------------------------------------------------------------------------
    def check_url(self, url: str) -> str:
        """Raise :class:`FetchDeniedError` unless ``url`` may be fetched; return its host."""
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise FetchDeniedError(
                f"refusing to fetch {url}: only https URLs are fetched", details={"url": url}
            )
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchDeniedError(f"refusing to fetch {url}: no host", details={"url": url})
        if parts.username or parts.password:
            raise FetchDeniedError(f"refusing to fetch {url}: credentials in URL", details={"url": url})
        if self.allow_hosts is not None and host not in self.allow_hosts:
            raise FetchDeniedError(
                f"refusing to fetch {url}: host {host} is not allow-listed", details={"url": url}
            )
        if not self.allow_private:
            for address in self._resolve(host):
                if not _is_public(address):
                    raise FetchDeniedError(
                        f"refusing to fetch {url}: {host} resolves to non-public address {address}",
                        details={"url": url, "address": address},
                    )
        return host

    # -- fetching -------------------------------------------------------------------------------------------
    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        """Fetch ``url`` over HTTPS within the size, time and redirect limits (cached per URL and media type)."""
        key = (url, accept)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit and now - hit[0] < self.cache_ttl:
                self._cache.move_to_end(key)
                return hit[1]
        resource = self._fetch_uncached(url, accept)
        with self._lock:
            self._cache[key] = (now, resource)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return resource

    def post(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str,
        accept: str,
        headers: dict[str, str] | None = None,
    ) -> FetchedResource:
        """POST ``body`` to ``url`` under the same policy as :meth:`fetch` (no cache; redirects refused).

        For request/response protocols such as RFC 3161 time-stamping and the CSC API (``headers`` adds e.g. an
        ``Authorization`` header).
        """
        return self._fetch_uncached(url, accept, post=(body, content_type), extra_headers=headers)

    def _get_session(self) -> Any:
        if self._session is None:
            import requests

            self._session = requests.Session()
            self._session.trust_env = False
        return self._session

    def _fetch_uncached(
        self,
        url: str,
        accept: str,
        *,
        post: tuple[bytes, str] | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> FetchedResource:
        import requests

        first_host = self.check_url(url)
        current = url
        for _ in range(self.max_redirects + 1 if post is None else 1):
            headers = {**(extra_headers or {}), "Accept": accept, "Accept-Encoding": "identity"}
            try:
                if post is None:
                    response = self._get_session().get(
                        current, headers=headers, timeout=self.timeout, allow_redirects=False, stream=True
                    )
                else:
                    response = self._get_session().post(
                        current,
                        data=post[0],
                        headers={**headers, "Content-Type": post[1]},
                        timeout=self.timeout,
                        allow_redirects=False,
                        stream=True,
                    )
            except requests.RequestException as exc:
                raise FetchError(f"fetching {current} failed: {exc}", details={"url": current}) from exc
            try:
                if response.status_code in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"redirect from {current} has no Location", details={"url": current})
                    target = urljoin(current, location)
                    if self.check_url(target) != first_host:
                        raise FetchDeniedError(
                            f"refusing redirect from {current} to another host: {target}",
                            details={"url": current, "location": target},
                        )
                    current = target
                    continue
                if response.status_code != 200:
                    raise FetchError(
                        f"fetching {current} returned HTTP {response.status_code}",
                        details={"url": current, "status": response.status_code},
                    )
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        f"{current} is {declared} bytes; the limit is {self.max_bytes}",
                        details={"url": current},
                    )
                body = bytearray()
                for chunk in response.iter_content(chunk_size=65536):
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise FetchError(
                            f"{current} is larger than the limit of {self.max_bytes} bytes",
                            details={"url": current},
                        )
                headers = {k.lower(): v for k, v in response.headers.items()}
                return FetchedResource(
                    url=current,
                    content=bytes(body),
                    content_type=headers.get("content-type", "").split(";")[0].strip(),
                    headers=headers,
                )
            except requests.RequestException as exc:
                raise FetchError(f"reading {current} failed: {exc}", details={"url": current}) from exc
            finally:
                response.close()
        raise FetchError(f"too many redirects fetching {url}", details={"url": url})


class StaticFetcher:
    """An offline fetcher that serves fixed bytes per URL (tests, air-gapped verifiers, ``--status-list``)."""

    def __init__(self, resources: dict[str, bytes | str] | None = None) -> None:
        self._resources: dict[str, bytes] = {}
        for url, body in (resources or {}).items():
            self.add(url, body)

    def add(self, url: str, body: bytes | str) -> None:
        """Serve ``body`` for ``url``."""
        self._resources[url] = body.encode("utf-8") if isinstance(body, str) else body

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        """The body added for ``url``; :class:`~microcred.errors.FetchError` when there is none."""
        try:
            return FetchedResource(url=url, content=self._resources[url])
        except KeyError:
            raise FetchDeniedError(f"offline: no resource for {url}", details={"url": url}) from None
