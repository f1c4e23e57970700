"""``microcred serve``: run the HTTP service (VC-API, hosted status lists, OpenID4VCI, OpenID4VP) with uvicorn.

Settings come from the options, a TOML ``--config`` file (options win) and ``MICROCRED_API_TOKENS``. uvicorn
handles SIGINT/SIGTERM gracefully (in-flight requests finish, then the registry is closed by the app's lifespan).
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from ._common import CliError

_ARGS_ENV = "MICROCRED_SERVE_ARGS"
#: The public base URL when --base-url is not given (for containers).
BASE_URL_ENV = "MICROCRED_BASE_URL"
INSTALL_HINT = "the service needs its optional dependencies: pip install 'microcred[service]'"


def register(sub: Any) -> None:
    """Add the ``serve`` sub-command."""
    p = sub.add_parser(
        "serve",
        help="run the issuing and verifying HTTP service (VC-API, status lists, OpenID4VCI/VP)",
        description="Run the microcred HTTP service with uvicorn. Issuing and status changes need a bearer token "
        "(configured as SHA-256 hashes in --config, or as tokens in MICROCRED_API_TOKENS).",
    )
    p.add_argument("--key", metavar="KEY", help="the issuer's private signing key (JWK or PEM file)")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (default 8000)")
    p.add_argument("--registry", metavar="URL", help="status registry: SQLite path or SQLAlchemy URL")
    p.add_argument(
        "--base-url", metavar="URL", help="public URL of the service (status list URLs, issuer id)"
    )
    p.add_argument("--config", metavar="FILE", help="TOML configuration file")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    p.set_defaults(func=run)


def build_config(args: argparse.Namespace) -> Any:
    """The :class:`~microcred.service.ServiceConfig` of the command line (file, then options, then env tokens)."""
    from ..service.config import ServiceConfig, load_config_file
    from ._input import load_key

    settings: dict[str, Any] = load_config_file(args.config) if args.config else {}
    if args.key:
        settings["key"] = load_key(args.key)
    if "key" not in settings:
        raise CliError("serve needs a signing key: --key KEY (or key_file in --config)")
    if args.registry:
        settings["registry"] = args.registry
    port = args.port or 8000
    host = args.host or "127.0.0.1"
    settings["base_url"] = (
        args.base_url or os.environ.get(BASE_URL_ENV) or settings.get("base_url") or f"http://{host}:{port}"
    )
    return ServiceConfig(**settings).with_env_tokens()


def run(args: argparse.Namespace) -> int:
    """Start uvicorn with the service application."""
    try:
        import uvicorn

        from ..service.app import create_app
        from ..service.logs import configure_logging
    except ImportError as exc:
        raise CliError(f"{INSTALL_HINT} ({exc.name} is missing)") from exc
    config = build_config(args)  # checked here, so that a bad setting fails before any worker starts
    configure_logging()
    common: dict[str, Any] = {
        "host": args.host or "127.0.0.1",
        "port": args.port or 8000,
        "log_level": "warning",
        "access_log": False,
        "timeout_graceful_shutdown": 10,
    }
    if args.workers > 1:  # each worker process rebuilds the app from the same options (one shared registry)
        fields = ("key", "host", "port", "registry", "base_url", "config")
        os.environ[_ARGS_ENV] = json.dumps({name: getattr(args, name) for name in fields})
        uvicorn.run(f"{__name__}:app_from_env", factory=True, workers=args.workers, **common)
    else:
        uvicorn.run(create_app(config), **common)
    return 0


def app_from_env() -> Any:
    """The app of a uvicorn worker process, rebuilt from the options the parent left in the environment."""
    from ..service.app import create_app
    from ..service.logs import configure_logging

    configure_logging()
    args = argparse.Namespace(**json.loads(os.environ[_ARGS_ENV]))
    return create_app(build_config(args))
