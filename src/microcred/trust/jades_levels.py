"""JAdES baseline B-T, B-LT and B-LTA validation (ETSI TS 119 182-1 §6.3; ETSI EN 319 102-1 §5.4, §5.6).

For one parsed JAdES signature this module

1. reads the time-stamps (``adoTst`` in the protected header, ``sigTst`` and ``arcTst`` in ``etsiU``) and checks
   each token (:mod:`.timestamp`) over the bytes TS 119 182-1 says it covers (:mod:`.etsi_u`); one ``timestamp``
   check per token, with its ``genTime`` and TSA;
2. validates each TSA's certificate chain at the token's ``genTime`` against the TSA anchors it is given (the
   caller's trust anchors, or the time-stamping services of the trusted lists). A TSA no anchor vouches for
   leaves the token intact but says so (``tsaTrusted: false``): the token is not failed for it;
3. establishes the proof-of-existence (POE) time of the signature: the earliest intact ``sigTst`` (EN 319 102-1
   §5.6.2.2 "best-signature-time"), else the validation time;
4. gathers the certificates and revocation values (xVals, rVals, tstVD, axVals, arVals) for the signing
   certificate's path validation at the POE time, which :mod:`.seal_trust` does.

The validation-data time-stamps ``sigRTst`` and ``rfsTst`` (outside the baselines) are checked the same way; the
other properties outside the baselines (``xRefs``, ``rRefs``, ``axRefs``…) are named, not validated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509

from ..clock import format_datetime
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .etsi_u import (
    EtsiUElement,
    EtsiUError,
    ado_tst_input,
    arc_tst_input,
    read_etsi_u,
    rfs_tst_input,
    sig_r_tst_input,
    sig_tst_input,
    split_signing_input,
    tokens_of,
)
from .path import validate_path
from .timestamp import TimeStampToken, check_token
from .validation_data import ValidationData, collect

#: The validation data and time-stamp properties the baselines define (TS 119 182-1 §6.3).
BASELINE_PROPERTIES = frozenset({"sigTst", "xVals", "rVals", "arcTst", "tstVD", "axVals", "arVals"})
#: Validation-data time-stamps (TS 119 182-1 §5.3.6.1-2), outside the baselines but checked too.
VALIDATION_DATA_TIMESTAMPS = frozenset({"sigRTst", "rfsTst"})
_KIND = {
    "adoTst": "content",
    "sigTst": "signature",
    "arcTst": "archive",
    "sigRTst": "signature and references",
    "rfsTst": "references",
}
#: At most this many time-stamp tokens are checked for one signature (each costs a path validation).
MAX_TOKENS = 16
#: Leeway between the claimed signing time and the signature time-stamp (clocks of signer and TSA differ).
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass
class LevelReport:
    """What the unsigned properties established: checks, the POE time, the level and the validation data."""

    checks: list[Check] = field(default_factory=list)
    poe: datetime | None = None
    poe_tsa_trusted: bool = False
    level: str = "B-B"
    data: ValidationData = field(default_factory=ValidationData)
    not_validated: list[str] = field(default_factory=list)


def _level(names: Sequence[str]) -> str:
    if "arcTst" in names:
        return "B-LTA"
    if "sigTst" in names and "xVals" in names and "rVals" in names:
        return "B-LT"
    return "B-T" if "sigTst" in names else "B-B"


def _token_check(
    attribute: str,
    value: str,
    data: bytes | None,
    pool: ValidationData,
    tsa_anchors: Sequence[x509.Certificate],
) -> tuple[Check, TimeStampToken | None, bool]:
    kind = _KIND[attribute]
    base = {"attribute": attribute}
    try:
        token = TimeStampToken.parse(value)
    except ValueError as exc:
        return (
            Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_MALFORMED, f"{attribute}: {exc}", **base),
            None,
            False,
        )
    details: dict[str, Any] = {**base, "genTime": format_datetime(token.gen_time)}
    if data is None:
        msg = f"{attribute} covers an etsiU element in clear JSON; its canonicalization is not supported"
        return Check.error(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_UNCHECKED, msg, **details), None, False
    result = check_token(token, data, pool.certificates)
    if result.tsa_certificate is not None:
        details["tsa"] = result.tsa_certificate.subject.rfc4514_string()
    if not result.imprint_intact:
        msg = f"{attribute}: the message imprint is not the digest of the bytes {'an' if kind[0] in 'aeiou' else 'a'} {kind} time-stamp covers"
        return (
            Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_IMPRINT_MISMATCH, msg, **details),
            None,
            False,
        )
    if result.tsa_certificate is None:
        msg = f"{attribute}: {result.signature_problem}"
        return (
            Check.error(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_TSA_CERTIFICATE_MISSING, msg, **details),
            None,
            False,
        )
    if result.signature_problem:
        msg = f"{attribute}: {result.signature_problem}"
        return (
            Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_SIGNATURE_INVALID, msg, **details),
            None,
            False,
        )
    if result.eku_problem:
        msg = f"{attribute}: {result.eku_problem}"
        return (
            Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_TSA_USAGE_INVALID, msg, **details),
            None,
            False,
        )
    path = validate_path(
        result.tsa_certificate,
        anchors=tsa_anchors,
        moment=token.gen_time,
        intermediates=[*token.certificates, *pool.certificates],
        crls=pool.crls,
        ocsps=pool.ocsps,
        extended_key_usage={"time_stamping"},
    )
    if path.status == "revoked":
        msg = f"{attribute}: the TSA certificate is revoked at {details['genTime']}: {path.message}"
        return Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_TSA_REVOKED, msg, **details), None, False
    trusted = path.status == "valid"
    details["tsaTrusted"] = trusted
    if trusted and path.anchor is not None:
        note = f"TSA trusted through {path.anchor.subject.rfc4514_string()}"
    elif path.status == "untrusted":
        note = "the TSA is vouched for by no trust anchor or trusted list, so its time is not a trusted time"
    else:
        details["tsaProblem"] = path.message
        note = f"the TSA's chain could not be validated ({path.message}), so its time is not a trusted time"
    code = CheckCode(
        f"{kind.upper().replace(' ', '_')}_TIMESTAMP_VALID"
    )  # a member: see verification/codes/check_code.py
    msg = (
        f"{attribute} at {details['genTime']}: message imprint, CMS signature and TSA key usage valid; {note}"
    )
    return Check.ok(CheckName.TIMESTAMP, code, msg, **details), token, trusted


def _covered(
    name: str, payload: bytes, protected: bytes, signature_b64url: str, preceding: list[EtsiUElement]
) -> bytes | None:
    """The bytes the time-stamp property ``name`` at this place in etsiU covers (see :mod:`.etsi_u`)."""
    if name == "sigTst":
        return sig_tst_input(signature_b64url)
    if name == "arcTst":
        return arc_tst_input(payload, protected, signature_b64url, preceding)
    if name == "sigRTst":
        return sig_r_tst_input(signature_b64url, preceding)
    return rfs_tst_input(preceding)


def validate_levels(
    *,
    header: dict[str, Any],
    unprotected: dict[str, Any],
    signing_input: bytes,
    signature_b64url: str,
    tsa_anchors: Sequence[x509.Certificate] = (),
    claimed_signing_time: datetime | None = None,
) -> LevelReport:
    """Steps 1-4 for one JAdES signature (see the module docstring).

    ``claimed_signing_time`` (``sigT``) must not be later than the signature time-stamp.
    """
    report = LevelReport()
    try:
        elements = read_etsi_u(unprotected)
        report.data = collect(elements)
    except EtsiUError as exc:
        report.checks.append(Check.fail(CheckName.TIMESTAMP, CheckCode.ETSIU_MALFORMED, str(exc)))
        return report
    names = [e.name for e in elements]
    report.level = _level(names)
    report.not_validated = sorted(
        {n for n in names if n not in BASELINE_PROPERTIES and n not in VALIDATION_DATA_TIMESTAMPS}
    )
    protected, payload = split_signing_input(signing_input)
    work: list[tuple[str, str, bytes | None, int]] = []
    if "adoTst" in header:
        try:
            for value in tokens_of(header["adoTst"], "adoTst"):
                work.append(("adoTst", value, ado_tst_input(payload), -1))
        except EtsiUError as exc:
            report.checks.append(Check.fail(CheckName.TIMESTAMP, CheckCode.ETSIU_MALFORMED, str(exc)))
    for element in elements:
        if element.name not in _KIND:
            continue
        try:
            values = tokens_of(element.value, f"etsiU[{element.index}].{element.name}")
        except EtsiUError as exc:
            report.checks.append(Check.fail(CheckName.TIMESTAMP, CheckCode.ETSIU_MALFORMED, str(exc)))
            continue
        data = _covered(element.name, payload, protected, signature_b64url, elements[: element.index])
        work.extend((element.name, value, data, element.index) for value in values)
    if len(work) > MAX_TOKENS:
        msg = f"{len(work)} time-stamp tokens; at most {MAX_TOKENS} are checked"
        report.checks.append(Check.fail(CheckName.TIMESTAMP, CheckCode.ETSIU_MALFORMED, msg))
        return report
    times: dict[str, list[tuple[datetime, bool]]] = {name: [] for name in _KIND}
    for attribute, value, data, _ in work:
        check, token, trusted = _token_check(attribute, value, data, report.data, tsa_anchors)
        report.checks.append(check)
        if token is not None:
            times[attribute].append((token.gen_time, trusted))
    if times["sigTst"]:
        report.poe, report.poe_tsa_trusted = min(times["sigTst"])
        report.checks.extend(_order_checks(report.poe, times, claimed_signing_time))
    return report


def _order_checks(
    poe: datetime, times: dict[str, list[tuple[datetime, bool]]], claimed: datetime | None
) -> list[Check]:
    """EN 319 102-1 §5.6.2.4 (time-stamp coherence): content time-stamps and the claimed signing time come
    before the signature time-stamp; archive time-stamps after it."""
    problems = []
    late_content = [t for t, _ in times["adoTst"] if t > poe]
    if late_content:
        problems.append(
            f"the content time-stamp ({format_datetime(max(late_content))}) is after the signature time-stamp"
        )
    if claimed is not None and claimed > poe + CLOCK_TOLERANCE:
        problems.append(
            f"sigT ({format_datetime(claimed)}) is after the signature time-stamp ({format_datetime(poe)})"
        )
    early_archive = [t for t, _ in times["arcTst"] if t < poe]
    if early_archive:
        problems.append(
            f"an arcTst ({format_datetime(min(early_archive))}) is older than the signature time-stamp"
        )
    return (
        [Check.fail(CheckName.TIMESTAMP, CheckCode.TIMESTAMP_ORDER_INVALID, "; ".join(problems))]
        if problems
        else []
    )
