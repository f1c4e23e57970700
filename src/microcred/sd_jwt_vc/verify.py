"""Verifying an SD-JWT VC or a presentation of one (draft-ietf-oauth-sd-jwt-vc §2.4, RFC 9901 §7).

One check per concern, each with a stable code:

* ``format``: the SD-JWT parses (RFC 9901 §4, every bound), ``typ`` is ``dc+sd-jwt`` (or the older
  ``vc+sd-jwt``), ``_sd_alg`` is supported, ``vct`` is present;
* ``proof``: the Issuer-signed JWT's signature with the key found by §2.5 (:mod:`.issuer_key`);
* ``issuer`` / ``trust``: that key belongs to ``iss`` (DID controller or certificate), the chain to an anchor;
* ``disclosures``: every Disclosure is well formed and referenced exactly once (RFC 9901 §7.1), and no
  registered claim that must stay visible (``iss``, ``nbf``, ``exp``, ``cnf``, ``vct``, ``status``) was disclosed;
* ``holder``: the Key Binding JWT (RFC 9901 §7.3) when the verifier expects one (``aud``/``nonce`` given) or the
  presentation carries one; without either, the check passes with ``KEY_BINDING_NOT_REQUESTED`` and says so;
* ``validity``: ``iat``, ``nbf``, ``exp`` and the micro-credential's ``validFrom``/``validUntil``;
* ``status``: the Token Status List entry (:mod:`.status_check`);
* ``schema``: the ``vct``'s Type Metadata (:mod:`.type_metadata`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..errors import JwsError, SdJwtError
from ..sd_jwt import KbExpectations, SdJwtLimits
from ..sd_jwt.sd_jwt import DecodedSdJwt, check_issuer_signature, check_key_binding, decode_sd_jwt, process
from ..suites import jwt_claims
from ..suites.base import VerifyOptions
from ..verification.checks import validity_check
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, VerificationResult
from .claims import NEVER_SD
from .issue import LEGACY_TYP, SD_JWT_VC_TYP
from .issuer_key import IssuerKey, discover_issuer_key
from .status_check import status_check
from .type_metadata import TypeMetadataResolver, check_type_metadata

FORMAT = "sd-jwt-vc"


@dataclass(frozen=True)
class PresentationExpectations:
    """What a verifier expects of a presentation: the KB-JWT's ``aud`` and ``nonce`` (then required)."""

    aud: str | None = None
    nonce: str | None = None
    require_key_binding: bool = False
    max_age: timedelta = timedelta(minutes=5)
    type_metadata: TypeMetadataResolver = field(default_factory=TypeMetadataResolver)
    limits: SdJwtLimits = field(default_factory=SdJwtLimits)

    @property
    def key_binding_required(self) -> bool:
        """True when a KB-JWT must be present (asked for, or an audience or nonce is expected)."""
        return self.require_key_binding or self.aud is not None or self.nonce is not None


def _fail(name: str, exc: SdJwtError | JwsError) -> Check:
    return Check.fail(name, exc.reason, exc.message, **({"path": exc.path} if exc.path else {}))


def _format(token: object, expect: PresentationExpectations) -> DecodedSdJwt | Check:
    try:
        decoded = decode_sd_jwt(token, limits=expect.limits)
    except SdJwtError as exc:
        return _fail(CheckName.FORMAT, exc)
    typ = decoded.jws.header.get("typ")
    if typ not in (SD_JWT_VC_TYP, LEGACY_TYP):
        return Check.fail(
            CheckName.FORMAT, CheckCode.SD_JWT_VC_TYP_INVALID, f"typ must be {SD_JWT_VC_TYP!r}, not {typ!r}"
        )
    if not isinstance(decoded.payload.get("vct"), str) or not decoded.payload["vct"]:
        return Check.fail(
            CheckName.FORMAT, CheckCode.VCT_MISSING, "the SD-JWT VC has no 'vct' claim (§2.2.2.1)"
        )
    return decoded


def _validity(payload: dict[str, Any], claims: dict[str, Any], options: VerifyOptions) -> Check:
    try:
        iat = jwt_claims.numeric_date(payload, "iat")
        nbf = jwt_claims.numeric_date(payload, "nbf")
        exp = jwt_claims.numeric_date(payload, "exp")
    except JwsError as exc:
        return Check.fail(CheckName.VALIDITY, CheckCode.VALIDITY_DATE_INVALID, exc.message)
    now, skew = options.now(), options.policy.clock_skew
    if iat is not None and iat > now + skew:
        return Check.fail(
            CheckName.VALIDITY, CheckCode.ISSUED_IN_THE_FUTURE, f"iat {iat.isoformat()} is in the future"
        )
    return validity_check(claims, now, not_before=nbf, not_after=exp, skew=skew)


def _disclosures(decoded: DecodedSdJwt, expect: PresentationExpectations) -> tuple[Check, Any]:
    try:
        processed = process(decoded, limits=expect.limits)
    except SdJwtError as exc:
        return _fail(CheckName.DISCLOSURES, exc), None
    hidden = sorted(p[0] for p in processed.paths.values() if len(p) == 1 and p[0] in NEVER_SD)
    if hidden:
        msg = f"{hidden} must not be selectively disclosable (SD-JWT VC §2.2.2.3)"
        return Check.fail(CheckName.DISCLOSURES, CheckCode.REGISTERED_CLAIM_DISCLOSED, msg), None
    count = len(processed.paths)
    return Check.ok(
        CheckName.DISCLOSURES, CheckCode.DISCLOSURES_VALID, f"{count} disclosure(s) verified", count=count
    ), processed


def _holder(decoded: DecodedSdJwt, expect: PresentationExpectations, options: VerifyOptions) -> Check:
    if decoded.parts.kb_jwt is None and not expect.key_binding_required:
        msg = "no key binding was requested or presented: the presenter is not proven to be the holder"
        return Check.ok(CheckName.HOLDER, CheckCode.KEY_BINDING_NOT_REQUESTED, msg)
    kb = KbExpectations(
        aud=expect.aud, nonce=expect.nonce, max_age=expect.max_age, skew=options.policy.clock_skew
    )
    try:
        claims = check_key_binding(decoded, kb, options.now(), required=expect.key_binding_required)
    except SdJwtError as exc:
        return _fail(CheckName.HOLDER, exc)
    assert claims is not None
    return Check.ok(
        CheckName.HOLDER, CheckCode.KEY_BINDING_VALID, f"presented by the holder of cnf for {claims['aud']}"
    )


def verify_sd_jwt_vc(
    token: object, options: VerifyOptions, expect: PresentationExpectations | None = None
) -> VerificationResult:
    """Verify an SD-JWT VC (as issued, or presented with chosen Disclosures and a KB-JWT); never raises for bad input."""
    expect = expect or PresentationExpectations()
    result = VerificationResult(format=FORMAT)
    decoded = _format(token, expect)
    if isinstance(decoded, Check):
        result.add(decoded)
        return result
    result.add(
        Check.ok(
            CheckName.FORMAT, CheckCode.FORMAT_RECOGNISED, f"an SD-JWT VC of type {decoded.payload['vct']}"
        )
    )
    found = discover_issuer_key(decoded.jws.header, decoded.payload.get("iss"), options)
    if isinstance(found, Check):
        result.add(found)
        return result
    try:
        check_issuer_signature(decoded, found.key)
    except SdJwtError as exc:
        result.add(_fail(CheckName.PROOF, exc))
        return result
    result.add(
        Check.ok(CheckName.PROOF, CheckCode.SIGNATURE_VALID, "the Issuer-signed JWT's signature is valid")
    )
    result.add(found.issuer)
    if found.trust is not None:
        result.add(found.trust)
    disclosures, processed = _disclosures(decoded, expect)
    result.add(disclosures)
    if processed is None:
        return result
    result.credential = processed.claims
    result.add(_holder(decoded, expect, options))
    result.add(_validity(decoded.payload, processed.claims, options))
    if options.policy.check_status and "status" in decoded.payload:
        result.add(status_check(processed.claims, found, options))
    result.add(_type_metadata(decoded, processed, expect))
    return result


def _type_metadata(decoded: DecodedSdJwt, processed: Any, expect: PresentationExpectations) -> Check:
    try:
        used = check_type_metadata(
            decoded.payload, processed.claims, set(processed.paths.values()), expect.type_metadata
        )
    except SdJwtError as exc:
        code_is_error = exc.reason in ("TYPE_METADATA_UNKNOWN", "TYPE_METADATA_EXTENDS_UNSUPPORTED")
        return (Check.error if code_is_error else Check.fail)("schema", exc.reason, exc.message)
    return Check.ok(
        CheckName.SCHEMA,
        CheckCode.TYPE_METADATA_VALID,
        f"the claims conform to the Type Metadata of {used.vct}",
    )


__all__ = ["FORMAT", "IssuerKey", "PresentationExpectations", "verify_sd_jwt_vc"]
