"""OpenID for Verifiable Presentations 1.0 (placeholder: routes added in the next step)."""

from __future__ import annotations

from starlette.routing import Route

from .config import ServiceConfig


class PresentationState:
    """Pending presentation requests and results of OpenID4VP (bounded, expiring)."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config


def routes() -> list[Route]:
    """The OpenID4VP endpoints."""
    return []
