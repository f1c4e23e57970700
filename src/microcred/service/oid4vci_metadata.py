"""OpenID4VCI 1.0 metadata: the Credential Issuer Metadata (§12.2) with the micro-credential's Credential
Configurations (Appendix A: ``dc+sd-jwt``, ``jwt_vc_json``, ``ldp_vc``) and the Authorization Server Metadata
(RFC 8414; the Credential Issuer is its own Authorization Server, so ``authorization_servers`` is omitted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .key_proof import PROOF_ALGS

if TYPE_CHECKING:
    from ..keys import Key
    from .app import ServiceState

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
SD_JWT_CONFIG = "MicroCredential_dc+sd-jwt"
JWT_VC_CONFIG = "MicroCredential_jwt_vc_json"
LDP_VC_CONFIG = "MicroCredential_ldp_vc"
CONFIGURATIONS = (SD_JWT_CONFIG, JWT_VC_CONFIG, LDP_VC_CONFIG)


def data_integrity_format(key: Key) -> str:
    """The Data Integrity cryptosuite of ``ldp_vc`` for the issuer key."""
    return "eddsa-rdfc-2022" if key.crv == "Ed25519" else "ecdsa-rdfc-2019"


def configurations(state: ServiceState) -> dict[str, Any]:
    """``credential_configurations_supported`` (§12.2.4, Appendix A.2 and A.1.1)."""
    from ..sd_jwt_vc.type_metadata import MICROCRED_VCT

    alg = state.config.key.alg
    proofs = {"jwt": {"proof_signing_alg_values_supported": list(PROOF_ALGS)}}
    display = {"display": [{"name": "Micro-credential", "locale": "en"}]}
    return {
        SD_JWT_CONFIG: {
            "format": "dc+sd-jwt",
            "vct": MICROCRED_VCT,
            "cryptographic_binding_methods_supported": ["jwk"],
            "credential_signing_alg_values_supported": [alg],
            "proof_types_supported": proofs,
            "credential_metadata": display,
        },
        LDP_VC_CONFIG: {
            "format": "ldp_vc",
            "credential_definition": {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            },
            "cryptographic_binding_methods_supported": ["did:jwk"],
            "credential_signing_alg_values_supported": [data_integrity_format(state.config.key)],
            "proof_types_supported": proofs,
            "credential_metadata": display,
        },
        JWT_VC_CONFIG: {
            "format": "jwt_vc_json",
            "credential_definition": {"type": ["VerifiableCredential", "EuropeanDigitalCredential"]},
            "cryptographic_binding_methods_supported": ["did:jwk", "jwk"],
            "credential_signing_alg_values_supported": [alg],
            "proof_types_supported": proofs,
            "credential_metadata": display,
        },
    }


async def issuer_metadata(request: Request) -> Response:
    """``GET /.well-known/openid-credential-issuer`` (§12.2.2)."""
    state: ServiceState = request.app.state.service
    base = state.config.base_url
    return JSONResponse(
        {
            "credential_issuer": base,
            "credential_endpoint": f"{base}/credential",
            "nonce_endpoint": f"{base}/nonce",
            "credential_configurations_supported": configurations(state),
            "display": [{"name": state.config.issuer_id, "locale": "en"}],
        }
    )


async def authorization_server_metadata(request: Request) -> Response:
    """``GET /.well-known/oauth-authorization-server`` (RFC 8414 §3; the issuer is its own AS, §12.2.4)."""
    base = request.app.state.service.config.base_url
    return JSONResponse(
        {
            "issuer": base,
            "token_endpoint": f"{base}/token",
            "grant_types_supported": [PRE_AUTHORIZED_GRANT],
            "pre-authorized_grant_anonymous_access_supported": True,
        }
    )
