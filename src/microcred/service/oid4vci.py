"""OpenID for Verifiable Credential Issuance 1.0 (placeholder: routes added in the next step)."""

from __future__ import annotations

from starlette.routing import Route

from .config import ServiceConfig


class IssuanceState:
    """Pending offers, codes, access tokens and nonces of OpenID4VCI (bounded, expiring)."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config


def routes() -> list[Route]:
    """The OpenID4VCI endpoints."""
    return []
