"""Data-model checks on a credential, each returning a :class:`~microcred.verification.results.Check`.

* ``validity``: VC DM 2.0 §4.9 ``validFrom``/``validUntil``, VC DM 1.1 §4.6/§4.7 ``issuanceDate``/
  ``expirationDate``, and the envelope's ``nbf``/``exp``, against the verifier's clock.
* ``schema``: VC data model conformance (every MUST of VC DM 2.0 / 1.1 a document can break, one code per rule:
  :mod:`microcred.vcdm`) and, when the policy asks for it, SHACL validation with the EDC shapes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import format_datetime, parse_datetime
from ..errors import InputError, MicrocredError
from ..vcdm.conformance import conformance_check, violations
from .codes import CheckCode, CheckName
from .results import Check

if TYPE_CHECKING:
    from ..jsonld.loader import DocumentLoader


def _dates(credential: dict[str, Any]) -> tuple[list[tuple[str, datetime]], list[tuple[str, datetime]]]:
    starts: list[tuple[str, datetime]] = []
    ends: list[tuple[str, datetime]] = []
    for name, bucket in (
        ("validFrom", starts),
        ("issuanceDate", starts),
        ("validUntil", ends),
        ("expirationDate", ends),
    ):
        value = credential.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{name} is not a date-time string", path=f"$.{name}")
        bucket.append((name, parse_datetime(value, path=f"$.{name}")))
    return starts, ends


def validity_check(
    credential: dict[str, Any],
    now: datetime,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    skew: timedelta = timedelta(0),
) -> Check:
    """Is ``now`` inside every validity bound the credential (and its envelope) states?"""
    try:
        starts, ends = _dates(credential)
    except InputError as exc:
        return Check.fail(CheckName.VALIDITY, CheckCode.VALIDITY_DATE_INVALID, str(exc))
    if not_before is not None:
        starts.append(("nbf", not_before))
    if not_after is not None:
        ends.append(("exp", not_after))
    for name, start in starts:
        if now + skew < start:
            return Check.fail(
                CheckName.VALIDITY,
                CheckCode.NOT_YET_VALID,
                f"not valid before {format_datetime(start)} ({name})",
                bound=name,
            )
    for name, end in ends:
        if now - skew >= end:
            return Check.fail(
                CheckName.VALIDITY,
                CheckCode.EXPIRED,
                f"expired at {format_datetime(end)} ({name})",
                bound=name,
            )
    if not starts and not ends:
        return Check.ok(
            CheckName.VALIDITY, CheckCode.NO_VALIDITY_PERIOD, "the credential states no validity period"
        )
    return Check.ok(CheckName.VALIDITY, CheckCode.VALID, f"valid at {format_datetime(now)}")


def data_model_problems(credential: dict[str, Any]) -> list[str]:
    """What keeps ``credential`` from conforming to the VC data model, as ``"path: message"`` (empty if it
    conforms); the rules and their codes are in :mod:`microcred.vcdm`."""
    return [f"{v.path}: {v.message}" for v in violations(credential)]


def jsonld_check(
    credential: dict[str, Any], loader: DocumentLoader | None, *, signed_as: str | None = None
) -> Check | None:
    """JSON-LD safe mode over the credential (VC DI §2.4 "data loss"): None when nothing would be dropped.

    Embedded proofs already run this as part of their transformation; enveloped credentials (JOSE, JAdES) are
    signed as bytes, so a term that expands to nothing would be signed but meaningless to any JSON-LD consumer.
    """
    from ..errors import ContextLimitError, JsonLdError, UnknownDocumentError
    from ..undefined_members import BYTE_SIGNING_FORMATS, describe, undefined_members

    try:
        undefined = undefined_members(credential, loader=loader)
    except UnknownDocumentError as exc:
        return Check.error(CheckName.SCHEMA, CheckCode.CONTEXT_UNAVAILABLE, str(exc))
    except ContextLimitError as exc:
        return Check.fail(
            CheckName.SCHEMA, CheckCode.JSONLD_CONTEXT_LIMIT, f"JSON-LD context processing gave up: {exc}"
        )
    except JsonLdError as exc:
        return Check.fail(
            CheckName.SCHEMA, CheckCode.JSONLD_INVALID, f"the credential is not valid JSON-LD: {exc}"
        )
    if not undefined:
        return None
    return Check.fail(
        CheckName.SCHEMA,
        CheckCode.DATA_LOSS_DETECTION_ERROR,
        f"JSON-LD would drop data: {describe(undefined, signed_as=signed_as)}",
        errors=undefined,
        signedAsBytes=signed_as in BYTE_SIGNING_FORMATS,
    )


def schema_check(
    credential: dict[str, Any],
    *,
    shacl_profile: str | None = None,
    loader: DocumentLoader | None = None,
    jsonld: bool = False,
    signed_as: str | None = None,
) -> Check:
    """VC data model conformance; JSON-LD safe mode when ``jsonld``; SHACL when ``shacl_profile`` is given."""
    # VC Data Model MUSTs, one stable code per rule (microcred.vcdm)
    broken = conformance_check(credential)
    if broken is not None:
        return broken
    if jsonld:
        loss = jsonld_check(credential, loader, signed_as=signed_as)
        if loss is not None:
            return loss
    if shacl_profile is None:
        return Check.ok(CheckName.SCHEMA, CheckCode.DATA_MODEL_VALID, "conforms to the VC data model")
    from ..shacl import validate

    try:
        report = validate(credential, profile=shacl_profile, loader=loader)
    except MicrocredError as exc:
        return Check.error(CheckName.SCHEMA, exc.code, f"SHACL validation could not run: {exc}")
    if report.conforms:
        return Check.ok(
            CheckName.SCHEMA, CheckCode.SHACL_CONFORMS, f"conforms to the {shacl_profile} SHACL shapes"
        )
    first = "; ".join(f"{v.path}: {v.message}" for v in report.violations[:5])
    return Check.fail(
        CheckName.SCHEMA,
        CheckCode.SHACL_VIOLATION,
        f"{len(report.violations)} SHACL violation(s): {first}",
        violations=[v.to_dict() for v in report.violations],
    )
