"""Fixtures of the service tests: an in-process app on a temporary SQLite registry, a fixed key and clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from microcred import FixedClock
from microcred.service import ServiceConfig
from microcred.service.app import create_app

TOKEN = "test-token-0123456789"
BASE = "https://registrar.example"
NOW = "2026-01-15T12:00:00Z"


def make_config(keys: dict[str, Any], tmp_path: Path, **changes: Any) -> ServiceConfig:
    """A test configuration: Ed25519 did:key issuer, small status lists, one API token."""
    from microcred.service import hash_token

    settings: dict[str, Any] = {
        "key": keys["Ed25519"],
        "base_url": BASE,
        "registry": str(tmp_path / "registry.db"),
        "token_hashes": frozenset({hash_token(TOKEN)}),
        "now": NOW,
    }
    return ServiceConfig(**(settings | changes))


@pytest.fixture
def config(keys: dict[str, Any], tmp_path: Path) -> ServiceConfig:
    return make_config(keys, tmp_path)


@pytest.fixture
def client(config: ServiceConfig) -> Iterator[TestClient]:
    app = create_app(config, clock=FixedClock(NOW))
    with TestClient(app, base_url=BASE) as c:
        yield c


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
