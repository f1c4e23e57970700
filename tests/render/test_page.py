"""The verification page in-process (Starlette's TestClient): form, verdicts, PDF upload, escaping, limits."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

with warnings.catch_warnings():  # Starlette prefers httpx2 to httpx for its test client; either works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from microcred.render.page import verification_app

from .conftest import issue_example, make_verifier


@pytest.fixture
def client() -> TestClient:
    return TestClient(verification_app(verifier_factory=make_verifier, max_upload=512 * 1024))


def _post(client: TestClient, **kw: Any) -> Any:
    return client.post("/", **kw)


def test_form_is_accessible_and_self_contained(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="en">' in html and html.count("<h1>") == 1
    assert '<label for="credential">' in html and '<label for="file">' in html
    assert 'method="post" enctype="multipart/form-data"' in html
    assert "http://" not in html and "https://" not in html  # nothing loaded from elsewhere
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "form-action 'self'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in html and f'<script nonce="{nonce}">' in html


def test_valid_credential_pasted(client: TestClient, secured: dict[str, Any]) -> None:
    html = _post(client, data={"credential": json.dumps(secured)}).text
    assert 'class="verdict ok"' in html
    assert "Seal: the electronic seal or signature is intact" in html
    assert "Owner: the issuer named in the credential sealed it" in html
    assert "Data Literacy for Public Administration" in html and "Ana Andromeda" in html


def test_tampered_credential(client: TestClient, tampered: dict[str, Any]) -> None:
    html = _post(client, data={"credential": json.dumps(tampered)}).text
    assert 'class="verdict bad"' in html and "NOT VERIFIED" in html
    assert "<td>FAILED</td>" in html


def test_certificate_pdf_uploaded(client: TestClient, certificate_pdf: bytes) -> None:
    files = {"file": ("certificate.pdf", certificate_pdf, "application/pdf")}
    html = _post(client, files=files, data={"credential": ""}).text
    assert 'class="verdict ok"' in html
    assert "the printed page itself is not what is signed" in html


def test_xss_in_a_signed_claim_is_escaped(client: TestClient) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    secured = issue_example(title={"en": payload})
    html = _post(client, data={"credential": json.dumps(secured)}).text
    assert 'class="verdict ok"' in html
    assert payload not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "data",
    [
        {"credential": "{"},
        {"credential": "not a credential"},
        {"credential": "[" * 5000},
        {"credential": '{"@context": 5, "proof": {"type": []}}'},
        {"credential": "%PDF-1.7\n garbage"},
    ],
)
def test_hostile_input_gets_a_verdict_not_an_error(client: TestClient, data: dict[str, str]) -> None:
    page = _post(client, data=data)
    assert page.status_code == 200 and "NOT VERIFIED" in page.text


def test_empty_malformed_and_oversized_requests(client: TestClient) -> None:
    assert _post(client, data={"credential": " "}).status_code == 400
    bad = _post(
        client, content=b"--x\r\nnonsense", headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert bad.status_code == 400
    big = _post(client, files={"file": ("big.json", b"{" + b" " * (600 * 1024) + b"}", "application/json")})
    assert big.status_code == 413 and "too large" in big.text
    too_many = _post(
        client, files=[("file", ("a", b"{}", "text/plain")), ("file", ("b", b"{}", "text/plain"))]
    )
    assert too_many.status_code == 400


def test_by_reference_without_a_fetcher_asks_for_the_pdf(client: TestClient) -> None:
    page = client.get("/", params={"url": "https://uni.example/c/1"})
    assert page.status_code == 200 and "does not fetch credentials" in page.text


def test_by_reference_with_a_fetcher(secured: dict[str, Any]) -> None:
    from microcred.fetcher import StaticFetcher

    fetcher = StaticFetcher()
    fetcher.add("https://uni.example/c/1", json.dumps(secured))
    client = TestClient(verification_app(verifier_factory=make_verifier, fetcher=fetcher))
    assert 'class="verdict ok"' in client.get("/", params={"url": "https://uni.example/c/1"}).text
    missing = client.get("/", params={"url": "https://uni.example/c/2"})
    assert missing.status_code == 400 and "could not be fetched" in missing.text
