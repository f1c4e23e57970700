"""``microcred serve``: the registrar's HTTP service (W3C VC-API, hosted status lists, OpenID4VCI, OpenID4VP).

Each endpoint is a thin adapter over a library call (:func:`microcred.issue`, :class:`microcred.Verifier`,
:class:`microcred.StatusRegistry`). The ASGI framework is Starlette (served by uvicorn): both are optional
dependencies (``pip install 'microcred[service]'``), imported only here.
"""

from __future__ import annotations

from .config import ServiceConfig, hash_token

__all__ = ["ServiceConfig", "create_app", "hash_token"]


def create_app(config: ServiceConfig, **kwargs: object) -> object:
    """The Starlette application for ``config`` (see :func:`microcred.service.app.create_app`)."""
    from .app import create_app as _create

    return _create(config, **kwargs)  # type: ignore[arg-type]
