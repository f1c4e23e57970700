"""The service's verifier: :class:`microcred.Verifier` with the library's limits and a local fetcher.

The fetcher answers only what this service hosts (its status lists, its did:web document) and refuses every
other URL (:class:`~microcred.errors.FetchDeniedError`), so verifying a posted credential never makes the
service fetch an attacker's URL. A credential that points elsewhere gets a ``status`` check that "could not
check" rather than a network request.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import FetchDeniedError
from ..fetcher import FetchedResource
from .did_web import did_document
from .status_hosting import STATUSLIST_JWT

if TYPE_CHECKING:
    from .app import ServiceState


class LocalFetcher:
    """A :class:`~microcred.fetcher.Fetcher` that serves this service's own documents, and nothing else."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        """The hosted document at ``url`` (a status list or the did:web document)."""
        base = self.state.config.base_url + "/status/"
        if url.startswith(base) and any(row.url == url for row in self.state.registry.lists()):
            body, media_type, _ = self.state.host.document(url, token=STATUSLIST_JWT in accept)
            return FetchedResource(url=url, content=body, content_type=media_type)
        document = did_document(self.state.config.key)
        if document is not None:
            from ..resolve.did_web import did_web_to_url

            if url == did_web_to_url(document["id"]):
                return FetchedResource(
                    url=url, content=json.dumps(document).encode(), content_type="application/did+json"
                )
        raise FetchDeniedError(f"the service fetches only what it hosts, not {url}", details={"url": url})


def make_verifier(state: ServiceState, *, domain: str | None, challenge: str | None) -> Any:
    """A verifier for one request (``domain``/``challenge``: the expected presentation audience and nonce)."""
    from .. import VerificationPolicy, Verifier

    policy = VerificationPolicy(domain=domain, challenge=challenge)
    return Verifier(now=state.clock, fetcher=LocalFetcher(state), policy=policy)
