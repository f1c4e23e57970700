"""A test wallet written from the OpenID4VCI 1.0 and OpenID4VP 1.0 specifications (not from the service code).

It signs with jwcrypto (not microcred's JOSE code), builds key proofs (OpenID4VCI §F.1), SD-JWT presentations
with a Key Binding JWT (RFC 9901 §4.3, §7.3) by hand, and talks HTTP through any client with ``get``/``post``
(a Starlette TestClient in-process). It is a test double of a real wallet, so it can also misbehave on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jwcrypto import jwk, jws


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(header: dict[str, Any], payload: dict[str, Any], key: jwk.JWK) -> str:
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(key, alg=header["alg"], protected=json.dumps(header))
    return str(token.serialize(compact=True))


@dataclass
class Wallet:
    """A holder: its key, its HTTP client, and the credentials it received."""

    http: Any
    key: jwk.JWK
    alg: str = "ES256"
    credentials: list[Any] = field(default_factory=list)
    #: The wallet's clock (seconds since the epoch): tests pin it to the service's fixed time.
    clock: Callable[[], float] = time.time

    def public_jwk(self) -> dict[str, Any]:
        return dict(self.key.export_public(as_dict=True))

    # -- OpenID4VCI -------------------------------------------------------------------------------------------
    @staticmethod
    def parse_offer(link: str) -> dict[str, Any]:
        """§4.1.2: the credential_offer parameter of an openid-credential-offer:// link."""
        parts = urlsplit(link)
        assert parts.scheme == "openid-credential-offer"
        offer: dict[str, Any] = json.loads(parse_qs(parts.query)["credential_offer"][0])
        return offer

    def key_proof(self, audience: str, nonce: str | None, *, iat: float | None = None, **header: Any) -> str:
        """§F.1: a JWT proof of possession of the wallet key."""
        protected = {"typ": "openid4vci-proof+jwt", "alg": self.alg, "jwk": self.public_jwk()} | header
        payload: dict[str, Any] = {"aud": audience, "iat": int(self.clock() if iat is None else iat)}
        if nonce is not None:
            payload["nonce"] = nonce
        return sign({k: v for k, v in protected.items() if v is not None}, payload, self.key)

    def receive(
        self,
        link: str,
        *,
        tx_code: str | None = None,
        configuration: str | None = None,
        iat: float | None = None,
    ) -> Any:
        """The whole Pre-Authorized Code Flow for the first (or the given) offered configuration."""
        offer = self.parse_offer(link)
        issuer = offer["credential_issuer"]
        base = urlsplit(issuer).path
        metadata = self.http.get(base + "/.well-known/openid-credential-issuer").json()
        assert metadata["credential_issuer"] == issuer
        as_meta = self.http.get(base + "/.well-known/oauth-authorization-server").json()
        grant = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
        form = {
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": grant["pre-authorized_code"],
        }
        if "tx_code" in grant:
            assert tx_code is not None
            form["tx_code"] = tx_code
        token = self.http.post(urlsplit(as_meta["token_endpoint"]).path, data=form)
        assert token.status_code == 200, token.text
        access = token.json()["access_token"]
        nonce = self.http.post(urlsplit(metadata["nonce_endpoint"]).path).json()["c_nonce"]
        chosen = configuration or offer["credential_configuration_ids"][0]
        request = {
            "credential_configuration_id": chosen,
            "proofs": {"jwt": [self.key_proof(issuer, nonce, iat=iat)]},
        }
        response = self.http.post(
            urlsplit(metadata["credential_endpoint"]).path,
            json=request,
            headers={"Authorization": f"Bearer {access}"},
        )
        assert response.status_code == 200, response.text
        credential = response.json()["credentials"][0]["credential"]  # a string, or a JSON-LD object (ldp_vc)
        self.credentials.append(credential)
        return credential

    # -- OpenID4VP --------------------------------------------------------------------------------------------
    @staticmethod
    def parse_request(link: str) -> dict[str, Any]:
        """OpenID4VP §5: the Authorization Request parameters of an openid4vp:// link (by value)."""
        params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        if "dcql_query" in params:
            params["dcql_query"] = json.loads(params["dcql_query"])
        return params

    def present_sd_jwt(self, credential: str, claims: list[str], *, aud: str, nonce: str) -> str:
        """RFC 9901 §4: the issuer-signed JWT, the Disclosures named in ``claims`` (any level), and a KB-JWT."""
        jwt, *disclosures = credential.rstrip("~").split("~")
        chosen = []
        for disclosure in disclosures:
            decoded = json.loads(base64.urlsafe_b64decode(disclosure + "=" * (-len(disclosure) % 4)))
            if len(decoded) == 3 and decoded[1] in claims:
                chosen.append(disclosure)
        presented = "~".join([jwt, *chosen]) + "~"
        sd_hash = b64url(hashlib.sha256(presented.encode("ascii")).digest())
        kb = sign(
            {"typ": "kb+jwt", "alg": self.alg},
            {"iat": int(self.clock()), "aud": aud, "nonce": nonce, "sd_hash": sd_hash},
            self.key,
        )
        return presented + kb

    def respond(
        self, link: str, *, claims: list[str] | None = None, tamper: bool = False
    ) -> tuple[dict[str, Any], Any]:
        """Answer a presentation request: pick the credential for the DCQL query, post the vp_token."""
        request = self.parse_request(link)
        query = request["dcql_query"]["credentials"][0]
        wanted = claims if claims is not None else [p for c in query.get("claims", []) for p in c["path"]]
        presentation = self.present_sd_jwt(
            self.credentials[-1], wanted, aud=request["client_id"], nonce=request["nonce"]
        )
        if tamper:
            jwt, rest = presentation.split(".", 1)
            presentation = jwt + "." + rest.replace("A", "B", 1)
        body = {"vp_token": json.dumps({query["id"]: [presentation]}), "state": request.get("state", "")}
        response = self.http.post(urlsplit(request["response_uri"]).path, data=body)
        return body, response
