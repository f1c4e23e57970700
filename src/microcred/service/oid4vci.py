"""OpenID for Verifiable Credential Issuance 1.0: delivering micro-credentials to a learner's wallet.

The Pre-Authorized Code Flow (§3.5): the registrar creates a Credential Offer (``POST /oid4vci/offers``, bearer
token; §4.1.1, shown as an ``openid-credential-offer://`` link and a QR code), optionally protected by a
Transaction Code (``tx_code``, §4.1.1) that the registrar sends through another channel. The wallet reads the
Credential Issuer Metadata (§12.2.2, ``/.well-known/openid-credential-issuer``) and the Authorization Server
Metadata (RFC 8414), exchanges the code at the Token Endpoint (§6), gets a ``c_nonce`` at the Nonce Endpoint
(§7), and calls the Credential Endpoint (§8) with a key proof (:mod:`.key_proof`). The credential is bound to
the proven key: ``cnf.jwk`` in ``dc+sd-jwt`` (SD-JWT VC), ``credentialSubject.id`` = the key's ``did:jwk`` in
``jwt_vc_json`` (VC-JOSE-COSE ``vc+jwt``) and ``ldp_vc`` (Data Integrity, Appendix A.1.2). Codes, tokens and nonces are single-use, expiring and bounded.
"""

from __future__ import annotations

import functools
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .auth import bearer_token, require_token
from .config import ServiceConfig
from .key_proof import KeyProofError, verify_key_proof
from .limits import read_form, read_json_object
from .oid4vci_metadata import (
    CONFIGURATIONS,
    LDP_VC_CONFIG,
    PRE_AUTHORIZED_GRANT,
    SD_JWT_CONFIG,
    authorization_server_metadata,
    data_integrity_format,
    issuer_metadata,
)
from .problems import bad_request, oauth_error
from .qr import qr_svg_data_uri
from .store import ExpiringStore

if TYPE_CHECKING:
    from ..keys import Key
    from .app import ServiceState

NO_STORE = {"Cache-Control": "no-store"}


@dataclass
class Offer:
    """A pending offer: the credential (model), the configurations offered and the Transaction Code."""

    credential: Any
    configurations: tuple[str, ...]
    tx_code: str | None
    attempts: int = 0


class IssuanceState:
    """Pending pre-authorized codes, access tokens and ``c_nonce`` values (single-use, expiring, bounded)."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.codes: ExpiringStore[Offer] = ExpiringStore(config.offer_ttl, config.max_pending)
        self.tokens: ExpiringStore[Offer] = ExpiringStore(config.offer_ttl, config.max_pending)
        self.nonces: ExpiringStore[bool] = ExpiringStore(config.nonce_ttl, config.max_pending)


def offer_link(offer: dict[str, Any]) -> str:
    """The Credential Offer by value (§4.1.2): ``openid-credential-offer://?credential_offer=...``."""
    return "openid-credential-offer://?credential_offer=" + quote(
        json.dumps(offer, separators=(",", ":")), safe=""
    )


async def create_offer(request: Request) -> Response:
    """``POST /oid4vci/offers`` (bearer token): ``{"credential", "configurations"?, "tx_code"?: true}``."""
    from .vc_api import credential_input

    state: ServiceState = request.app.state.service
    require_token(request, state.config.token_hashes)
    body = await read_json_object(request, state.config.max_body_bytes)
    unknown = sorted(set(body) - {"credential", "configurations", "tx_code"})
    if unknown:
        raise bad_request(f"unknown member(s): {', '.join(unknown)}", code="OPTION_UNKNOWN")
    wanted = body.get("configurations", list(CONFIGURATIONS))
    if not isinstance(wanted, list) or not wanted or not set(wanted) <= set(CONFIGURATIONS):
        raise bad_request(
            f"configurations must list some of {', '.join(CONFIGURATIONS)}", code="OPTION_INVALID"
        )
    if not isinstance(body.get("tx_code", False), bool):
        raise bad_request("tx_code must be true or false", code="OPTION_INVALID")
    credential = await state.call(lambda: credential_input(body.get("credential")))
    if not hasattr(credential, "to_dict"):
        raise bad_request("an offer carries a micro-credential in model JSON", code="CREDENTIAL_NOT_MODEL")
    await state.call(lambda: _check_mandatory(credential))
    tx_code = f"{secrets.randbelow(10**6):06d}" if body.get("tx_code") else None
    code = secrets.token_urlsafe(32)
    state.vci.codes.put(code, Offer(credential, tuple(wanted), tx_code))
    grant: dict[str, Any] = {"pre-authorized_code": code}
    if tx_code is not None:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": 6,
            "description": "the code the registrar sent you",
        }
    offer = {
        "credential_issuer": state.config.base_url,
        "credential_configuration_ids": wanted,
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }
    link = offer_link(offer)
    state.log("oid4vci.offer", configurations=wanted, tx_code=tx_code is not None)
    out = {"credential_offer": offer, "credential_offer_link": link, "qr_code": qr_svg_data_uri(link)}
    if tx_code is not None:
        out["tx_code"] = tx_code  # for the registrar to send to the learner through another channel
    return JSONResponse(out, status_code=201, headers=NO_STORE)


def _check_mandatory(credential: Any) -> None:
    from ..errors import ModelValidationError

    missing = credential.missing_mandatory()
    if missing:
        raise ModelValidationError(
            "the micro-credential lacks mandatory elements: " + "; ".join(p for p, _ in missing)
        )


async def token_endpoint(request: Request) -> Response:
    """``POST /token`` (§6): the Pre-Authorized Code (and Transaction Code) for an access token."""
    state: ServiceState = request.app.state.service
    form = await read_form(request, 8192)
    if form.get("grant_type") != PRE_AUTHORIZED_GRANT:
        raise oauth_error("unsupported_grant_type", "only the pre-authorized code grant is supported")
    code = form.get("pre-authorized_code", "")
    offer = state.vci.codes.get(code) if code else None
    if offer is None:
        raise oauth_error("invalid_grant", "the pre-authorized code is unknown, expired or used")
    if offer.tx_code is not None:
        given = form.get("tx_code", "")
        if not hmac.compare_digest(given.encode(), offer.tx_code.encode()):
            offer.attempts += 1
            if offer.attempts >= 3:
                state.vci.codes.pop(code)  # §13.7: limit guessing of the Transaction Code
            raise oauth_error("invalid_grant", "the transaction code is wrong")
    elif "tx_code" in form:
        raise oauth_error("invalid_request", "this offer has no transaction code")
    if state.vci.codes.pop(code) is None:  # single use (a concurrent exchange loses)
        raise oauth_error("invalid_grant", "the pre-authorized code is unknown, expired or used")
    access_token = secrets.token_urlsafe(32)
    state.vci.tokens.put(access_token, offer)
    return JSONResponse(
        {"access_token": access_token, "token_type": "Bearer", "expires_in": state.config.offer_ttl},
        headers=NO_STORE,
    )


async def nonce_endpoint(request: Request) -> Response:
    """``POST /nonce`` (§7): a fresh ``c_nonce``."""
    state: ServiceState = request.app.state.service
    nonce = secrets.token_urlsafe(24)
    state.vci.nonces.put(nonce, True)
    return JSONResponse({"c_nonce": nonce}, headers=NO_STORE)


def issue_bound(state: ServiceState, offer: Offer, configuration: str, holder: Key) -> str | dict[str, Any]:
    """The offered credential in ``configuration``, bound to ``holder`` (library :func:`microcred.issue`)."""
    from .. import issue
    from ..elm import to_elm
    from ..keys.dids import did_jwk_for

    credential = offer.credential
    ident = str(credential.id) if credential.id else None
    if configuration == SD_JWT_CONFIG:
        ref = state.allocator.token_reference(ident) if ident else None
        token = issue(
            credential,
            state.config.key,
            format="sd-jwt-vc",
            now=state.clock,
            status=ref,  # type: ignore[arg-type]
            holder=holder,
        )
        return str(token)
    document = to_elm(credential, data_model="v2", issuer_id=state.config.key.controller or None)
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        raise bad_request(
            "the credential has no single credentialSubject to bind", code="CREDENTIAL_NOT_BINDABLE"
        )
    subject["id"] = did_jwk_for(holder)
    allocator = state.allocator if ident else None
    if configuration == LDP_VC_CONFIG:
        fmt = data_integrity_format(state.config.key)
        return issue(document, state.config.key, format=fmt, now=state.clock, status=allocator)
    return str(issue(document, state.config.key, format="vc+jwt", now=state.clock, status=allocator))


async def credential_endpoint(request: Request) -> Response:
    """``POST /credential`` (§8): one credential per valid key proof, bound to its key."""
    state: ServiceState = request.app.state.service
    token = bearer_token(request)
    offer = state.vci.tokens.get(token) if token else None
    if offer is None:
        raise oauth_error(
            "invalid_token",
            "the access token is missing, unknown or expired",
            status=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    body = await read_json_object(request, 64 * 1024)
    configuration = body.get("credential_configuration_id")
    if configuration not in offer.configurations:
        raise oauth_error("unknown_credential_configuration", "this configuration was not offered")
    proofs = body.get("proofs")
    jwts = proofs.get("jwt") if isinstance(proofs, dict) and set(proofs) == {"jwt"} else None
    if not isinstance(jwts, list) or not 1 <= len(jwts) <= 4:
        raise oauth_error("invalid_proof", "proofs must be {'jwt': [1 to 4 key proofs]}")
    holders = []
    for jwt in jwts:
        try:
            holders.append(
                verify_key_proof(
                    jwt,
                    audience=state.config.base_url,
                    now=state.clock.now(),
                    max_age=state.config.nonce_ttl,
                    skew=state.config.proof_skew,
                    take_nonce=lambda n: state.vci.nonces.pop(n) is not None,
                )
            )
        except KeyProofError as exc:
            raise oauth_error(exc.error, str(exc)) from exc
    if state.vci.tokens.pop(str(token)) is None:  # the access token issues once
        raise oauth_error("invalid_token", "the access token was already used", status=401)
    chosen = str(configuration)
    credentials = [await state.call(functools.partial(issue_bound, state, offer, chosen, h)) for h in holders]
    state.log("oid4vci.credential", configuration=configuration, count=len(credentials))
    return JSONResponse({"credentials": [{"credential": c} for c in credentials]}, headers=NO_STORE)


def routes() -> list[Route]:
    """The OpenID4VCI endpoints."""
    return [
        Route("/.well-known/openid-credential-issuer", issuer_metadata, methods=["GET"]),
        Route("/.well-known/oauth-authorization-server", authorization_server_metadata, methods=["GET"]),
        Route("/oid4vci/offers", create_offer, methods=["POST"]),
        Route("/token", token_endpoint, methods=["POST"]),
        Route("/nonce", nonce_endpoint, methods=["POST"]),
        Route("/credential", credential_endpoint, methods=["POST"]),
    ]
