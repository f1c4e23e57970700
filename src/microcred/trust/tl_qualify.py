"""Is a seal qualified? The trusted-list side (ETSI TS 119 615 §4.3-4.4, simplified to electronic seals).

For the service whose certificate the seal's path ends at:

1. the list it is on must be current at the validation time (ListIssueDateTime <= now <= NextUpdate);
2. the service's state at the signing time (the proof-of-existence time: the newest of the current state and
   the history instances whose StatusStartingTime is not after it) must be of type ``CA/QC`` and status
   ``granted`` (before 2016-07-01: ``undersupervision``, ``accredited`` or ``supervisionincessation``);
3. its additionalServiceInformation must allow seals (``ForeSeals``, or no ``For…`` usage restriction at all);
4. the certificate must be qualified: a QcCompliance statement or a ``QCStatement`` qualifier of the service,
   and no ``NotQualified`` qualifier;
5. it must be for seals: QcType ``eseal``, or a ``QCForESeal`` qualifier, or (no QcType) a service for seals only.

Qualifiers count when their criteria are a PolicySet the certificate asserts (or they have none); other criteria
kinds are not evaluated, so such qualifiers are not applied.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from ..clock import format_datetime
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .qc_statements import qc_statements
from .tsl_xml import ServiceState, TrustedListData, TrustService

SVC = "http://uri.etsi.org/TrstSvc/Svctype/"
STATUS = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/"
INFO = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/"
CA_QC, TSA_QTST = SVC + "CA/QC", SVC + "TSA/QTST"
GRANTED = STATUS + "granted"
FOR_SEALS = INFO + "ForeSeals"
FOR_USAGES = (INFO + "ForeSignatures", FOR_SEALS, INFO + "ForWebSiteAuthentication")


def issuer_services(
    lists: Iterable[TrustedListData], leaf: x509.Certificate
) -> list[tuple[TrustedListData, TrustService, x509.Certificate]]:
    """``(list, service, certificate)`` for every listed certificate whose subject is ``leaf``'s issuer."""
    out: list[tuple[TrustedListData, TrustService, x509.Certificate]] = []
    issuer = leaf.issuer.public_bytes()
    with warnings.catch_warnings():  # listed CA names with over-long attributes make cryptography warn
        warnings.simplefilter("ignore")
        for tl in lists:
            for service in tl.services:
                for state in (service.current, *service.history):
                    out.extend(
                        (tl, service, c) for c in state.certificates if c.subject.public_bytes() == issuer
                    )
    unique: dict[bytes, tuple[TrustedListData, TrustService, x509.Certificate]] = {}
    for item in out:
        unique.setdefault(item[2].fingerprint(hashes.SHA256()), item)
    return list(unique.values())


def tsa_certificates(lists: Iterable[TrustedListData]) -> list[x509.Certificate]:
    """Certificates of time-stamping services (``TSA/QTST``) that are granted now."""
    return [
        c
        for tl in lists
        for s in tl.services
        if s.current.type == TSA_QTST and s.current.status == GRANTED
        for c in s.current.certificates
    ]


def state_at(service: TrustService, at: datetime) -> ServiceState | None:
    """The service's state at ``at`` (TS 119 612 §5.6: history instances hold the earlier states)."""
    states = sorted((service.current, *service.history), key=lambda s: s.starting, reverse=True)
    return next((s for s in states if s.starting <= at), None)


#: Before eIDAS applied (2016-07-01) lists said "under supervision" / "accredited" for what is now "granted"
#: (ETSI TS 119 612 V1.1.1 status values; TS 119 615 §4.3 maps them).
EIDAS_START = datetime(2016, 7, 1, tzinfo=UTC)
PRE_EIDAS_GRANTED = frozenset(
    prefix + name
    for prefix in (STATUS, "http://uri.etsi.org/TrstSvc/Svcstatus/")
    for name in ("undersupervision", "accredited", "supervisionincessation")
)


def _granted(state: ServiceState) -> bool:
    if state.status == GRANTED:
        return True
    return state.starting < EIDAS_START and state.status in PRE_EIDAS_GRANTED


def _policies(cert: x509.Certificate) -> set[str]:
    try:
        ext = cert.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return set()
    return {p.policy_identifier.dotted_string for p in ext.value}


def _qualifiers(state: ServiceState, leaf: x509.Certificate) -> set[str]:
    policies = _policies(leaf)
    return {
        uri.removeprefix(INFO)
        for uris, oids in state.qualifications
        if not oids or policies & set(oids)
        for uri in uris
    }


def qualify_seal(
    lists: Iterable[TrustedListData],
    leaf: x509.Certificate,
    anchor: x509.Certificate,
    *,
    at: datetime,
    now: datetime,
) -> Check:
    """Steps 1-5 for the seal ``leaf`` whose path ends at ``anchor`` (a listed service certificate)."""
    found = [(tl, s) for tl, s, c in issuer_services(lists, leaf) if c == anchor]
    if not found:
        return Check.fail(
            CheckName.TRUST,
            CheckCode.NOT_ON_TRUSTED_LIST,
            "the seal's issuing CA is on none of the trusted lists",
        )
    tl, service = found[0]
    when = format_datetime(at)
    base: dict[str, object] = {
        "country": tl.territory,
        "trustService": service.current.name,
        "provider": service.provider,
    }
    if now < tl.issued or (tl.next_update is not None and now > tl.next_update):
        until = format_datetime(tl.next_update) if tl.next_update else "?"
        msg = f"the {tl.territory} trusted list (issued {format_datetime(tl.issued)}, next update {until}) is not current at {format_datetime(now)}"
        return Check.error(CheckName.TRUST, CheckCode.TRUSTED_LIST_EXPIRED, msg, **base)
    state = state_at(service, at)
    if state is None:
        return Check.fail(
            CheckName.TRUST,
            CheckCode.SERVICE_NOT_GRANTED,
            f"{service.current.name} had no status yet at {when}",
            **base,
        )
    base.update(
        serviceType=state.type, serviceStatus=state.status, statusStartingTime=format_datetime(state.starting)
    )
    if state.type != CA_QC:
        msg = f"{state.name} is a {state.type.removeprefix(SVC)} service, not one issuing qualified certificates (CA/QC)"
        return Check.fail(CheckName.TRUST, CheckCode.SERVICE_NOT_QUALIFIED_CA, msg, **base)
    if not _granted(state):
        msg = f"{state.name} was {state.status.removeprefix(STATUS)} (not granted) at {when}"
        return Check.fail(CheckName.TRUST, CheckCode.SERVICE_NOT_GRANTED, msg, **base)
    usages = [u for u in state.additional_info if u in FOR_USAGES]
    if usages and FOR_SEALS not in usages:
        msg = f"{state.name} issues qualified certificates for {', '.join(u.removeprefix(INFO) for u in usages)}, not for seals"
        return Check.fail(CheckName.TRUST, CheckCode.SERVICE_NOT_FOR_SEALS, msg, **base)
    qc, qualifiers = qc_statements(leaf), _qualifiers(state, leaf)
    base["qualifiers"] = sorted(qualifiers)
    if "NotQualified" in qualifiers or not (qc.compliance or "QCStatement" in qualifiers):
        msg = "the seal certificate is not a qualified certificate (no QcCompliance statement, no QCStatement qualifier)"
        return Check.fail(CheckName.TRUST, CheckCode.CERTIFICATE_NOT_QUALIFIED, msg, **base)
    for_seal = "QCForESeal" in qualifiers or qc.eseal or (not qc.types and usages == [FOR_SEALS])
    if not for_seal:
        msg = f"the qualified certificate is not for electronic seals (QcType {', '.join(qc.types) or 'absent'})"
        return Check.fail(CheckName.TRUST, CheckCode.CERTIFICATE_NOT_ESEAL, msg, **base)
    msg = (
        f"qualified electronic seal, {tl.territory}, {state.name} ({service.provider}): "
        f"granted since {format_datetime(state.starting)}, at {when}"
    )
    return Check.ok(CheckName.TRUST, CheckCode.QUALIFIED_SEAL, msg, **base)
