"""A ``vp+jwt`` presentation (VC-JOSE-COSE §3.1.2): credentials enveloped as ``data:`` URLs.

The verifier's ``challenge`` is the JWT ``nonce`` and its ``domain`` the ``aud``; signing is
:func:`microcred.suites.vp_jose.issue_presentation`.
"""

from __future__ import annotations

from typing import Any

from ..clock import Clock
from ..errors import UsageError
from ..keys import Key
from ..suites.vp_jose import issue_presentation
from .envelope import envelop
from .unsecured import holder_id, presentation


def present_vp_jwt(
    credentials: list[Any],
    key: Key,
    *,
    challenge: str | None,
    domain: str | None,
    clock: Clock,
    presentation_id: str | None,
) -> str:
    """The ``vp+jwt`` of ``credentials`` (each a compact token) signed by the holder's ``key``."""
    entries = []
    for i, credential in enumerate(credentials):
        if not isinstance(credential, str):
            raise UsageError(
                f"credential #{i} is not a compact token: a vp+jwt carries enveloped (vc+jwt or SD-JWT) credentials"
            )
        entries.append(envelop(credential))
    document = presentation(entries, holder_id(key), presentation_id)
    if domain is not None:
        document["aud"] = domain
    return issue_presentation(document, key, now=clock, nonce=challenge)
