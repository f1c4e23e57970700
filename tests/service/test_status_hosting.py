"""Hosted status lists: signed, ETag/304, Token Status List by content negotiation, rollover, did:web."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from microcred import FixedClock, Key, StatusRegistry, verify
from microcred.service.app import create_app
from microcred.service.did_web import did_document
from microcred.service.status_hosting import RollingAllocator

from .conftest import BASE, NOW, make_config


def test_list_is_signed_with_etag_and_304(client: TestClient) -> None:
    first = client.get("/status/revocation/1")
    assert first.status_code == 200 and first.headers["content-type"] == "application/vc+ld+json"
    assert "max-age=300" in first.headers["cache-control"]
    document = first.json()
    assert document["id"] == f"{BASE}/status/revocation/1"
    assert verify(document, now=NOW).verified
    again = client.get("/status/revocation/1", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/status/revocation/1").headers["etag"] == first.headers["etag"]  # not re-signed
    assert client.get("/status/revocation/9").status_code == 404


def test_token_status_list_by_accept(client: TestClient) -> None:
    response = client.get("/status/revocation/1", headers={"Accept": "application/statuslist+jwt"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/statuslist+jwt"
    assert response.text.count(".") == 2


def test_rollover_opens_the_next_list(keys: dict[str, Any], tmp_path: Path) -> None:
    config = make_config(keys, tmp_path, list_size=8, min_list_size=8, status_purposes=("revocation",))
    with StatusRegistry(config.registry, clock=NOW) as registry:
        allocator = RollingAllocator(registry, config)
        allocator.ensure_lists()
        entries = [allocator.allocate(f"urn:c:{i}")[0] for i in range(20)]
        lists = {e["statusListCredential"] for e in entries}
        assert lists == {f"{BASE}/status/revocation/{n}" for n in (1, 2, 3)}
        pairs = {(e["statusListCredential"], e["statusListIndex"]) for e in entries}
        assert len(pairs) == 20  # never two credentials on one index
        assert allocator.allocate("urn:c:3") == [entries[3]]  # idempotent


def test_did_web_document(keys: dict[str, Any], tmp_path: Path) -> None:
    key = keys["Ed25519"].with_kid("did:web:registrar.example#key-1", controller="did:web:registrar.example")
    document = did_document(key)
    assert document is not None and document["id"] == "did:web:registrar.example"
    assert document["assertionMethod"] == ["did:web:registrar.example#key-1"]
    assert document["verificationMethod"][0]["publicKeyMultibase"] == keys["Ed25519"].public_key_multibase
    config = make_config(keys, tmp_path, key=key)
    with TestClient(create_app(config, clock=FixedClock(NOW)), base_url=BASE) as client:
        served = client.get("/.well-known/did.json")
        assert served.status_code == 200 and served.json() == document
        # a credential issued by the did:web issuer verifies against the served document
        from microcred import example_microcredential

        from .conftest import TOKEN

        issued = client.post(
            "/credentials/issue",
            json={"credential": example_microcredential().to_dict()},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert issued.status_code == 201, issued.text
        vc = issued.json()["verifiableCredential"]
        assert vc["issuer"]["id"] == "did:web:registrar.example" if isinstance(vc["issuer"], dict) else True
        assert client.post("/credentials/verify", json={"verifiableCredential": vc}).status_code == 200
    assert did_document(Key.generate("Ed25519")) is None
