"""OpenID for Verifiable Presentations 1.0: an employer or admissions office asks the learner's wallet for a
micro-credential.

``POST /oid4vp/requests`` (bearer token) creates an Authorization Request (§5) for the micro-credential SD-JWT
VC type: a DCQL query (§6; optionally only some claims), a fresh ``nonce``, ``response_type=vp_token``,
``response_mode=direct_post`` (§8.2) with this service's ``response_uri``, and the ``redirect_uri`` Client
Identifier Prefix (§5.9.3: ``client_id = "redirect_uri:" + response_uri``; such requests are unsigned). It is
given as an ``openid4vp://`` link (same-device) and a QR code of it (cross-device). The wallet posts the
``vp_token`` (§8.1: a JSON object, DCQL credential query id -> presentations) with ``state`` to
``POST /oid4vp/response``; each presentation is verified by the library pipeline with key binding expected
(SD-JWT VC KB-JWT ``aud`` = ``client_id``, ``nonce`` = the request's nonce, §B.3.6). The request is consumed
on first use (a replayed response is refused), and the result is kept (bounded, expiring) for the requester
at ``GET /oid4vp/results/{id}`` (bearer token).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import MicrocredError
from ..jsonio import loads_strict
from .auth import require_token
from .config import ServiceConfig
from .limits import read_form, read_json_object
from .problems import Problem, bad_request, oauth_error
from .qr import qr_svg_data_uri
from .store import ExpiringStore
from .vc_api import result_body

if TYPE_CHECKING:
    from .app import ServiceState

QUERY_ID = "microcredential"
MAX_CLAIMS = 32


@dataclass
class PendingRequest:
    """What a response must match: the request id, client id, nonce and DCQL query."""

    request_id: str
    client_id: str
    nonce: str
    dcql_query: dict[str, Any]
    result: dict[str, Any] = field(default_factory=dict)


class PresentationState:
    """Pending requests (by ``state``) and results (by request id): bounded and expiring."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.pending: ExpiringStore[PendingRequest] = ExpiringStore(config.offer_ttl, config.max_pending)
        self.results: ExpiringStore[dict[str, Any]] = ExpiringStore(config.result_ttl, config.max_pending)


def dcql_query(claims: list[list[str]] | None) -> dict[str, Any]:
    """The DCQL query (§6.1) for one micro-credential SD-JWT VC, optionally only some claims (§6.3)."""
    from ..sd_jwt_vc.type_metadata import MICROCRED_VCT

    query: dict[str, Any] = {"id": QUERY_ID, "format": "dc+sd-jwt", "meta": {"vct_values": [MICROCRED_VCT]}}
    if claims:
        query["claims"] = [{"path": path} for path in claims]
    return {"credentials": [query]}


def _claims(value: Any) -> list[list[str]] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) <= MAX_CLAIMS
        and all(
            isinstance(p, list) and 1 <= len(p) <= 8 and all(isinstance(s, str) and s for s in p)
            for p in value
        )
    )
    if not ok:
        raise bad_request("claims must be a list of claim paths (lists of names)", code="OPTION_INVALID")
    return [list(p) for p in value]


async def create_request(request: Request) -> Response:
    """``POST /oid4vp/requests`` (bearer token): ``{"claims"?: [["learner", "givenName"], ...]}``."""
    state: ServiceState = request.app.state.service
    require_token(request, state.config.token_hashes)
    body = await read_json_object(request, 64 * 1024)
    unknown = sorted(set(body) - {"claims"})
    if unknown:
        raise bad_request(f"unknown member(s): {', '.join(unknown)}", code="OPTION_UNKNOWN")
    response_uri = f"{state.config.base_url}/oid4vp/response"
    pending = PendingRequest(
        request_id=secrets.token_urlsafe(16),
        client_id=f"redirect_uri:{response_uri}",
        nonce=secrets.token_urlsafe(24),
        dcql_query=dcql_query(_claims(body.get("claims"))),
    )
    transaction = secrets.token_urlsafe(24)
    state.vp.pending.put(transaction, pending)
    state.vp.results.put(pending.request_id, {"status": "pending"})
    params = {
        "client_id": pending.client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": pending.nonce,
        "state": transaction,
        "dcql_query": json.dumps(pending.dcql_query, separators=(",", ":")),
        "client_metadata": json.dumps(
            {
                "vp_formats_supported": {
                    "dc+sd-jwt": {
                        "sd-jwt_alg_values": ["EdDSA", "ES256", "ES384"],
                        "kb-jwt_alg_values": ["EdDSA", "ES256", "ES384"],
                    }
                }
            }
        ),
    }
    link = "openid4vp://?" + urlencode(params)
    state.log("oid4vp.request", claims=len(body.get("claims") or []))
    return JSONResponse(
        {
            "request_id": pending.request_id,
            "authorization_request": params | {"dcql_query": pending.dcql_query},
            "request_link": link,
            "qr_code": qr_svg_data_uri(link),
            "result_uri": f"{state.config.base_url}/oid4vp/results/{pending.request_id}",
        },
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


def _presentations(vp_token: str) -> list[Any]:
    try:
        token = loads_strict(vp_token, source="vp_token", max_bytes=512 * 1024, max_depth=16)
    except MicrocredError as exc:
        raise oauth_error("invalid_request", f"vp_token is not a JSON object: {exc}") from exc
    if not isinstance(token, dict) or set(token) != {QUERY_ID}:
        raise oauth_error("invalid_request", f"vp_token must answer the DCQL query {QUERY_ID!r} (only)")
    presentations = token[QUERY_ID]
    if not isinstance(presentations, list) or len(presentations) != 1:
        raise oauth_error("invalid_request", "one presentation is expected for the query")
    return presentations


async def response_endpoint(request: Request) -> Response:
    """``POST /oid4vp/response`` (``direct_post``): verify the ``vp_token`` of a pending request."""
    state: ServiceState = request.app.state.service
    form = await read_form(request, state.config.max_body_bytes)
    pending = state.vp.pending.pop(form.get("state", "")) if form.get("state") else None
    if pending is None:  # unknown, expired, or already answered (a replay)
        raise oauth_error("invalid_request", "no pending request has this state (it may have been answered)")
    presentation = _presentations(form.get("vp_token", ""))[0]
    result = await state.call(lambda: state.verifier(pending.client_id, pending.nonce).verify(presentation))
    outcome = {"status": "done", **result_body(result)}
    if result.verified:
        outcome["credential"] = result.credential  # the disclosed claims, for the requester only
    state.vp.results.put(pending.request_id, outcome)
    state.log("oid4vp.response", verified=result.verified)
    if not result.verified:
        raise Problem(
            400,
            "Presentation not accepted",
            "the presentation did not verify",
            code="NOT_VERIFIED",
            extra={"error": "invalid_request"},
        )
    return JSONResponse({}, headers={"Cache-Control": "no-store"})


async def result_endpoint(request: Request) -> Response:
    """``GET /oid4vp/results/{id}`` (bearer token): ``pending`` or the verification result."""
    state: ServiceState = request.app.state.service
    require_token(request, state.config.token_hashes)
    result = state.vp.results.get(request.path_params["request_id"])
    if result is None:
        raise Problem(
            404, "Not found", "no such presentation request (or its result expired)", code="NOT_FOUND"
        )
    return JSONResponse(result, headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    """The OpenID4VP endpoints."""
    return [
        Route("/oid4vp/requests", create_request, methods=["POST"]),
        Route("/oid4vp/response", response_endpoint, methods=["POST"]),
        Route("/oid4vp/results/{request_id}", result_endpoint, methods=["GET"]),
    ]
