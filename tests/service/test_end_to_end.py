"""The real server: ``microcred serve`` under uvicorn on 127.0.0.1, driven over HTTP, stopped gracefully."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microcred import StatusRegistry, example_microcredential

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


def _issue_many(
    port: int, count: int, threads: int, issued: list[dict[str, Any]] | None = None
) -> tuple[list[dict[str, Any]], list[BaseException]]:
    issued = [] if issued is None else issued
    failures: list[BaseException] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def work(offset: int) -> None:
        for i in range(offset, count, threads):
            data = example_microcredential().to_dict()
            data["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
            try:
                reply = request(port, "POST", "/credentials/issue", {"credential": data}, headers)
            except OSError as exc:  # the server was killed mid-batch
                with lock:
                    failures.append(exc)
                return
            if reply.status == 201:
                with lock:
                    issued.append(reply.json()["verifiableCredential"])

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    return issued, failures


@pytest.mark.slow
def test_concurrent_issuance_and_status_changes(server: Server, tmp_path: Path) -> None:
    issued, failures = _issue_many(server.port, 24, 4)
    assert not failures and len(issued) == 24
    pairs = [
        (e["statusListCredential"], e["statusListIndex"]) for vc in issued for e in vc["credentialStatus"]
    ]
    assert len(pairs) == len(set(pairs)) == 48  # never two credentials on one index
    headers = {"Authorization": f"Bearer {TOKEN}"}
    revoked = [vc["id"] for vc in issued[::2]]

    def revoke(ident: str) -> None:
        change = {
            "credentialId": ident,
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
            "status": True,
        }
        assert request(server.port, "POST", "/credentials/status", change, headers).status == 200

    threads = [threading.Thread(target=revoke, args=(ident,)) for ident in revoked]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    server.close()
    with StatusRegistry(tmp_path / "reg.db") as registry:
        for vc in issued:
            rows = {row.purpose: row.status for row in registry.entries(vc["id"])}
            assert rows == {"revocation": int(vc["id"] in revoked), "suspension": 0}  # no update lost


@pytest.mark.slow
def test_killed_mid_batch_loses_no_status_entry(server: Server, tmp_path: Path) -> None:
    issued: list[dict[str, Any]] = []
    batch = threading.Thread(target=_issue_many, args=(server.port, 200, 2, issued))
    batch.start()
    for _ in range(600):  # until a few credentials are out (bounded: 60 s)
        if len(issued) >= 3:
            break
        time.sleep(0.1)
    server.process.kill()  # SIGKILL mid-batch: no graceful shutdown
    batch.join(timeout=300)
    server.close()
    assert 3 <= len(issued) < 200
    with StatusRegistry(tmp_path / "reg.db") as registry:
        for vc in issued:  # every credential the client received has its entries committed
            assert {row.purpose for row in registry.entries(vc["id"])} == {"revocation", "suspension"}
