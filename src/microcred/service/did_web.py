"""``GET /.well-known/did.json``: the issuer's DID document when its key belongs to a ``did:web`` DID.

did:web Method Specification §3.1 (Create): the DID document is served at ``https://<host>/.well-known/did.json``
with the DID as ``id``; the signing key is listed as a verification method under ``assertionMethod`` (DID Core
§5.3.2) and ``authentication``. An Ed25519 key is a ``Multikey`` (Controlled Identifiers §2.2.2), any other
key a ``JsonWebKey`` (§2.2.3).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..keys import Key
from .problems import Problem


def did_document(key: Key) -> dict[str, Any] | None:
    """The did:web DID document of ``key``'s controller, or None when the controller is not a did:web."""
    did = key.controller
    if not did or not did.startswith("did:web:"):
        return None
    kid = key.kid if key.kid and key.kid.startswith(did + "#") else did + "#key-1"
    method: dict[str, Any] = {"id": kid, "controller": did}
    if key.crv == "Ed25519":
        method |= {"type": "Multikey", "publicKeyMultibase": key.public_key_multibase}
    else:
        method |= {"type": "JsonWebKey", "publicKeyJwk": key.public().to_jwk()}
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/jwk/v1",
        ],
        "id": did,
        "verificationMethod": [method],
        "assertionMethod": [kid],
        "authentication": [kid],
    }


async def did_document_endpoint(request: Request) -> Response:
    """The DID document (``application/did+json``), or 404 when the issuer is not a did:web."""
    document = did_document(request.app.state.service.config.key)
    if document is None:
        raise Problem(404, "Not found", "the issuer is not a did:web DID", code="NOT_FOUND")
    return JSONResponse(document, media_type="application/did+json")
