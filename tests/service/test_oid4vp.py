"""OpenID4VP 1.0 end to end with the test wallet: issue (OpenID4VCI) -> wallet -> present -> verified;
a replayed or tampered response refused; only the requested claims disclosed."""

from __future__ import annotations

from typing import Any

import pytest
from jwcrypto import jwk
from starlette.testclient import TestClient

from microcred import example_microcredential

from ..conftest import KEYS_DIR
from .conftest import BASE
from .test_oid4vci import ISSUED_AT
from .wallet import Wallet


@pytest.fixture
def wallet(client: TestClient, auth: dict[str, str]) -> Wallet:
    holder = Wallet(client, jwk.JWK.from_json((KEYS_DIR / "p256.jwk").read_text()), clock=lambda: ISSUED_AT)
    offer = client.post(
        "/oid4vci/offers",
        json={
            "credential": example_microcredential().to_dict(),
            "configurations": ["MicroCredential_dc+sd-jwt"],
        },
        headers=auth,
    ).json()
    holder.receive(offer["credential_offer_link"])
    return holder


def ask(client: TestClient, auth: dict[str, str], claims: list[list[str]] | None = None) -> dict[str, Any]:
    body = {} if claims is None else {"claims": claims}
    response = client.post("/oid4vp/requests", json=body, headers=auth)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_request_shape(client: TestClient, auth: dict[str, str]) -> None:
    assert client.post("/oid4vp/requests", json={}).status_code == 401
    request = ask(client, auth, [["learner", "givenName"]])
    params = Wallet.parse_request(request["request_link"])
    assert params["response_type"] == "vp_token" and params["response_mode"] == "direct_post"
    assert (
        params["client_id"] == f"redirect_uri:{BASE}/oid4vp/response"
        and params["response_uri"] == f"{BASE}/oid4vp/response"
    )
    query = params["dcql_query"]["credentials"][0]
    assert query["format"] == "dc+sd-jwt" and query["claims"] == [{"path": ["learner", "givenName"]}]
    assert request["qr_code"].startswith("data:image/svg+xml")
    assert ask(client, auth)["authorization_request"]["nonce"] != params["nonce"]  # fresh nonce per request
    assert client.post("/oid4vp/requests", json={"claims": "all"}, headers=auth).status_code == 400


def test_present_and_fetch_result(client: TestClient, auth: dict[str, str], wallet: Wallet) -> None:
    request = ask(client, auth, [["learner", "givenName"]])
    result_path = request["result_uri"].removeprefix(BASE)
    assert client.get(result_path, headers=auth).json() == {"status": "pending"}
    assert client.get(result_path).status_code == 401
    body, response = wallet.respond(request["request_link"])
    assert response.status_code == 200, client.get(result_path, headers=auth).text
    result = client.get(result_path, headers=auth).json()
    assert result["status"] == "done" and result["verified"] is True, result
    assert "holder" in result["checks"]
    learner = result["credential"]["learner"]
    assert "givenName" in learner and "dateOfBirth" not in learner  # only what was asked for was disclosed
    # the same response posted again: the request was consumed
    replay = client.post("/oid4vp/response", data=body)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_request"


def test_tampered_or_misdirected_presentation_refused(
    client: TestClient, auth: dict[str, str], wallet: Wallet
) -> None:
    request = ask(client, auth)
    _, response = wallet.respond(request["request_link"], tamper=True)
    assert response.status_code == 400
    result = client.get(request["result_uri"].removeprefix(BASE), headers=auth).json()
    assert result["verified"] is False and "credential" not in result
    # a presentation made for another request (other nonce) is refused
    first, second = ask(client, auth), ask(client, auth)
    params = Wallet.parse_request(second["request_link"])
    presentation = wallet.present_sd_jwt(
        wallet.credentials[-1],
        ["id"],
        aud=params["client_id"],
        nonce=Wallet.parse_request(first["request_link"])["nonce"],
    )
    import json

    response = client.post(
        "/oid4vp/response",
        data={"vp_token": json.dumps({"microcredential": [presentation]}), "state": params["state"]},
    )
    assert response.status_code == 400
    assert client.get(second["result_uri"].removeprefix(BASE), headers=auth).json()["verified"] is False


@pytest.mark.parametrize(
    "vp_token",
    [
        "not json",
        "[]",
        '{"other": ["x"]}',
        '{"microcredential": "x"}',
        '{"microcredential": ["not-a-token"]}',
    ],
)
def test_malformed_vp_token(client: TestClient, auth: dict[str, str], vp_token: str) -> None:
    params = Wallet.parse_request(ask(client, auth)["request_link"])
    response = client.post("/oid4vp/response", data={"vp_token": vp_token, "state": params["state"]})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
