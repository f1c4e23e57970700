"""Data-model checks on a credential, each returning a :class:`~microcred.results.Check`.

* ``validity``: VC DM 2.0 §4.9 ``validFrom``/``validUntil``, VC DM 1.1 §4.6/§4.7 ``issuanceDate``/
  ``expirationDate``, and the envelope's ``nbf``/``exp``, against the verifier's clock.
* ``schema``: VC data model conformance (every MUST of VC DM 2.0 / 1.1 a document can break, one code per rule:
  :mod:`microcred.vcdm`) and, when the policy asks for it, SHACL validation with the EDC shapes.
* ``issuer``: the key that made the proof is controlled by the credential's issuer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .clock import format_datetime, parse_datetime
from .errors import InputError, MicrocredError
from .jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2
from .results import Check
from .vcdm.conformance import conformance_check, violations

if TYPE_CHECKING:
    from .jsonld.loader import DocumentLoader
    from .resolve import VerificationMethod


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
        return Check.fail("validity", "VALIDITY_DATE_INVALID", str(exc))
    if not_before is not None:
        starts.append(("nbf", not_before))
    if not_after is not None:
        ends.append(("exp", not_after))
    for name, start in starts:
        if now + skew < start:
            return Check.fail(
                "validity", "NOT_YET_VALID", f"not valid before {format_datetime(start)} ({name})", bound=name
            )
    for name, end in ends:
        if now - skew >= end:
            return Check.fail(
                "validity", "EXPIRED", f"expired at {format_datetime(end)} ({name})", bound=name
            )
    if not starts and not ends:
        return Check.ok("validity", "NO_VALIDITY_PERIOD", "the credential states no validity period")
    return Check.ok("validity", "VALID", f"valid at {format_datetime(now)}")


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
    from .errors import ContextLimitError, JsonLdError, UnknownDocumentError
    from .undefined_members import BYTE_SIGNING_FORMATS, describe, undefined_members

    try:
        undefined = undefined_members(credential, loader=loader)
    except UnknownDocumentError as exc:
        return Check.error("schema", "CONTEXT_UNAVAILABLE", str(exc))
    except ContextLimitError as exc:
        return Check.fail("schema", "JSONLD_CONTEXT_LIMIT", f"JSON-LD context processing gave up: {exc}")
    except JsonLdError as exc:
        return Check.fail("schema", "JSONLD_INVALID", f"the credential is not valid JSON-LD: {exc}")
    if not undefined:
        return None
    return Check.fail(
        "schema",
        "DATA_LOSS_DETECTION_ERROR",
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
        return Check.ok("schema", "DATA_MODEL_VALID", "conforms to the VC data model")
    from .shacl import validate

    try:
        report = validate(credential, profile=shacl_profile, loader=loader)
    except MicrocredError as exc:
        return Check.error("schema", exc.code, f"SHACL validation could not run: {exc}")
    if report.conforms:
        return Check.ok("schema", "SHACL_CONFORMS", f"conforms to the {shacl_profile} SHACL shapes")
    first = "; ".join(f"{v.path}: {v.message}" for v in report.violations[:5])
    return Check.fail(
        "schema",
        "SHACL_VIOLATION",
        f"{len(report.violations)} SHACL violation(s): {first}",
        violations=[v.to_dict() for v in report.violations],
    )


def _did_of(url: str) -> str:
    return url.split("#", 1)[0]


def issuer_check(credential: dict[str, Any], methods: Iterable[VerificationMethod]) -> Check:
    """The issuer controls a key that made a verified assertion proof (VC DM §4.5; VC DI §4.6 step 8)."""
    issuer = issuer_id(credential)
    methods = list(methods)
    if issuer is None:
        return Check.fail("issuer", "ISSUER_MISSING", "the credential names no issuer")
    if not methods:
        return Check.error(
            "issuer", "ISSUER_UNCHECKED", "no proof verified, so the issuer's key could not be checked"
        )
    for vm in methods:
        if vm.controller == issuer or _did_of(vm.id) == issuer:
            return Check.ok(
                "issuer", "ISSUER_MATCHES", f"signed with {vm.id}, controlled by the issuer {issuer}"
            )
    controllers = sorted({vm.controller for vm in methods})
    return Check.fail(
        "issuer",
        "ISSUER_MISMATCH",
        f"the signing key is controlled by {', '.join(controllers)}, not by the issuer {issuer}",
        issuer=issuer,
        controllers=controllers,
    )
