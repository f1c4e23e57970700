"""``vc+jwt``: Securing Verifiable Credentials using JOSE and COSE (W3C REC), §3.1.1 "Securing JSON-LD Verifiable
Credentials with JOSE".

The unsecured VC Data Model 2.0 credential *is* the JWS payload (no ``vc`` claim: "The JWT Claim Names vc and vp
MUST NOT be present", §A.1). Protected header: ``alg`` (from the key), ``kid`` (the verification method id, §4.1.1
"kid MUST be present when the key of the issuer ... is expressed as a DID URL"), ``typ: vc+jwt`` and
``cty: vc`` (§3.1.1). Claims added when issuing: ``iss`` (= the issuer id, §4.1.2 "iss value, if present, MUST
match issuer") and ``iat``; ``exp`` only when a token lifetime is asked for.

Verifying: compact serialization only (§3.1.1 "Implementations MUST support the JWS compact serialization");
``typ`` must be ``vc+jwt`` and ``cty``, when present, ``vc``; the key comes from ``kid`` through the resolver and
must be an ``assertionMethod`` of its controller; ``iss`` must match the issuer (the verifier's ``issuer`` step, under
:attr:`~microcred.verification.outcome.IssuerBinding.JOSE_ISS`). ``iat``/``exp``/``nbf`` speak of the signature
(§A.1): ``exp``/``nbf`` bound the ``validity`` check. The payload and the time claims follow the rules every JOSE
format shares (:mod:`.jwt_claims`): ``iat``/``nbf``/``exp`` must be NumericDates (RFC 7519 §4.1.4-§4.1.6). The
credential returned is the payload without the registered JWT claims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import JwsError, SigningError
from ..vcdm import data_model_version, issuer_id
from ..verification.codes import CheckCode, CheckName
from ..verification.outcome import IssuerBinding, SecuringOutcome
from ..verification.results import Check
from .base import EnvelopingSuite, ProofOptions, VerifyOptions
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

if TYPE_CHECKING:
    from ..keys import Key

#: Registered JWT claims (RFC 7519 §4.1, RFC 7800 §3.1) that describe the signature, not the credential.
JWT_CLAIMS: frozenset[str] = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "cnf"})


def _media_type(value: Any) -> str | None:
    """RFC 7515 §4.1.9: compare media types case-insensitively, with the ``application/`` prefix optional."""
    if not isinstance(value, str):
        return None
    lowered = value.lower()
    return lowered[len("application/") :] if lowered.startswith("application/") else lowered


class VcJoseCose(EnvelopingSuite):
    """VC-JOSE-COSE ``application/vc+jwt``: a VC DM 2.0 credential as a JWS compact payload."""

    name: ClassVar[str] = "vc+jwt"
    data_model: ClassVar[str] = "v2"
    #: §3.1.1 media types (typ of the token, cty of the payload).
    typ: ClassVar[str] = "vc+jwt"
    cty: ClassVar[str] = "vc"

    def issue(self, credential: dict[str, Any], key: Key, options: ProofOptions) -> str:
        """Secure a VC DM 2.0 credential as a ``vc+jwt`` compact JWS."""
        kid = options.verification_method or key.kid
        if not kid:
            raise SigningError("vc+jwt needs a key with a kid (its verification method id)")
        if data_model_version(credential) != "v2":
            raise SigningError("vc+jwt secures VC Data Model 2.0 credentials only")
        present = sorted({"vc", "vp"} & set(credential))
        if present:
            raise SigningError(f"the credential has JWT claim names {present}, which vc+jwt forbids")
        issuer = issuer_id(credential)
        if "iss" in credential and credential["iss"] != issuer:
            raise SigningError("the credential's iss member does not match its issuer")
        alg = options.extra.get("alg", key.alg)
        if alg not in key.allowed_algs:
            raise SigningError(f"alg {alg!r} does not fit the {key.key_type} key")
        now = options.created_at()
        payload: dict[str, Any] = {**credential, "iss": issuer, "iat": to_numeric_date(now)}
        if options.jwt_lifetime is not None:
            payload["exp"] = to_numeric_date(now + options.jwt_lifetime)
        header = {"alg": alg, "kid": kid, "typ": self.typ, "cty": self.cty}
        return sign_compact(header, json_bytes(payload), key, alg)

    def verify(self, secured: str | dict[str, Any], options: VerifyOptions) -> SecuringOutcome:
        """Verify a ``vc+jwt`` and say what it proved (the payload credential, the key, ``iss``); never raises."""
        policy = options.policy
        try:
            jws = parse_compact(secured, max_bytes=policy.max_bytes)
            check_header(jws.header)
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc)])
        header = jws.header
        typ = _media_type(header.get("typ"))
        if typ == "vp+jwt":
            msg = "this is a verifiable presentation (typ vp+jwt), not a credential"
            return SecuringOutcome(
                None, [Check.fail(CheckName.FORMAT, CheckCode.PRESENTATION_NOT_CREDENTIAL, msg)]
            )
        if typ != self.typ:
            msg = f"typ is {header.get('typ')!r}; VC-JOSE-COSE §3.1.1 credentials use 'vc+jwt'"
            return SecuringOutcome(None, [Check.fail(CheckName.PROOF, CheckCode.TYP_INVALID, msg)])
        if "cty" in header and _media_type(header["cty"]) != self.cty:
            msg = f"cty is {header['cty']!r}; VC-JOSE-COSE §3.1.1 credentials use 'vc'"
            return SecuringOutcome(None, [Check.fail(CheckName.PROOF, CheckCode.CTY_INVALID, msg)])
        try:
            claims = parse_payload(
                jws.payload, source="vc+jwt payload", max_bytes=policy.max_bytes, max_depth=policy.max_depth
            )
            if not isinstance(claims, dict):
                raise JwsError("the payload is not a JSON object", reason=CheckCode.PAYLOAD_INVALID)
            times = time_claims(claims)
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc)])
        method = resolve_signer(header.get("kid"), options, relationship=policy.proof_purpose)
        if isinstance(method, Check):
            return SecuringOutcome(None, [method])
        try:
            alg = select_alg(header, method.key)
            verify_signature(jws, method.key, alg)
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc, kid=method.id)], verification_method=method)
        checks = [
            Check.ok(
                CheckName.PROOF,
                CheckCode.SIGNATURE_VALID,
                f"{alg} signature by {method.id}",
                alg=alg,
                kid=method.id,
            )
        ]
        forbidden = sorted({"vc", "vp"} & set(claims))
        if forbidden:  # §A.1: the JWT Claim Names vc and vp MUST NOT be present
            msg = f"the claims set has {forbidden}, which VC-JOSE-COSE forbids"
            checks.append(Check.fail(CheckName.FORMAT, CheckCode.VC_VP_CLAIM_PRESENT, msg))
            return SecuringOutcome(None, checks, verification_method=method)
        credential = {k: v for k, v in claims.items() if k not in JWT_CLAIMS}
        if data_model_version(credential) != "v2":
            msg = "the payload is not a VC Data Model 2.0 credential (first @context)"
            checks.append(Check.fail(CheckName.FORMAT, CheckCode.NOT_VC_DM_2, msg))
        return SecuringOutcome(
            credential,
            checks,
            times.not_before,
            times.expires,
            method,
            binding=IssuerBinding.JOSE_ISS,
            iss=claims.get("iss"),
        )
