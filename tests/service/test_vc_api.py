"""The W3C VC-API endpoints: issue, verify, presentations/verify, status (request/response shapes, auth)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from microcred import example_microcredential

CRED_ID = "urn:uuid:6f1c2a52-4b8e-4f51-9c39-0d6a2f3b7e10"


def issue(client: TestClient, auth: dict[str, str], **options: Any) -> dict[str, Any]:
    body = {"credential": example_microcredential().to_dict(), "options": options}
    response = client.post("/credentials/issue", json=body, headers=auth)
    assert response.status_code == 201, response.text
    vc: dict[str, Any] = response.json()["verifiableCredential"]
    return vc


@pytest.mark.parametrize("fmt", ["eddsa-rdfc-2022", "vc+jwt", "sd-jwt-vc"])
def test_issue_then_verify(client: TestClient, auth: dict[str, str], fmt: str) -> None:
    vc = issue(client, auth, format=fmt)
    if fmt != "eddsa-rdfc-2022":
        assert vc["type"] == "EnvelopedVerifiableCredential" and vc["id"].startswith("data:application/")
    else:
        assert vc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
        assert vc["credentialStatus"][0]["statusListCredential"].startswith(
            "https://registrar.example/status/"
        )
    posted = vc["id"].partition(",")[2] if fmt == "sd-jwt-vc" else vc
    response = client.post("/credentials/verify", json={"verifiableCredential": posted, "options": {}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verified"] is True and "proof" in body["checks"] and body["errors"] == []
    returned = client.post(
        "/credentials/verify", json={"verifiableCredential": posted, "options": {"returnCredential": True}}
    )
    assert returned.json()["credential"] == posted


def test_issue_json_ld_credential(client: TestClient, auth: dict[str, str]) -> None:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "credentialSubject": {"id": "did:example:learner"},
    }
    from microcred import Key

    response = client.post("/credentials/issue", json={"credential": credential, "options": {}}, headers=auth)
    # the issuer is not the service's key: refused with a problem naming the field, never a 5xx
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert "issuer" in response.json()["detail"]
    credential["issuer"] = str(Key.coerce(client.app.state.service.config.key).controller)  # type: ignore[attr-defined]
    response = client.post("/credentials/issue", json={"credential": credential}, headers=auth)
    assert response.status_code == 201, response.text
    assert "credentialStatus" not in response.json()["verifiableCredential"]  # no id, no status entry


def test_issue_needs_a_token(client: TestClient) -> None:
    body = {"credential": example_microcredential().to_dict()}
    missing = client.post("/credentials/issue", json=body)
    wrong = client.post("/credentials/issue", json=body, headers={"Authorization": "Bearer nope"})
    assert missing.status_code == wrong.status_code == 401
    assert missing.json()["code"] == "TOKEN_MISSING" and wrong.json()["code"] == "TOKEN_INVALID"
    assert missing.headers["www-authenticate"].startswith("Bearer")


def test_env_tokens(config: Any) -> None:
    from microcred.service.auth import token_matches

    merged = config.with_env_tokens({"MICROCRED_API_TOKENS": " a-token , ,other"})
    assert token_matches("a-token", merged.token_hashes) and token_matches("other", merged.token_hashes)
    assert not token_matches("a-token ", config.token_hashes)


def test_tampered_credential_is_a_400_with_the_result(client: TestClient, auth: dict[str, str]) -> None:
    vc = issue(client, auth)
    vc["credentialSubject"]["id"] = "did:example:someone-else"
    response = client.post("/credentials/verify", json={"verifiableCredential": vc})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["verified"] is False and "proof" in body["errors"] and body["code"] == "NOT_VERIFIED"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "BODY_EMPTY"),
        (b"[1]", "BODY_NOT_OBJECT"),
        (b'{"a":1,"a":2}', "DUPLICATE_JSON_KEY"),
        (b'{"a":' + b"[" * 200 + b"]" * 200 + b"}", "NESTING_TOO_DEEP"),
        (b"\xff\xfe", "JSON_PARSE_ERROR"),
        (b'{"options":{}}', "CREDENTIAL_MISSING"),
        (b'{"verifiableCredential":{},"options":{"bogus":1}}', "OPTION_UNKNOWN"),
        (b'{"verifiableCredential":{},"options":{"challenge":1}}', "OPTION_INVALID"),
        (b'{"verifiableCredential":{},"options":{"returnCredential":"yes"}}', "OPTION_INVALID"),
    ],
)
def test_bad_requests_are_problems(client: TestClient, body: bytes, code: str) -> None:
    response = client.post("/credentials/verify", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["status"] == response.status_code and problem["type"].endswith(problem["code"])
    assert problem["code"] == code or (code == "JSON_PARSE_ERROR" and problem["code"].startswith("JSON"))


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    assert client.get("/nope").json()["code"] == "NOT_FOUND"
    response = client.get("/credentials/verify")
    assert response.status_code == 405 and response.json()["code"] == "METHOD_NOT_ALLOWED"


def test_status_changes(client: TestClient, auth: dict[str, str]) -> None:
    vc = issue(client, auth)
    entries = {e["statusPurpose"]: e for e in vc["credentialStatus"]}
    url = entries["revocation"]["statusListCredential"]

    def change(purpose: str, status: bool, headers: dict[str, str] = auth) -> Any:
        body = {
            "credentialId": CRED_ID,
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": purpose},
            "status": status,
        }
        return client.post("/credentials/status", json=body, headers=headers)

    assert change("suspension", True, {}).status_code == 401
    before = client.get(url.removeprefix("https://registrar.example"))
    assert change("suspension", True).json()["status"] is True
    verified = client.post("/credentials/verify", json={"verifiableCredential": vc})
    assert verified.status_code == 400 and "status" in verified.json()["errors"]
    assert change("suspension", False).json()["status"] is False
    assert client.post("/credentials/verify", json={"verifiableCredential": vc}).status_code == 200
    assert change("revocation", True).status_code == 200
    assert change("revocation", False).status_code == 409
    after = client.get(url.removeprefix("https://registrar.example"))
    assert before.headers["etag"] != after.headers["etag"]
    assert client.post("/credentials/verify", json={"verifiableCredential": vc}).status_code == 400
    unknown = {
        "credentialId": "urn:x",
        "credentialStatus": {"type": "x", "statusPurpose": "revocation"},
        "status": True,
    }
    assert client.post("/credentials/status", json=unknown, headers=auth).status_code == 404
    assert client.post("/credentials/status", json={"credentialId": 1}, headers=auth).status_code == 400


def test_presentations_verify_sd_jwt_vc_with_domain_and_challenge(
    client: TestClient, auth: dict[str, str], keys: dict[str, Any]
) -> None:
    from datetime import datetime

    from microcred import issue as library_issue
    from microcred.sd_jwt import present

    holder = keys["P-256"]
    token = library_issue(
        example_microcredential(),
        keys["Ed25519"],
        format="sd-jwt-vc",
        holder=holder.public(),
        now="2026-01-15T11:00:00Z",
    )
    at = datetime.fromisoformat("2026-01-15T12:00:00+00:00")
    presentation = present(
        str(token),
        ["learner.givenName"],
        holder=holder,
        aud="https://verifier.example",
        nonce="n-0S6",
        iat=at,
    )
    good = {"domain": "https://verifier.example", "challenge": "n-0S6"}
    response = client.post(
        "/presentations/verify", json={"verifiablePresentation": presentation, "options": good}
    )
    assert response.status_code == 200, response.text
    assert "holder" in response.json()["checks"]
    for wrong in (
        {"domain": "https://verifier.example", "challenge": "other"},
        {"domain": "https://x.example", "challenge": "n-0S6"},
    ):
        refused = client.post(
            "/presentations/verify", json={"verifiablePresentation": presentation, "options": wrong}
        )
        assert refused.status_code == 400 and "holder" in refused.json()["errors"]


def test_data_integrity_presentation_with_holder_binding(
    client: TestClient, auth: dict[str, str], keys: dict[str, Any]
) -> None:
    """A W3C presentation (eddsa-rdfc-2022, authentication proof) of a credential bound to the holder's DID."""
    from microcred import issue as library_issue
    from microcred.present import present

    holder = keys["Ed25519"]
    credential = library_issue(
        example_microcredential(),
        keys["P-256"],
        format="ecdsa-rdfc-2019",
        holder=holder.public(),
        now="2026-01-15T11:00:00Z",
    )
    presentation = present(
        [credential], holder, challenge="c-42", domain="https://verifier.example", now="2026-01-15T11:30:00Z"
    )
    options = {"domain": "https://verifier.example", "challenge": "c-42"}
    response = client.post(
        "/presentations/verify", json={"verifiablePresentation": presentation, "options": options}
    )
    assert response.status_code == 200, response.text
    assert response.json()["verified"] is True
    refused = client.post(
        "/presentations/verify",
        json={"verifiablePresentation": presentation, "options": {**options, "challenge": "replayed"}},
    )
    assert refused.status_code == 400 and refused.json()["verified"] is False


def test_the_verification_page_is_served_at_verify(client: TestClient) -> None:
    page = client.get("/verify/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "<form" in page.text and 'lang="en"' in page.text
