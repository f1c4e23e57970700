"""``vc-jwt``: the JWT encoding of VC Data Model 1.1 (§6.3.1 "JSON Web Token"), as EBSI and OpenID4VC wallets use it.

JWT Encoding (§6.3.1.1): header ``alg`` (from the key), ``kid`` (the verification method id) and ``typ: "JWT"``;
claims ``iss`` (issuer / issuer.id), ``sub`` (credentialSubject.id), ``nbf`` (issuanceDate, else validFrom), ``exp``
(expirationDate, else validUntil, else the requested token lifetime), ``jti`` (id), ``iat`` (now) and ``vc``:
the credential *instead of* the duplicated members (the registered claims are used "instead of or in addition to"
their counterparts; microcred removes a member only when the claim reproduces it exactly, e.g. a date with
fractional seconds stays in ``vc``).

JWT Decoding (§6.3.1.2): the credential is rebuilt from ``vc``: ``iss`` -> issuer (or issuer.id), ``nbf`` ->
issuanceDate, ``exp`` -> expirationDate, ``sub`` -> credentialSubject.id, ``jti`` -> id. A claim that disagrees
with the member still present in ``vc`` fails. ``nbf``/``exp`` bound the ``validity`` check. The ``issuer`` check
(``iss`` equals the issuer, and the ``kid``'s DID or its controller is ``iss``) is the verifier's, under
:attr:`~microcred.suites.outcome.IssuerBinding.JWT_ISS`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from ..clock import format_datetime, parse_datetime
from ..errors import InputError, JwsError, SigningError
from ..vcdm import issuer_id
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


def _exact_instant(value: Any) -> datetime | None:
    """The instant of a date-time member when a NumericDate reproduces it exactly (UTC, whole seconds)."""
    if not isinstance(value, str):
        return None
    try:
        instant = parse_datetime(value)
    except InputError:
        return None
    return instant if format_datetime(instant) == value and not instant.microsecond else None


def _same_instant(member: Any, claim: datetime) -> bool:
    try:
        return isinstance(member, str) and int(parse_datetime(member).timestamp()) == int(claim.timestamp())
    except InputError:
        return False


def _subject(credential: dict[str, Any]) -> dict[str, Any] | None:
    """The one credentialSubject object, replaced in ``credential`` by a shallow copy the caller may edit.

    Encoding and decoding only change the top level, ``issuer`` and this object, so shallow copies suffice:
    the (possibly large) rest of the credential is shared, never mutated.
    """
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1 and isinstance(subject[0], dict):
        own = dict(subject[0])
        credential["credentialSubject"] = [own]
        return own
    if isinstance(subject, dict):
        own = dict(subject)
        credential["credentialSubject"] = own
        return own
    return None


def _did_key_method(iss: Any) -> str | None:
    """did:key and did:jwk have one key: its verification method id, for tokens without ``kid``."""
    if isinstance(iss, str) and iss.startswith("did:key:") and "#" not in iss:
        return f"{iss}#{iss[len('did:key:') :]}"
    if isinstance(iss, str) and iss.startswith("did:jwk:") and "#" not in iss:
        return f"{iss}#0"
    return None


class VcJwt11(EnvelopingSuite):
    """VC Data Model 1.1 §6.3.1: a ``vc`` claim inside a JWT."""

    name: ClassVar[str] = "vc-jwt"
    data_model: ClassVar[str] = "v1"

    # -- §6.3.1.1 JWT Encoding ------------------------------------------------------------------------------
    def issue(self, credential: dict[str, Any], key: Key, options: ProofOptions) -> str:
        """§6.3.1.1 JWT Encoding: the credential as the ``vc`` claim of a JWT."""
        kid = options.verification_method or key.kid
        if not kid:
            raise SigningError("vc-jwt needs a key with a kid (its verification method id)")
        alg = options.extra.get("alg", key.alg)
        if alg not in key.allowed_algs:
            raise SigningError(f"alg {alg!r} does not fit the {key.key_type} key")
        vc = dict(credential)  # shallow: only the top level, issuer and credentialSubject are edited
        now = options.created_at()
        claims: dict[str, Any] = {}
        issuer = vc.get("issuer")
        if isinstance(issuer, str):
            claims["iss"] = vc.pop("issuer")
        elif isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
            issuer = vc["issuer"] = dict(issuer)
            claims["iss"] = issuer.pop("id")
            if not issuer:
                del vc["issuer"]
        subject = _subject(vc)
        if subject is not None and isinstance(subject.get("id"), str):
            claims["sub"] = subject.pop("id")
        for member, claim in (("issuanceDate", "nbf"), ("expirationDate", "exp")):
            instant = _exact_instant(vc.get(member))
            if instant is not None:
                claims[claim] = to_numeric_date(instant)
                del vc[member]
            elif isinstance(vc.get(member), str):
                claims[claim] = to_numeric_date(parse_datetime(vc[member], path=f"$.{member}"))
        for fallback, claim in (
            ("validFrom", "nbf"),
            ("validUntil", "exp"),
        ):  # kept in vc: not 1.1 duplicates
            if claim not in claims and isinstance(vc.get(fallback), str):
                claims[claim] = to_numeric_date(parse_datetime(vc[fallback], path=f"$.{fallback}"))
        if "exp" not in claims and options.jwt_lifetime is not None:
            claims["exp"] = to_numeric_date(now + options.jwt_lifetime)
        if isinstance(vc.get("id"), str):
            claims["jti"] = vc.pop("id")
        claims["iat"] = to_numeric_date(now)
        claims["vc"] = vc
        return sign_compact({"alg": alg, "kid": kid, "typ": "JWT"}, json_bytes(claims), key, alg)

    # -- §6.3.1.2 JWT Decoding ------------------------------------------------------------------------------
    def verify(self, secured: str | dict[str, Any], options: VerifyOptions) -> SecuringOutcome:
        """§6.3.1.2 JWT Decoding: verify the JWT and rebuild the credential from its claims; never raises."""
        policy = options.policy
        try:
            jws = parse_compact(secured, max_bytes=policy.max_bytes)
            check_header(jws.header)
            typ = jws.header.get("typ")
            if typ is not None and (
                not isinstance(typ, str) or typ.lower() not in ("jwt", "application/jwt")
            ):
                raise JwsError(f"typ is {typ!r}; VC-JWT 1.1 uses 'JWT'", reason=CheckCode.TYP_INVALID)
            if "cty" in jws.header:
                raise JwsError("nested JWTs (cty) are not accepted", reason=CheckCode.CTY_INVALID)
            claims = parse_payload(
                jws.payload, source="JWT claims set", max_bytes=policy.max_bytes, max_depth=policy.max_depth
            )
            if not isinstance(claims, dict) or not isinstance(claims.get("vc"), dict):
                raise JwsError("the JWT claims set has no 'vc' object", reason=CheckCode.VC_CLAIM_MISSING)
            times = time_claims(claims)
            not_before, not_after = times.not_before, times.expires
        except JwsError as exc:
            return SecuringOutcome(None, [reject(exc)])
        kid = jws.header.get("kid") or _did_key_method(claims.get("iss"))
        method = resolve_signer(kid, options, relationship=policy.proof_purpose)
        if isinstance(method, Check):
            return SecuringOutcome(None, [method])
        try:
            alg = select_alg(jws.header, method.key)
            verify_signature(jws, method.key, alg)
            credential = self.decode(claims, not_before, not_after)
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
        return SecuringOutcome(
            credential,
            checks,
            not_before,
            not_after,
            method,
            binding=IssuerBinding.JWT_ISS,
            iss=claims.get("iss"),
        )

    @staticmethod
    def decode(claims: dict[str, Any], nbf: datetime | None, exp: datetime | None) -> dict[str, Any]:
        """§6.3.1.2: the credential from ``vc`` and the registered claims; JwsError when they disagree."""
        credential: dict[str, Any] = dict(claims["vc"])  # shallow: see _subject
        iss, jti, sub = claims.get("iss"), claims.get("jti"), claims.get("sub")
        if iss is not None:
            current = issuer_id(credential)
            if current is not None and current != iss:
                raise JwsError(
                    f"iss {iss!r} disagrees with vc.issuer {current!r}", reason=CheckCode.CLAIM_MISMATCH
                )
            if isinstance(credential.get("issuer"), dict):
                credential["issuer"] = {"id": iss, **credential["issuer"]}
            else:
                credential["issuer"] = iss
        for claim, member, value in (("nbf", "issuanceDate", nbf), ("exp", "expirationDate", exp)):
            if value is None:
                continue
            if member in credential and not _same_instant(credential[member], value):
                raise JwsError(
                    f"{claim} disagrees with vc.{member} {credential[member]!r}",
                    reason=CheckCode.CLAIM_MISMATCH,
                )
            credential.setdefault(member, format_datetime(value.astimezone(UTC)))
        if jti is not None:
            if "id" in credential and credential["id"] != jti:
                raise JwsError(
                    f"jti {jti!r} disagrees with vc.id {credential['id']!r}", reason=CheckCode.CLAIM_MISMATCH
                )
            credential["id"] = jti
        if sub is not None:
            subject = _subject(credential)
            if subject is None:
                raise JwsError(
                    "sub is set but vc.credentialSubject is not one object", reason=CheckCode.CLAIM_MISMATCH
                )
            if "id" in subject and subject["id"] != sub:
                raise JwsError(
                    f"sub {sub!r} disagrees with credentialSubject.id", reason=CheckCode.CLAIM_MISMATCH
                )
            subject["id"] = sub
        return credential
