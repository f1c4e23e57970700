"""The one entry point the JAdES suite calls: the level checks (time-stamps) and the ``trust`` check."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography import x509

from ..base64url import b64url_encode
from ..verification.results import Check
from .jades_levels import LevelReport, validate_levels
from .seal_trust import SealTrustSource, seal_trust_check


def jades_trust_checks(
    *,
    header: dict[str, Any],
    unprotected: dict[str, Any],
    signing_input: bytes,
    signature: bytes,
    chain: list[x509.Certificate],
    options: Any,
    claimed_signing_time: datetime | None = None,
) -> tuple[LevelReport, list[Check]]:
    """``(report, [timestamp checks..., trust])`` for one verified JAdES signature.

    ``options`` is the suite's VerifyOptions: its ``trust_anchors``, ``fetcher``, clock and (optional)
    ``trusted_lists`` are used.
    """
    trusted_lists: SealTrustSource | None = getattr(options, "trusted_lists", None)
    tsa_anchors = list(options.trust_anchors) + (trusted_lists.tsa_anchors() if trusted_lists else [])
    report = validate_levels(
        header=header,
        unprotected=unprotected,
        signing_input=signing_input,
        signature_b64url=b64url_encode(signature),
        tsa_anchors=tsa_anchors,
        claimed_signing_time=claimed_signing_time,
    )
    trust = seal_trust_check(
        chain,
        report,
        anchors=options.trust_anchors,
        now=options.now(),
        fetcher=options.fetcher,
        trusted_lists=trusted_lists,
    )
    return report, [*report.checks, trust]
