"""Signer references for the command line: ``pkcs11:…`` (RFC 7512) and ``csc:…`` (defined here).

``csc:https://rss.provider.example/api?credential=ID&client_id=ID`` names a CSC v2 service (the URL after
``csc:``, without the query), the seal's credential (``credential``, optional when the service lists one) and the
OAuth 2.0 client (``client_id``; optional ``token_url``). Secrets never appear on the command line: the client
secret is read from ``MICROCRED_CSC_CLIENT_SECRET`` and an explicit-mode credential PIN from ``MICROCRED_CSC_PIN``.
For PKCS#11 the PIN comes from ``pin-source=env:NAME`` / ``pin-source=file:PATH`` (``pin-value`` is refused).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from ..errors import UsageError
from .protocol import Signer

CLIENT_SECRET_ENV = "MICROCRED_CSC_CLIENT_SECRET"
PIN_ENV = "MICROCRED_CSC_PIN"
_CSC_PARAMETERS = {"credential", "client_id", "token_url"}


def parse_csc_reference(reference: str) -> dict[str, str]:
    """``{"service_url", "credential_id"?, "client_id", "token_url"?}`` of a ``csc:`` reference."""
    if not reference.startswith("csc:"):
        raise UsageError("a CSC signer reference starts with 'csc:'")
    parts = urlsplit(reference[4:])
    if parts.scheme != "https" or not parts.hostname:
        raise UsageError("a csc: reference names the service by its https URL (csc:https://…)")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    for name, values in query.items():
        if name in ("client_secret", "pin", "password"):
            raise UsageError(
                f"{name} on the command line would leak; set {CLIENT_SECRET_ENV} / {PIN_ENV} instead"
            )
        if name not in _CSC_PARAMETERS:
            raise UsageError(f"unknown csc: parameter {name!r} (known: {', '.join(sorted(_CSC_PARAMETERS))})")
        if len(values) != 1:
            raise UsageError(f"csc: parameter {name!r} is repeated")
    if "client_id" not in query:
        raise UsageError("a csc: reference needs client_id=…")
    out = {"service_url": urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))}
    out["client_id"] = query["client_id"][0]
    if "credential" in query:
        out["credential_id"] = query["credential"][0]
    if "token_url" in query:
        out["token_url"] = query["token_url"][0]
    return out


def open_signer(
    reference: str, *, env: Mapping[str, str] | None = None, kid: str | None = None, transport: Any = None
) -> Signer:
    """The signer a ``pkcs11:`` or ``csc:`` reference names (secrets from ``env``, default ``os.environ``)."""
    environ = os.environ if env is None else env
    if reference.startswith("pkcs11:"):
        from .pkcs11 import Pkcs11Signer

        return Pkcs11Signer.from_uri(reference, env=environ, allow_pin_value=False, kid=kid)
    if reference.startswith("csc:"):
        from .csc import CscSigner

        config = parse_csc_reference(reference)
        secret = environ.get(CLIENT_SECRET_ENV)
        if not secret:
            raise UsageError(f"set {CLIENT_SECRET_ENV} to the CSC client secret")
        return CscSigner(
            config["service_url"],
            client_id=config["client_id"],
            client_secret=secret,
            credential_id=config.get("credential_id"),
            token_url=config.get("token_url"),
            pin=environ.get(PIN_ENV),
            kid=kid,
            transport=transport,
        )
    raise UsageError(f"unknown signer {reference[:40]!r}: use pkcs11:… (RFC 7512) or csc:https://…")
