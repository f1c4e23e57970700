"""Issuing a micro-credential as an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §2, media type ``application/dc+sd-jwt``).

The Issuer-signed JWT has ``typ`` ``dc+sd-jwt`` (§2.2.1). The issuer's key is found by the verifier (§2.5) from
``x5c`` (when the key carries a certificate chain; the chain without its self-signed root goes into the header)
or from ``iss`` being a DID and ``kid`` one of its verification methods (microcred's DID-based mechanism, which
§2.5 allows "separate specifications or ecosystem regulations" to define).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ..errors import SdJwtError, UsageError
from ..keys import Key
from ..keys.x509 import x5c_encode
from ..model import MicroCredential
from ..sd_jwt import issue_sd_jwt
from ..sd_jwt.disclosure import new_salt
from ..signers import Signer
from ..status.token_status_list import status_reference
from ..suites import jwt_claims
from .claims import DEFAULT_SD, apply_policy
from .type_metadata import MICROCRED_VCT, TypeMetadataResolver, integrity

SD_JWT_VC_TYP = "dc+sd-jwt"
#: Earlier drafts' ``typ``; accepted when verifying (draft-ietf-oauth-sd-jwt-vc -06 and before).
LEGACY_TYP = "vc+sd-jwt"


def as_model(credential: MicroCredential | dict[str, Any]) -> MicroCredential:
    """The micro-credential model (model JSON is validated through it)."""
    return credential if isinstance(credential, MicroCredential) else MicroCredential.from_dict(credential)


def _self_signed(cert: Any) -> bool:
    return bool(cert.issuer == cert.subject)


def sd_jwt_vc_claims(
    model: MicroCredential,
    key: Key,
    *,
    now: datetime,
    sd: Iterable[str] = DEFAULT_SD,
    iss: str | None = None,
    status: tuple[str, int] | None = None,
    vct: str = MICROCRED_VCT,
    type_metadata: TypeMetadataResolver | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The claims to sign (with :class:`~microcred.sd_jwt.Sd` markers from the policy ``sd``) and extra header."""
    chain = key.certificate_chain
    issuer = iss if iss is not None else (None if chain else key.controller)
    if issuer is None and not chain:
        raise UsageError("an SD-JWT VC needs iss= or a key with a DID or a certificate chain")
    header: dict[str, Any] = {}
    if chain:
        header["x5c"] = x5c_encode([c for c in chain if not _self_signed(c)] or chain[:1])
    registered: dict[str, Any] = {"vct": vct}
    resolver = type_metadata or TypeMetadataResolver()
    with contextlib.suppress(SdJwtError):  # a vct without known Type Metadata gets no integrity claim
        registered["vct#integrity"] = integrity(resolver.resolve(vct))
    if issuer is not None:
        registered["iss"] = issuer
    registered["iat"] = jwt_claims.to_numeric_date(now)
    if model.valid_from is not None:
        registered["nbf"] = jwt_claims.to_numeric_date(model.valid_from)
    if model.valid_until is not None:
        registered["exp"] = jwt_claims.to_numeric_date(model.valid_until)
    if status is not None:
        registered["status"] = status_reference(*status)
    # facts(): the ELM source a model read from ELM keeps is not a claim (it would disclose everything)
    return {**registered, **apply_policy(model.facts(), sd)}, header


def issue_sd_jwt_vc(
    credential: MicroCredential | dict[str, Any],
    key: Key | Signer,
    *,
    now: datetime,
    holder: Key | None = None,
    sd: Iterable[str] = DEFAULT_SD,
    decoys: int = 2,
    iss: str | None = None,
    status: tuple[str, int] | None = None,
    vct: str = MICROCRED_VCT,
    type_metadata: TypeMetadataResolver | None = None,
    salt: Callable[[], str] = new_salt,
) -> str:
    """An SD-JWT VC (all Disclosures included: what the issuer hands to the holder).

    ``holder``: the holder's key, put into ``cnf.jwk`` for key binding. ``status``: ``(uri, idx)`` of a Token
    Status List entry. ``iss`` defaults to the key's DID (controller); with a certificate chain it is left out unless
    given (the issuer is then the certificate's subject, §2.5). ``vct#integrity`` is added for a bundled ``vct``.
    ``sd`` is the selective-disclosure policy (:mod:`.claims`), ``decoys`` the decoy digests per ``_sd`` array.
    """
    from ..signers import as_key

    key = as_key(key)
    claims, header = sd_jwt_vc_claims(
        as_model(credential),
        key,
        now=now,
        sd=sd,
        iss=iss,
        status=status,
        vct=vct,
        type_metadata=type_metadata,
    )
    return issue_sd_jwt(
        claims, key, typ=SD_JWT_VC_TYP, holder=holder, decoys=decoys, header=header, salt=salt
    )


#: ``issue()`` options that have no meaning for an SD-JWT VC, with their defaults.
_NOT_FOR_SD_JWT_VC = {
    "data_model": None,
    "proof_purpose": "assertionMethod",
    "created": None,
    "expires": None,
    "domain": None,
    "challenge": None,
    "proof_id": None,
    "previous_proof": None,
    "jwt_lifetime": None,
    "alg": None,
    "allow_nonconforming": False,
}


def issue_via_issue(
    credential: Any, key: Key, *, now: datetime, status: Any, unused: dict[str, Any], extra: dict[str, Any]
) -> str:
    """``microcred.issue(..., format="sd-jwt-vc")``: check the generic options, allocate status, issue.

    ``status`` is a :class:`~microcred.status.StatusRegistry` (a Token Status List entry is allocated for the
    credential's id, revocation purpose) or an ``(uri, idx)`` pair. ``extra`` takes ``holder``, ``sd``,
    ``decoys``, ``iss``, ``vct``, ``type_metadata``, ``salt``.
    """
    wrong = sorted(k for k, v in unused.items() if v != _NOT_FOR_SD_JWT_VC.get(k))
    if wrong:
        raise UsageError(f"option(s) {wrong} do not apply to format 'sd-jwt-vc'")
    allowed = {"holder", "sd", "decoys", "iss", "vct", "type_metadata", "salt"}
    unknown = sorted(set(extra) - allowed)
    if unknown:
        raise UsageError(
            f"unknown option(s) {unknown} for format 'sd-jwt-vc' (allowed: {', '.join(sorted(allowed))})"
        )
    if not isinstance(credential, MicroCredential | dict):
        raise UsageError(
            f"format 'sd-jwt-vc' issues a MicroCredential (or its model JSON), not {type(credential).__name__}"
        )
    model = as_model(credential)
    reference: tuple[str, int] | None = None
    if isinstance(status, tuple):
        reference = status
    elif status is not None:
        from ..status.token_publication import allocate_token_status

        if model.id is None:
            raise UsageError("a micro-credential needs an id to get a status list entry")
        reference = allocate_token_status(status, str(model.id))
    return issue_sd_jwt_vc(model, key, now=now, status=reference, **extra)
