"""Status lists hosted by the service: allocation with rollover, and each list served signed at a stable URL.

* :class:`RollingAllocator` allocates ``credentialStatus`` entries from the registry's open lists and opens the
  next list (``{base}/status/{purpose}/{n}``) when every list of a purpose is full (Bitstring Status List §3.2:
  an issuer publishes as many lists as it needs; a list never changes size).
* :class:`StatusHost` answers ``GET /status/{purpose}/{n}``: the BitstringStatusListCredential (§3.1), or with
  ``Accept: application/statuslist+jwt`` the Token Status List token (draft-ietf-oauth-status-list §8.1 content
  negotiation), signed with the service key. A list is re-signed only when its bitstring changed (the registry
  is the single source of truth, so this holds across workers); ``ETag`` is the served body's SHA-256 and a
  matching ``If-None-Match`` gets 304 (RFC 9110 §13.1.2).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..errors import MicrocredError, StatusListError, StatusListFullError, StatusListNotFoundError
from ..status import StatusRegistry
from ..status.token_publication import publish_token_status_list
from .config import ServiceConfig
from .problems import Problem, from_library_error

#: Media type of a Status List Token (draft-ietf-oauth-status-list §5.1).
STATUSLIST_JWT = "application/statuslist+jwt"


def list_url(base_url: str, purpose: str, number: int) -> str:
    """The stable URL of the ``number``-th list of ``purpose``."""
    return f"{base_url}/status/{purpose}/{number}"


class RollingAllocator:
    """A :class:`~microcred.issue_options.StatusAllocator` over the registry that opens new lists as needed."""

    def __init__(self, registry: StatusRegistry, config: ServiceConfig) -> None:
        self.registry = registry
        self.config = config
        self._lock = threading.Lock()

    def _open_next(self, purpose: str) -> None:
        taken = {row.url for row in self.registry.lists()}
        number = 1
        while list_url(self.config.base_url, purpose, number) in taken:
            number += 1
        with contextlib.suppress(
            StatusListError
        ):  # another worker opened it first: allocation retries with it
            self.registry.create_list(
                list_url(self.config.base_url, purpose, number),
                purpose,
                size=self.config.list_size,
                issuer=self.config.issuer_id,
                min_size=self.config.min_list_size,
            )

    def ensure_lists(self) -> None:
        """Open the first list of every configured purpose that has none."""
        present = {row.purpose for row in self.registry.lists()}
        for purpose in self.config.status_purposes:
            if purpose not in present:
                self._open_next(purpose)

    def allocate(self, credential_id: str, purposes: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """The ``credentialStatus`` entries of ``credential_id`` (one per purpose), rolling over full lists."""
        wanted = purposes or self.config.status_purposes
        with self._lock:
            for _ in range(4):
                try:
                    return self.registry.allocate(credential_id, wanted)
                except StatusListFullError as exc:
                    purpose = str(exc.details.get("purpose") or "")
                    for name in wanted if not purpose else (purpose,):
                        self._open_next(name)
            return self.registry.allocate(credential_id, wanted)

    def token_reference(self, credential_id: str) -> tuple[str, int]:
        """The Token Status List reference ``(uri, idx)`` of the credential's revocation entry (§6.1)."""
        entry = self.allocate(credential_id, ("revocation",))[0]
        return str(entry["statusListCredential"]), int(entry["statusListIndex"])


class StatusHost:
    """Signed status lists, regenerated when their bitstring changes, with ETags."""

    def __init__(self, registry: StatusRegistry, config: ServiceConfig, *, clock: Any) -> None:
        self.registry = registry
        self.config = config
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[str, bytes, str, str]] = {}
        self._lock = threading.Lock()

    def document(self, url: str, *, token: bool) -> tuple[bytes, str, str]:
        """``(body, media type, etag)`` of the list at ``url`` (Token Status List JWT when ``token``)."""
        encoded = self.registry.bitstring(url).encode()
        kind = "jwt" if token else "vc"
        with self._lock:
            cached = self._cache.get((url, kind))
            if cached is not None and cached[0] == encoded:
                return cached[1], cached[3], cached[2]
        if token:
            signed = publish_token_status_list(self.registry, url, self.config.key, now=self.clock.now())
            body = signed.encode("ascii")
        else:
            published = self.registry.publish(
                url, self.config.key, format=self.config.status_format, clock=self.clock
            )
            body = (published if isinstance(published, str) else json.dumps(published)).encode("utf-8")
        media_type = (
            STATUSLIST_JWT
            if token
            else "application/vc+ld+json"
            if body[:1] == b"{"
            else "application/vc+jwt"
        )
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        with self._lock:
            self._cache[(url, kind)] = (encoded, body, etag, media_type)
        return body, media_type, etag


async def status_list_endpoint(request: Request) -> Response:
    """``GET /status/{purpose}/{n}``: the signed list (JWT with ``Accept: application/statuslist+jwt``)."""
    state = request.app.state.service
    purpose = request.path_params["purpose"]
    url = list_url(state.config.base_url, purpose, request.path_params["number"])
    token = STATUSLIST_JWT in request.headers.get("accept", "")
    try:
        body, media_type, etag = await run_in_threadpool(state.host.document, url, token=token)
    except StatusListNotFoundError as exc:
        raise Problem(404, "Not found", f"no status list {url}", code=exc.code) from exc
    except MicrocredError as exc:
        raise from_library_error(exc) from exc
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={state.config.status_max_age}",
        "Vary": "Accept",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
