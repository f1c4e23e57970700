"""A client for the Cloud Signature Consortium API v2.0 (CSC, "Architectures and protocols for remote signature
applications", v2.0.0.2): OAuth 2.0 client credentials, then JSON POSTs to ``{serviceURL}/csc/v2/<method>``.

* Authorization: CSC v2 §8.3.3 ``oauth2/token`` with ``grant_type=client_credentials`` (RFC 6749 §4.4, client
  authenticated in the body, §2.3.1); the access token is sent as ``Authorization: Bearer`` (RFC 6750 §2.1) and
  fetched again when it expires or the service answers 401.
* Every call goes through a :class:`CscTransport`. The default, :class:`FetcherTransport`, is microcred's hardened
  fetcher (https only, no private addresses, timeouts, size cap). Tests inject a transport that reaches their own
  127.0.0.1 server; nothing in the library weakens the default.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from ..errors import FetchError, MicrocredError, SignerError, SignerUnavailableError, UsageError
from ..fetcher import HardenedFetcher
from ..jsonio import loads_strict

#: Largest CSC response accepted (a credentials/info with a long chain, or a signHash of a big batch).
MAX_RESPONSE_BYTES = 4 * 1024 * 1024


class CscTransport(Protocol):
    """Sends one POST and returns the status and body (a MicrocredError when the service cannot be reached)."""

    def post(
        self, url: str, body: bytes, *, content_type: str, headers: Mapping[str, str]
    ) -> tuple[int, bytes]:
        """POST ``body`` to ``url``; ``(HTTP status, response body)``."""


class FetcherTransport:
    """The production transport: :class:`~microcred.fetcher.HardenedFetcher` (https only, bounded, timeouts)."""

    def __init__(self, fetcher: HardenedFetcher | None = None, *, timeout: float = 30.0) -> None:
        self.fetcher = fetcher or HardenedFetcher(read_timeout=timeout, max_bytes=MAX_RESPONSE_BYTES)

    def post(
        self, url: str, body: bytes, *, content_type: str, headers: Mapping[str, str]
    ) -> tuple[int, bytes]:
        """POST through the hardened fetcher; a non-200 answer is reported with its status."""
        try:
            resource = self.fetcher.post(
                url, body, content_type=content_type, accept="application/json", headers=dict(headers)
            )
        except FetchError as exc:
            status = exc.details.get("status") if isinstance(exc.details, dict) else None
            if isinstance(status, int):
                return status, b""
            raise
        return 200, resource.content


class CscClient:
    """OAuth2 client-credentials session with one CSC v2 service."""

    def __init__(
        self,
        service_url: str,
        *,
        client_id: str,
        client_secret: str,
        token_url: str | None = None,
        transport: CscTransport | None = None,
        scope: str | None = "service",
    ) -> None:
        if not isinstance(service_url, str) or urlsplit(service_url).scheme not in ("https", "http"):
            raise UsageError(f"the CSC service URL must be an absolute URL, not {service_url!r}")
        self.service_url = service_url.rstrip("/")
        self.token_url = token_url or f"{self.service_url}/oauth2/token"
        self._client = (client_id, client_secret)
        self._scope = scope
        self.transport: CscTransport = transport or FetcherTransport()
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()
        #: Requests sent (token requests included): what the batch benchmarks count as round trips.
        self.round_trips = 0

    # -- OAuth 2.0 -----------------------------------------------------------------------------------------------
    def _access_token(self, *, renew: bool = False) -> str:
        with self._lock:
            if self._token and not renew and time.monotonic() < self._token[1]:
                return self._token[0]
            form = {
                "grant_type": "client_credentials",
                "client_id": self._client[0],
                "client_secret": self._client[1],
            }
            if self._scope:
                form["scope"] = self._scope
            status, body = self._send(
                self.token_url, urlencode(form).encode(), "application/x-www-form-urlencoded", {}
            )
            if status != 200:
                raise SignerError(
                    f"the CSC token endpoint {self.token_url} refused the client credentials (HTTP {status})"
                )
            answer = self._json(body, "oauth2/token")
            token = answer.get("access_token")
            if not isinstance(token, str) or not token:
                raise SignerError("the CSC token endpoint returned no access_token")
            lifetime = answer.get("expires_in", 3600)
            lifetime = lifetime if isinstance(lifetime, int) and lifetime > 0 else 3600
            self._token = (token, time.monotonic() + max(lifetime - 30, 1))
            return token

    # -- API calls -----------------------------------------------------------------------------------------------
    def call(self, method: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """POST ``request`` to ``{serviceURL}/csc/v2/{method}``; the JSON object answered (SignerError otherwise)."""
        url = f"{self.service_url}/csc/v2/{method}"
        body = json.dumps(request, separators=(",", ":")).encode()
        for attempt in (0, 1):
            headers = {"Authorization": f"Bearer {self._access_token(renew=attempt == 1)}"}
            status, raw = self._send(url, body, "application/json", headers)
            if status == 401 and attempt == 0:
                continue  # the access token expired: get a new one once
            if status != 200:
                detail = self._error_text(raw)
                raise SignerError(
                    f"CSC {method} failed with HTTP {status}{': ' + detail if detail else ''}",
                    details={"method": method, "status": status},
                )
            return self._json(raw, method)
        raise SignerError(f"CSC {method}: the service keeps refusing the access token")  # pragma: no cover

    def _send(
        self, url: str, body: bytes, content_type: str, headers: Mapping[str, str]
    ) -> tuple[int, bytes]:
        self.round_trips += 1
        try:
            return self.transport.post(url, body, content_type=content_type, headers=headers)
        except MicrocredError as exc:
            raise SignerUnavailableError(
                f"the CSC service cannot be reached: {exc.message}", details={"url": url}
            ) from exc
        except OSError as exc:  # a transport's own socket error or timeout
            raise SignerUnavailableError(
                f"the CSC service cannot be reached: {exc}", details={"url": url}
            ) from exc

    @staticmethod
    def _json(raw: bytes, method: str) -> dict[str, Any]:
        try:
            value = loads_strict(raw, source=f"CSC {method} response")
        except MicrocredError as exc:
            raise SignerError(f"CSC {method} answered with invalid JSON: {exc.message}") from exc
        if not isinstance(value, dict):
            raise SignerError(f"CSC {method} answered with JSON that is not an object")
        return value

    @staticmethod
    def _error_text(raw: bytes) -> str:
        try:
            value = json.loads(raw.decode("utf-8")) if raw else {}
        except (ValueError, UnicodeDecodeError):
            return ""
        if isinstance(value, dict):  # CSC v2 §10.1 error object: error, error_description
            return " ".join(str(value[k])[:200] for k in ("error", "error_description") if k in value)
        return ""
