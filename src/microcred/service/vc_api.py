"""W3C VC-API (VCALM) endpoints: ``/credentials/issue``, ``/credentials/verify``, ``/presentations/verify``,
``/credentials/status``, each a thin adapter over :func:`microcred.issue`, :class:`microcred.Verifier` and the
status registry.

Response shapes follow the VC-API OpenAPI (``IssueCredentialResponse``: ``{"verifiableCredential": ...}``;
``VerifyCredentialResponse``: ``{"verified", "problemDetails", ...}``). A JOSE-secured credential is returned as
a VC DM 2.0 §4.13 ``EnvelopedVerifiableCredential`` (a ``data:`` URL); an SD-JWT VC is verified when posted as
its compact string (the library does not take SD-JWTs out of an envelope, and neither does the service). A credential that does not verify gets
a 400 (the VC-API: "invalid input") whose problem-details body still carries the full result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import MicrocredError
from .auth import require_token
from .limits import read_json_object
from .problems import PROBLEM_JSON, Problem, bad_request, from_library_error

if TYPE_CHECKING:
    from .app import ServiceState

#: Formats whose result is a compact serialization -> the media type of its ``data:`` URL.
ENVELOPE_MEDIA_TYPES = {
    "vc+jwt": "application/vc+jwt",
    "vc-jwt": "application/jwt",
    "sd-jwt-vc": "application/dc+sd-jwt",
}
#: VC-API ``VerifyCredentialOptions`` / ``VerifyPresentationOptions`` (others are refused by name).
VERIFY_OPTIONS = frozenset(
    {"challenge", "domain", "returnResults", "returnProblemDetails", "returnCredential", "returnPresentation"}
)
#: Options of ``/credentials/issue`` this service understands (others are refused by name).
ISSUE_OPTIONS = frozenset({"format", "credentialId", "status", "mandatoryPointers"})


def state_of(request: Request) -> ServiceState:
    """The service state attached to the application."""
    state: ServiceState = request.app.state.service
    return state


def credential_input(data: Any) -> Any:
    """A JSON-LD credential (with ``@context``) stays a dict; any other object is micro-credential model JSON."""
    if not isinstance(data, dict):
        raise bad_request("'credential' must be a JSON object", code="CREDENTIAL_NOT_OBJECT")
    if "@context" in data:
        return data
    from ..model import MicroCredential

    return MicroCredential.from_dict(data)


def _options(body: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    options = body.get("options", {})
    if not isinstance(options, dict):
        raise bad_request("'options' must be a JSON object", code="OPTIONS_NOT_OBJECT")
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise bad_request(f"unknown option(s): {', '.join(unknown)}", code="OPTION_UNKNOWN")
    return options


def _credential_id(credential: Any, options: dict[str, Any]) -> str | None:
    given = options.get("credentialId")
    if given is not None and not isinstance(given, str):
        raise bad_request("options.credentialId must be a string", code="OPTION_INVALID")
    if given:
        return given
    ident = credential.get("id") if isinstance(credential, dict) else getattr(credential, "id", None)
    return str(ident) if ident else None


def envelope(secured: dict[str, Any] | str, fmt: str) -> dict[str, Any]:
    """The VC-API ``verifiableCredential``: the secured document, or an enveloped credential for a token."""
    if isinstance(secured, dict):
        return secured
    return {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": f"data:{ENVELOPE_MEDIA_TYPES.get(fmt, 'application/jwt')},{secured}",
        "type": "EnvelopedVerifiableCredential",
    }


def issue_credential(state: ServiceState, credential: Any, options: dict[str, Any]) -> dict[str, Any]:
    """Issue ``credential`` (library call) with status entries from the hosted lists when it has an id."""
    from .. import issue

    fmt = options.get("format", state.config.default_format)
    if not isinstance(fmt, str):
        raise bad_request("options.format must be a string", code="OPTION_INVALID")
    with_status = options.get("status", True)
    if not isinstance(with_status, bool):
        raise bad_request("options.status must be true or false", code="OPTION_INVALID")
    ident = _credential_id(credential, options)
    if fmt == "sd-jwt-vc":
        ref = state.allocator.token_reference(ident) if with_status and ident else None
        secured: dict[str, Any] | str = issue(
            credential,
            state.config.key,
            format="sd-jwt-vc",
            now=state.clock,
            status=ref,  # type: ignore[arg-type]  # sd-jwt-vc takes a Token Status List (uri, idx) reference
        )
    else:
        if isinstance(credential, dict) and options.get("credentialId") and "id" not in credential:
            credential = {**credential, "id": options["credentialId"]}
        allocator = state.allocator if with_status and ident else None
        secured = issue(credential, state.config.key, format=fmt, now=state.clock, status=allocator)
    return envelope(secured, fmt)


async def issue_endpoint(request: Request) -> Response:
    """``POST /credentials/issue`` (bearer token): ``{"credential", "options"}`` -> 201 ``{"verifiableCredential"}``."""
    state = state_of(request)
    require_token(request, state.config.token_hashes)
    body = await read_json_object(request, state.config.max_body_bytes)
    options = _options(body, ISSUE_OPTIONS)
    if "credential" not in body:
        raise bad_request("the request has no 'credential'", code="CREDENTIAL_MISSING")

    def work() -> dict[str, Any]:
        return issue_credential(state, credential_input(body["credential"]), options)

    vc = await state.call(work)
    state.log("issue", format=options.get("format", state.config.default_format))
    return JSONResponse({"verifiableCredential": vc}, status_code=201)


def result_body(result: Any) -> dict[str, Any]:
    """The VC-API verification result: ``verified``, the checks passed, warnings, errors, problem details."""
    failed = [c for c in result.checks if not c.passed]
    return {
        "verified": result.verified,
        "checks": [c.name for c in result.checks if c.passed],
        "warnings": [],
        "errors": [c.name for c in failed],
        "problemDetails": [
            {"type": f"https://w3id.org/microcred/checks#{c.code}", "title": c.code, "detail": c.message}
            for c in failed
        ],
        "results": [c.to_dict() for c in result.checks],
    }


def verification_response(result: Any, extra: dict[str, Any] | None = None) -> Response:
    """200 with the result when verified; else 400 (problem details carrying the same result)."""
    body = result_body(result) | (extra or {})
    if result.verified:
        return JSONResponse(body)
    problem = Problem(
        400,
        "Verification failed",
        "; ".join(d["detail"] for d in body["problemDetails"])[:2000] or "not verified",
        code="NOT_VERIFIED",
    )
    import json

    return Response(json.dumps(problem.to_dict() | body), status_code=400, media_type=PROBLEM_JSON)


async def _verify(request: Request, field: str) -> Response:
    state = state_of(request)
    body = await read_json_object(request, state.config.max_body_bytes)
    options = _options(body, VERIFY_OPTIONS)
    if field not in body:
        raise bad_request(f"the request has no {field!r}", code="CREDENTIAL_MISSING")
    for name in ("challenge", "domain"):
        if options.get(name) is not None and not isinstance(options[name], str):
            raise bad_request(f"options.{name} must be a string", code="OPTION_INVALID")
    for name in VERIFY_OPTIONS - {"challenge", "domain"}:
        if not isinstance(options.get(name, False), bool):
            raise bad_request(f"options.{name} must be true or false", code="OPTION_INVALID")
    document = body[field]
    result = await state.call(
        lambda: state.verifier(options.get("domain"), options.get("challenge")).verify(document)
    )
    state.log("verify", verified=result.verified, format=result.format)
    returned = "credential" if field == "verifiableCredential" else "verifiablePresentation"
    wanted = options.get("returnCredential") or options.get("returnPresentation")
    return verification_response(result, {returned: document} if wanted else None)


async def verify_credential_endpoint(request: Request) -> Response:
    """``POST /credentials/verify`` (public): ``{"verifiableCredential", "options"}``."""
    return await _verify(request, "verifiableCredential")


async def verify_presentation_endpoint(request: Request) -> Response:
    """``POST /presentations/verify`` (public): ``{"verifiablePresentation", "options": {challenge, domain}}``."""
    return await _verify(request, "verifiablePresentation")


def change_status(state: ServiceState, credential_id: str, purpose: str, status: bool) -> dict[str, Any]:
    """Revoke (revocation, true), suspend (suspension, true) or reinstate (suspension, false)."""
    registry = state.registry
    if purpose == "revocation" and status:
        row = registry.revoke(credential_id)
    elif purpose == "suspension":
        row = registry.suspend(credential_id) if status else registry.reinstate(credential_id)
    elif purpose == "revocation":
        raise Problem(409, "Conflict", "revocation is not reversible", code="STATUS_TRANSITION_NOT_ALLOWED")
    else:
        raise bad_request(
            f"statusPurpose must be revocation or suspension, not {purpose!r}", code="OPTION_INVALID"
        )
    return {
        "credentialId": credential_id,
        "statusPurpose": purpose,
        "status": bool(row.status),
        "statusListCredential": row.list_url,
        "statusListIndex": str(row.index),
    }


async def status_endpoint(request: Request) -> Response:
    """``POST /credentials/status`` (bearer token): ``UpdateCredentialStatusRequest`` -> 200."""
    state = state_of(request)
    require_token(request, state.config.token_hashes)
    body = await read_json_object(request, state.config.max_body_bytes)
    ident, entry, status = body.get("credentialId"), body.get("credentialStatus"), body.get("status")
    if not isinstance(ident, str) or not ident:
        raise bad_request("credentialId (a string) is required", code="CREDENTIAL_ID_MISSING")
    if not isinstance(entry, dict) or not isinstance(entry.get("statusPurpose"), str):
        raise bad_request(
            "credentialStatus.statusPurpose (a string) is required", code="STATUS_PURPOSE_MISSING"
        )
    if not isinstance(status, bool):
        raise bad_request("status (true or false) is required", code="STATUS_MISSING")
    try:
        changed = await run_in_threadpool(change_status, state, ident, entry["statusPurpose"], status)
    except MicrocredError as exc:
        problem = from_library_error(exc)
        if exc.code == "STATUS_TRANSITION_NOT_ALLOWED":
            problem.status = 409
        raise problem from exc
    state.log("status", purpose=entry["statusPurpose"], status=status)
    return JSONResponse(changed)
