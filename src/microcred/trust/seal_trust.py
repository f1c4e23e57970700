"""The ``trust`` check of a JAdES seal: the signing certificate's path at the proof-of-existence time.

EN 319 102-1 §5.2.6 (X.509 certificate validation) at the time :mod:`.jades_levels` established (the signature
time-stamp, else the validation time), with the certificates of ``x5c`` and the validation data the signature
carries, and the revocation values (CRL / OCSP) checked by :mod:`.path`. The anchors are the caller's trust
anchors, or, when trusted lists are given, the certificates of the trust services that issued the seal
certificate; the trusted lists then decide whether the seal is qualified (:mod:`.qualified`).

Revocation that cannot be decided from the carried values is fetched (CRLs; OCSP when the fetcher can POST)
only through the caller's fetcher;
without one the check is ``error`` ("could not check").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from cryptography import x509

from ..clock import format_datetime
from ..fetcher import Fetcher
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .jades_levels import LevelReport
from .path import PathResult, validate_path
from .revocation_fetch import fetch_crls, fetch_ocsp


class SealTrustSource(Protocol):
    """What the ``trust`` check needs from a trusted-lists source (see :class:`.TrustedLists`)."""

    def issuer_anchors(self, leaf: x509.Certificate) -> list[x509.Certificate]:
        """Certificates of the listed services that may have issued ``leaf``."""
        ...

    def tsa_anchors(self) -> list[x509.Certificate]:
        """Certificates of the listed time-stamping services."""
        ...

    def territories(self) -> list[str]:
        """The territories whose lists were verified."""
        ...

    def qualify(self, leaf: x509.Certificate, anchor: x509.Certificate, at: datetime, now: datetime) -> Check:
        """The ``trust`` check for a seal whose path ends at the service certificate ``anchor``."""
        ...


def _validate(
    leaf: x509.Certificate,
    pool: list[x509.Certificate],
    report: LevelReport,
    anchors: Sequence[x509.Certificate],
    moment: datetime,
    fetcher: Fetcher | None,
) -> tuple[PathResult, list[str]]:
    kwargs: dict[str, Any] = {"anchors": anchors, "moment": moment, "intermediates": pool}
    path = validate_path(leaf, crls=report.data.crls, ocsps=report.data.ocsps, **kwargs)
    if path.status != "unknown" or fetcher is None:
        return path, []
    fetched, problems = fetch_crls(fetcher, [leaf, *pool])
    issuer = next((c for c in [*pool, *anchors] if c.subject == leaf.issuer), None)
    answers, more = fetch_ocsp(fetcher, leaf, issuer) if issuer is not None else ([], [])
    problems += more
    if not fetched and not answers:
        return path, problems
    crls, ocsps = [*report.data.crls, *fetched], [*report.data.ocsps, *answers]
    return validate_path(leaf, crls=crls, ocsps=ocsps, **kwargs), problems


def seal_trust_check(
    chain: list[x509.Certificate],
    report: LevelReport,
    *,
    anchors: Sequence[x509.Certificate],
    now: datetime,
    fetcher: Fetcher | None = None,
    trusted_lists: SealTrustSource | None = None,
) -> Check:
    """The ``trust`` check for the seal whose ``x5c`` is ``chain`` (leaf first)."""
    leaf = chain[0]
    moment = report.poe or now
    details: dict[str, Any] = {
        "level": report.level,
        "validationTime": format_datetime(moment),
        "poeSource": ("sigTst" if report.poe_tsa_trusted else "sigTst (TSA not trusted)")
        if report.poe
        else "validation time",
    }
    use = list(anchors)
    if trusted_lists is not None:
        use += trusted_lists.issuer_anchors(leaf)
    if not use and trusted_lists is not None:
        msg = f"the seal's issuer {leaf.issuer.rfc4514_string()} is on none of the trusted lists loaded"
        countries = [str(a.value) for a in leaf.issuer.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)]
        country = countries[0] if countries else "its country"
        loaded = trusted_lists.territories()
        if country in loaded:
            return Check.fail(
                CheckName.TRUST, CheckCode.NOT_ON_TRUSTED_LIST, msg, territories=loaded, **details
            )
        msg += f" (no verified trusted list for {country}: loaded {', '.join(loaded) or 'none'})"
        return Check.error(
            CheckName.TRUST, CheckCode.TRUSTED_LIST_MISSING, msg, territories=loaded, **details
        )
    if not use:
        msg = "no trust anchor was given, so the sealing certificate's chain could not be validated"
        return Check.error(CheckName.TRUST, CheckCode.TRUST_ANCHOR_MISSING, msg, **details)
    pool = [*chain[1:], *report.data.certificates]
    path, problems = _validate(leaf, pool, report, use, moment, fetcher)
    if problems:
        details["fetchProblems"] = problems
    at = f"at {details['validationTime']} ({details['poeSource']})"
    if path.status == "revoked":
        return Check.fail(CheckName.TRUST, CheckCode.CERTIFICATE_REVOKED, f"{path.message} {at}", **details)
    if path.status == "unknown":
        msg = f"the chain holds but revocation could not be checked {at}: {path.message}"
        return Check.error(CheckName.TRUST, CheckCode.REVOCATION_UNKNOWN, msg, **details)
    if path.status != "valid" or path.anchor is None:
        return Check.fail(CheckName.TRUST, CheckCode.TRUST_CHAIN_INVALID, f"{path.message} {at}", **details)
    details["anchor"] = path.anchor.subject.rfc4514_string()
    if trusted_lists is not None and path.anchor not in anchors:
        qualified = trusted_lists.qualify(leaf, path.anchor, moment, now)
        return Check(
            qualified.name,
            qualified.status,
            qualified.code,
            qualified.message,
            {**details, **qualified.details},
        )
    return Check.ok(
        CheckName.TRUST,
        CheckCode.TRUST_CHAIN_VALID,
        f"the chain is valid {at} to {details['anchor']}",
        **details,
    )
