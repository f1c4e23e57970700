"""The real server: ``microcred serve`` under uvicorn on 127.0.0.1, driven over HTTP, stopped gracefully."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred import example_microcredential

from .loopback import Server, request

TOKEN = "e2e-token-abcdef"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path, TOKEN)
    try:
        yield running
    finally:
        running.close()


@pytest.mark.slow
def test_issue_verify_revoke_over_http(server: Server, tmp_path: Path) -> None:
    port = server.port
    assert request(port, "GET", "/health").json()["status"] == "pass"
    body = {"credential": example_microcredential().to_dict(), "options": {"format": "eddsa-rdfc-2022"}}
    assert request(port, "POST", "/credentials/issue", body).status == 401
    issued = request(port, "POST", "/credentials/issue", body, {"Authorization": f"Bearer {TOKEN}"})
    assert issued.status == 201, issued.body
    vc = issued.json()["verifiableCredential"]
    assert vc["credentialStatus"][0]["statusListCredential"].startswith(f"http://127.0.0.1:{port}/status/")
    verified = request(port, "POST", "/credentials/verify", {"verifiableCredential": vc})
    assert verified.status == 200 and verified.json()["verified"] is True
    change = {
        "credentialId": vc["id"],
        "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
        "status": True,
    }
    assert (
        request(port, "POST", "/credentials/status", change, {"Authorization": f"Bearer {TOKEN}"}).status
        == 200
    )
    refused = request(port, "POST", "/credentials/verify", {"verifiableCredential": vc})
    assert refused.status == 400 and refused.headers["content-type"] == "application/problem+json"
    hostile = request(
        port,
        "POST",
        "/credentials/verify",
        b'{"verifiableCredential": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        {"Content-Type": "application/json"},
    )
    assert hostile.status == 400
    assert request(port, "GET", "/health").status == 200  # still serving
    assert server.close() in (0, -15)  # SIGTERM: uvicorn drains, runs the lifespan shutdown, re-raises it
    log = (tmp_path / "server.log").read_text()
    assert '"event": "start"' in log and '"event": "stop"' in log
    assert "Europass" not in log and "learner" not in log.lower()  # no credential content in the logs
