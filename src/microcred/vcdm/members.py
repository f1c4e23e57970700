"""What every layer reads from a credential the same way (no imports above ``jsonld.contexts``).

* :func:`issuer_id`: VC DM 2.0 §4.7 / VC DM 1.1 §4.5 "Issuer": a URL, or an object whose ``id`` is a URL.
* :func:`data_model_version`: VC DM 2.0 §4.3 / 1.1 §4.1 "Contexts": the first ``@context`` item names the version.
"""

from __future__ import annotations

from typing import Any

from ..jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2


def issuer_id(credential: dict[str, Any]) -> str | None:
    """The credential's issuer identifier (VC DM §4.5: a URL or an object with ``id``)."""
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def data_model_version(credential: dict[str, Any]) -> str | None:
    """``"v1"`` or ``"v2"`` from the first ``@context`` entry, else None."""
    ctx = credential.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    return {CREDENTIALS_V1: "v1", CREDENTIALS_V2: "v2"}.get(first) if isinstance(first, str) else None
