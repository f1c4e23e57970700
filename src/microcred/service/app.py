"""The Starlette application: routes, shared state, and the error handling that keeps every error RFC 9457.

:func:`create_app` wires the library objects (status registry, allocator, hosted lists, verifier) into a
:class:`ServiceState` and mounts the VC-API, status hosting, OpenID4VCI and OpenID4VP endpoints. Library calls
run in a thread pool; a :class:`~microcred.errors.MicrocredError` from bad input becomes a 4xx problem, and no
hostile input reaches a 5xx (an unexpected exception is answered with a 500 problem and logged, never leaked).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..clock import Clock, resolve_clock
from ..errors import MicrocredError
from ..status import StatusRegistry
from . import did_web, oid4vci, oid4vp, status_hosting, vc_api
from .config import ServiceConfig
from .limits import LimitsMiddleware, RateLimiter
from .logs import AccessLogMiddleware, log_event
from .problems import Problem, from_library_error
from .status_hosting import RollingAllocator, StatusHost
from .verification import make_verifier

T = TypeVar("T")


class ServiceState:
    """What the endpoints share: configuration, clock, registry, status allocation and hosting, verifier."""

    def __init__(self, config: ServiceConfig, *, registry: StatusRegistry, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.registry = registry
        self.allocator = RollingAllocator(registry, config)
        self.host = StatusHost(registry, config, clock=clock)
        self.vci = oid4vci.IssuanceState(config)
        self.vp = oid4vp.PresentationState(config)

    def verifier(self, domain: str | None = None, challenge: str | None = None) -> Any:
        """A :class:`microcred.Verifier` with the library's limits, reading our own status lists locally."""
        return make_verifier(self, domain=domain, challenge=challenge)

    async def call(self, work: Callable[[], T]) -> T:
        """Run a library call in the thread pool; library errors become 4xx problems."""
        try:
            return await run_in_threadpool(work)
        except MicrocredError as exc:
            raise from_library_error(exc) from exc
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # malformed input past the library
            raise Problem(
                400,
                "Request not processed",
                f"the input is not valid: {type(exc).__name__}",
                code="INVALID_INPUT",
            ) from exc

    def log(self, event: str, **fields: Any) -> None:
        """A structured log line (never personal data)."""
        log_event(event, **fields)


async def health(request: Request) -> Response:
    """``GET /health``: the service answers and its status registry is reachable."""
    state: ServiceState = request.app.state.service
    try:
        lists = await run_in_threadpool(state.registry.lists)
    except MicrocredError:
        return JSONResponse(
            {"status": "fail", "version": __version__}, status_code=503, media_type="application/health+json"
        )
    return JSONResponse(
        {"status": "pass", "version": __version__, "statusLists": len(lists)},
        media_type="application/health+json",
    )


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return exc.response(request.url.path)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
    return Problem(exc.status_code, str(exc.detail), str(exc.detail), code=code).response(request.url.path)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log_event("error", path=request.url.path, kind=type(exc).__name__)
    return Problem(
        500, "Internal error", "the service could not process the request", code="INTERNAL_ERROR"
    ).response(request.url.path)


def routes() -> list[Route]:
    """Every endpoint of the service."""
    return [
        Route("/health", health, methods=["GET"]),
        Route("/credentials/issue", vc_api.issue_endpoint, methods=["POST"]),
        Route("/credentials/verify", vc_api.verify_credential_endpoint, methods=["POST"]),
        Route("/presentations/verify", vc_api.verify_presentation_endpoint, methods=["POST"]),
        Route("/credentials/status", vc_api.status_endpoint, methods=["POST"]),
        Route("/status/{purpose}/{number:int}", status_hosting.status_list_endpoint, methods=["GET"]),
        Route("/.well-known/did.json", did_web.did_document_endpoint, methods=["GET"]),
        *oid4vci.routes(),
        *oid4vp.routes(),
    ]


def create_app(
    config: ServiceConfig, *, registry: StatusRegistry | None = None, clock: Clock | None = None
) -> Starlette:
    """The ASGI application for ``config`` (``registry`` and ``clock`` injectable for tests)."""
    clock = clock or resolve_clock(config.now)
    owned = registry is None
    registry = registry or StatusRegistry(config.registry, clock=clock)
    state = ServiceState(config, registry=registry, clock=clock)
    state.allocator.ensure_lists()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        log_event("start", base_url=config.base_url, issuer=config.issuer_id, version=__version__)
        yield
        log_event("stop")
        if owned:
            registry.close()

    app = Starlette(
        routes=routes(),
        exception_handlers={Problem: _problem, HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    app.state.service = state
    # issue 18: the verification page for people (render/page.py), with the service's own verifier
    from starlette.routing import Mount

    from ..render.page import verification_app

    app.router.routes.append(
        Mount("/verify", app=verification_app(verifier_factory=lambda: state.verifier()))
    )
    limiter = RateLimiter(config.rate_per_second, config.rate_burst, config.max_clients)
    app.add_middleware(LimitsMiddleware, limiter=limiter, max_body_bytes=config.max_body_bytes)
    app.add_middleware(AccessLogMiddleware)
    return app
