"""OpenID4VCI 1.0: metadata, offers (link, QR, tx_code), token, nonce, credential, key proofs, holder binding."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwk
from starlette.testclient import TestClient

from microcred import example_microcredential, verify

from ..conftest import KEYS_DIR
from .conftest import BASE, NOW
from .wallet import Wallet

ISSUED_AT = 1768478400  # NOW as a NumericDate


@pytest.fixture
def wallet(client: TestClient) -> Wallet:
    return Wallet(client, jwk.JWK.from_json((KEYS_DIR / "p256.jwk").read_text()))


def make_offer(client: TestClient, auth: dict[str, str], **extra: Any) -> dict[str, Any]:
    body = {"credential": example_microcredential().to_dict(), **extra}
    response = client.post("/oid4vci/offers", json=body, headers=auth)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_metadata(client: TestClient) -> None:
    metadata = client.get("/.well-known/openid-credential-issuer").json()
    assert metadata["credential_issuer"] == BASE and metadata["nonce_endpoint"] == f"{BASE}/nonce"
    configs = metadata["credential_configurations_supported"]
    assert {c["format"] for c in configs.values()} == {"dc+sd-jwt", "jwt_vc_json", "ldp_vc"}
    assert client.get("/.well-known/oauth-authorization-server").json()["token_endpoint"] == f"{BASE}/token"


def test_offer_needs_token_and_gives_link_and_qr(client: TestClient, auth: dict[str, str]) -> None:
    assert client.post("/oid4vci/offers", json={"credential": {}}).status_code == 401
    offer = make_offer(client, auth, tx_code=True)
    assert offer["credential_offer_link"].startswith("openid-credential-offer://?credential_offer=")
    assert offer["qr_code"].startswith("data:image/svg+xml")
    assert len(offer["tx_code"]) == 6 and offer["tx_code"].isdigit()
    grant = offer["credential_offer"]["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
    assert grant["tx_code"]["length"] == 6
    assert Wallet.parse_offer(offer["credential_offer_link"]) == offer["credential_offer"]


@pytest.mark.parametrize(
    "configuration", ["MicroCredential_dc+sd-jwt", "MicroCredential_jwt_vc_json", "MicroCredential_ldp_vc"]
)
def test_wallet_receives_a_bound_credential(
    client: TestClient, auth: dict[str, str], wallet: Wallet, configuration: str
) -> None:
    offer = make_offer(client, auth, tx_code=True)
    credential = wallet.receive(
        offer["credential_offer_link"], tx_code=offer["tx_code"], configuration=configuration, iat=ISSUED_AT
    )
    result = client.app.state.service.verifier().verify(credential)  # type: ignore[attr-defined]
    assert result.verified, result.summary()  # with the status list the service hosts
    assert not verify(credential, now=NOW).verified  # offline, the status list cannot be fetched
    from microcred import Key

    holder = Key.from_jwk(wallet.public_jwk())
    if configuration.endswith("sd-jwt"):
        import base64
        import json

        payload = credential.split("~")[0].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert claims["cnf"]["jwk"]["x"] == wallet.public_jwk()["x"]
    elif configuration.endswith("ldp_vc"):
        from microcred.keys.dids import did_jwk_for

        assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
        assert credential["credentialSubject"]["id"] == did_jwk_for(holder)
    else:
        import base64
        import json

        from microcred.keys.dids import did_jwk_for

        payload = credential.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert claims["credentialSubject"]["id"] == did_jwk_for(holder)


def _token(client: TestClient, code: str, tx_code: str | None = None) -> Any:
    form = {"grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code", "pre-authorized_code": code}
    if tx_code is not None:
        form["tx_code"] = tx_code
    return client.post("/token", data=form)


def _code(offer: dict[str, Any]) -> str:
    return str(
        offer["credential_offer"]["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"][
            "pre-authorized_code"
        ]
    )


def test_token_endpoint_refusals(client: TestClient, auth: dict[str, str]) -> None:
    offer = make_offer(client, auth, tx_code=True)
    code = _code(offer)
    wrong = _token(client, code, "000000" if offer["tx_code"] != "000000" else "111111")
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    assert wrong.headers["content-type"] == "application/problem+json"
    assert _token(client, code).json()["error"] == "invalid_grant"  # tx_code missing
    assert _token(client, code, offer["tx_code"]).status_code == 200
    assert _token(client, code, offer["tx_code"]).json()["error"] == "invalid_grant"  # single use
    assert client.post("/token", data={"grant_type": "password"}).json()["error"] == "unsupported_grant_type"
    burned = make_offer(client, auth, tx_code=True)
    for _ in range(3):
        _token(client, _code(burned), "x")
    assert _token(client, _code(burned), burned["tx_code"]).status_code == 400  # guessing burns the code


def _access(client: TestClient, auth: dict[str, str]) -> str:
    offer = make_offer(client, auth)
    return str(_token(client, _code(offer)).json()["access_token"])


def _nonce(client: TestClient) -> str:
    return str(client.post("/nonce").json()["c_nonce"])


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("wrong-typ", "invalid_proof"),
        ("wrong-aud", "invalid_proof"),
        ("no-nonce", "invalid_proof"),
        ("unknown-nonce", "invalid_nonce"),
        ("old-iat", "invalid_proof"),
        ("future-iat", "invalid_proof"),
        ("private-jwk", "invalid_proof"),
        ("bad-signature", "invalid_proof"),
        ("alg-none", "invalid_proof"),
        ("jwk-and-kid", "invalid_proof"),
    ],
)
def test_key_proof_refusals(
    client: TestClient, auth: dict[str, str], wallet: Wallet, case: str, error: str
) -> None:
    access = _access(client, auth)
    nonce = _nonce(client)
    proof = {
        "wrong-typ": lambda: wallet.key_proof(BASE, nonce, iat=ISSUED_AT, typ="JWT"),
        "wrong-aud": lambda: wallet.key_proof("https://other.example", nonce, iat=ISSUED_AT),
        "no-nonce": lambda: wallet.key_proof(BASE, None, iat=ISSUED_AT),
        "unknown-nonce": lambda: wallet.key_proof(BASE, "made-up", iat=ISSUED_AT),
        "old-iat": lambda: wallet.key_proof(BASE, nonce, iat=ISSUED_AT - 3600),
        "future-iat": lambda: wallet.key_proof(BASE, nonce, iat=ISSUED_AT + 3600),
        "private-jwk": lambda: wallet.key_proof(
            BASE, nonce, iat=ISSUED_AT, jwk=wallet.key.export(as_dict=True)
        ),
        "bad-signature": lambda: wallet.key_proof(BASE, nonce, iat=ISSUED_AT)[:-4] + "AAAA",
        "alg-none": lambda: ".".join(wallet.key_proof(BASE, nonce, iat=ISSUED_AT).split(".")[:2]) + ".",
        "jwk-and-kid": lambda: wallet.key_proof(BASE, nonce, iat=ISSUED_AT, kid="did:key:z6Mk"),
    }[case]()
    body = {"credential_configuration_id": "MicroCredential_dc+sd-jwt", "proofs": {"jwt": [proof]}}
    response = client.post("/credential", json=body, headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 400 and response.json()["error"] == error, response.text


def test_credential_endpoint_needs_access_token_and_fresh_nonce(
    client: TestClient, auth: dict[str, str], wallet: Wallet
) -> None:
    nonce = _nonce(client)
    body = {
        "credential_configuration_id": "MicroCredential_dc+sd-jwt",
        "proofs": {"jwt": [wallet.key_proof(BASE, nonce, iat=ISSUED_AT)]},
    }
    assert client.post("/credential", json=body).status_code == 401
    access = _access(client, auth)
    headers = {"Authorization": f"Bearer {access}"}
    assert client.post("/credential", json=body, headers=headers).status_code == 200
    again = client.post("/credential", json=body, headers=headers)
    assert again.status_code == 401  # the access token issued once
    access = _access(client, auth)
    replay = client.post("/credential", json=body, headers={"Authorization": f"Bearer {access}"})
    assert replay.json()["error"] == "invalid_nonce"  # the c_nonce was used
    wrong = {"credential_configuration_id": "Other", "proofs": body["proofs"]}
    assert (
        client.post("/credential", json=wrong, headers={"Authorization": f"Bearer {access}"}).json()["error"]
        == "unknown_credential_configuration"
    )


def test_time_window_uses_service_clock() -> None:
    assert abs(ISSUED_AT - time.mktime(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ")) + time.timezone) < 1


def test_store_is_bounded(tmp_path: Path) -> None:
    from microcred.service.store import ExpiringStore

    now = [0.0]
    store: ExpiringStore[int] = ExpiringStore(10, 3, monotonic=lambda: now[0])
    for i in range(5):
        store.put(str(i), i)
    assert len(store) == 3 and store.get("0") is None and store.get("4") == 4
    now[0] = 11
    assert store.get("4") is None and len(store) == 0
    store.put("a", 1)
    assert store.pop("a") == 1 and store.pop("a") is None
