"""``vp+jwt``: VC-JOSE-COSE §3.1.2 "Securing JSON-LD Verifiable Presentations with JOSE", for holders and wallets.

The unsecured VC DM 2.0 presentation is the JWS payload; header ``alg`` (from the key), ``kid``, ``typ: vp+jwt``,
``cty: vp``. "Verifiable Credentials secured in verifiable presentations MUST use the Enveloped Verifiable
Credential type" and "Credentials in verifiable presentations MUST be secured" (§3.1.2): every entry of
``verifiableCredential`` must be an ``EnvelopedVerifiableCredential`` whose ``id`` is a ``data:`` URL.

:func:`verify_presentation` checks the presentation's own signature (the holder's key, listed under
``authentication``), its ``exp``/``nbf``, and verifies each enveloped ``vc+jwt`` credential with
:class:`~microcred.suites.vc_jose_cose.VcJoseCose`. Enveloped SD-JWT and COSE credentials are reported as
``error`` (``CREDENTIAL_FORMAT_UNSUPPORTED``): microcred does not verify those formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..clock import Clock, format_datetime, resolve_clock
from ..errors import JwsError, SigningError
from ..verification.codes import CheckCode, CheckName
from ..verification.issuer import issuer_check
from ..verification.outcome import SecuringOutcome
from ..verification.results import Check
from .base import VerifyOptions
from .jose import (
    check_header,
    json_bytes,
    parse_compact,
    reject,
    resolve_signer,
    select_alg,
    sign_compact,
    verify_signature,
)
from .jwt_claims import parse_payload, time_claims, to_numeric_date
from .vc_jose_cose import VcJoseCose

if TYPE_CHECKING:
    from datetime import datetime

    from ..keys import Key
    from ..signers import Signer

_ENVELOPED_VC = "data:application/vc+jwt,"
_UNSUPPORTED = ("data:application/vc+sd-jwt", "data:application/vc+cose", "data:application/vc-ld+sd-jwt")


@dataclass
class PresentationVerification:
    """What :func:`verify_presentation` found: the presentation's checks and one result per enveloped credential."""

    presentation: dict[str, Any] | None
    checks: list[Check]
    credentials: list[SecuringOutcome] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """True when the presentation's checks (including each credential's) all passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)


def _enveloped(presentation: dict[str, Any]) -> list[Any]:
    entries = presentation.get("verifiableCredential", [])
    return entries if isinstance(entries, list) else [entries]


def issue_presentation(
    presentation: dict[str, Any],
    key: Key | Signer,
    *,
    now: Clock | datetime | str | None = None,
    nonce: str | None = None,
) -> str:
    """Secure a VC DM 2.0 presentation as ``vp+jwt``; its credentials must already be enveloped. ``key`` may be
    any :class:`~microcred.signers.Signer`."""
    from ..signers import as_key

    key = as_key(key)
    if not key.kid:
        raise SigningError("vp+jwt needs a key with a kid (its verification method id)")
    types = presentation.get("type")
    if "VerifiablePresentation" not in (types if isinstance(types, list) else [types]):
        raise SigningError("the document is not a VerifiablePresentation", path="$.type")
    for i, entry in enumerate(_enveloped(presentation)):
        if not (isinstance(entry, dict) and entry.get("type") == "EnvelopedVerifiableCredential"):
            raise SigningError(
                "credentials in a vp+jwt must be EnvelopedVerifiableCredential",
                path=f"$.verifiableCredential[{i}]",
            )
    payload = {**presentation, "iat": to_numeric_date(resolve_clock(now).now())}
    if isinstance(presentation.get("holder"), str):
        payload["iss"] = presentation["holder"]
    if nonce is not None:
        payload["nonce"] = nonce
    return sign_compact(
        {"alg": key.alg, "kid": key.kid, "typ": "vp+jwt", "cty": "vp"}, json_bytes(payload), key, key.alg
    )


def verify_presentation(token: Any, options: VerifyOptions) -> PresentationVerification:
    """Verify a ``vp+jwt`` and the ``vc+jwt`` credentials it envelops; never raises for bad input."""
    try:
        jws = parse_compact(token, max_bytes=options.policy.max_bytes)
        check_header(jws.header)
        if jws.header.get("typ") not in ("vp+jwt", "application/vp+jwt"):
            raise JwsError(
                f"typ is {jws.header.get('typ')!r}; presentations use 'vp+jwt'", reason=CheckCode.TYP_INVALID
            )
        if jws.header.get("cty", "vp") not in ("vp", "application/vp"):
            raise JwsError(
                f"cty is {jws.header.get('cty')!r}; presentations use 'vp'", reason=CheckCode.CTY_INVALID
            )
        claims = parse_payload(
            jws.payload,
            source="vp+jwt payload",
            max_bytes=options.policy.max_bytes,
            max_depth=options.policy.max_depth,
        )
        if not isinstance(claims, dict) or {"vc", "vp"} & set(claims):
            raise JwsError(
                "the payload is not a presentation without vc/vp claims", reason=CheckCode.PAYLOAD_INVALID
            )
        times = time_claims(claims)
        not_before, not_after = times.not_before, times.expires
    except JwsError as exc:
        return PresentationVerification(None, [reject(exc)])
    method = resolve_signer(jws.header.get("kid"), options, relationship="authentication")
    if isinstance(method, Check):
        return PresentationVerification(None, [method])
    try:
        alg = select_alg(jws.header, method.key)
        verify_signature(jws, method.key, alg)
    except JwsError as exc:
        return PresentationVerification(None, [reject(exc, kid=method.id)])
    checks = [
        Check.ok(
            CheckName.PROOF,
            CheckCode.SIGNATURE_VALID,
            f"{alg} signature by {method.id}",
            alg=alg,
            kid=method.id,
        )
    ]
    holder = claims.get("holder")
    if isinstance(holder, str):  # the holder controls the key that secured the presentation
        if holder in (method.controller, method.id.split("#", 1)[0]):
            checks.append(
                Check.ok(
                    CheckName.HOLDER,
                    CheckCode.HOLDER_MATCHES,
                    f"signed with {method.id}, controlled by {holder}",
                )
            )
        else:
            msg = f"the key {method.id} is controlled by {method.controller}, not by the holder {holder}"
            checks.append(Check.fail(CheckName.HOLDER, CheckCode.HOLDER_MISMATCH, msg))
    now, skew = options.now(), options.policy.clock_skew
    if not_after is not None and now - skew >= not_after:
        checks.append(
            Check.fail(
                CheckName.VALIDITY,
                CheckCode.EXPIRED,
                f"the presentation expired at {format_datetime(not_after)}",
            )
        )
    elif not_before is not None and now + skew < not_before:
        checks.append(
            Check.fail(
                CheckName.VALIDITY, CheckCode.NOT_YET_VALID, f"not valid before {format_datetime(not_before)}"
            )
        )
    result = PresentationVerification(claims, checks)
    for i, entry in enumerate(_enveloped(claims)):
        result.checks.append(_credential_check(i, entry, options, result))
    return result


def _credential_check(
    index: int, entry: Any, options: VerifyOptions, result: PresentationVerification
) -> Check:
    ident = entry.get("id") if isinstance(entry, dict) else None
    if (
        not isinstance(entry, dict)
        or entry.get("type") != "EnvelopedVerifiableCredential"
        or not isinstance(ident, str)
    ):
        msg = f"verifiableCredential[{index}] is not an EnvelopedVerifiableCredential (credentials MUST be secured)"
        return Check.fail(CheckName.CREDENTIAL, CheckCode.CREDENTIAL_NOT_ENVELOPED, msg, index=index)
    if ident.startswith(_UNSUPPORTED):
        msg = (
            f"verifiableCredential[{index}] is {ident.split(',', 1)[0][5:]}, which microcred does not verify"
        )
        return Check.error(CheckName.CREDENTIAL, CheckCode.CREDENTIAL_FORMAT_UNSUPPORTED, msg, index=index)
    if not ident.startswith(_ENVELOPED_VC):
        msg = f"verifiableCredential[{index}] id is not a data:application/vc+jwt URL"
        return Check.fail(CheckName.CREDENTIAL, CheckCode.CREDENTIAL_NOT_SECURED, msg, index=index)
    outcome = VcJoseCose().verify(ident[len(_ENVELOPED_VC) :], options)
    if outcome.credential is not None:  # the issuer step of the verification pipeline, for this credential
        purpose = options.policy.proof_purpose
        outcome.checks.append(issuer_check(outcome.credential, outcome, proof_purpose=purpose))
    result.credentials.append(outcome)
    bad = [c for c in outcome.checks if not c.passed]
    if bad or outcome.credential is None:
        first = bad[0] if bad else Check.fail(CheckName.PROOF, CheckCode.CREDENTIAL_INVALID, "no credential")
        return Check(
            CheckName.CREDENTIAL,
            first.status,
            first.code,
            f"verifiableCredential[{index}]: {first.message}",
            {"index": index},
        )
    return Check.ok(
        CheckName.CREDENTIAL,
        CheckCode.CREDENTIAL_VALID,
        f"verifiableCredential[{index}] verified",
        index=index,
    )
