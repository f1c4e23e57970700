"""Fixtures for stack tests: keys from fixed seeds, three parts in three formats, a status registry."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from microcred.clock import FixedClock
from microcred.issuer import issue
from microcred.keys import Key
from microcred.model import MicroCredential
from microcred.model.examples import example_microcredential
from microcred.status import StatusRegistry

NOW = "2026-01-15T12:00:00Z"
LIST_URL = "https://registrar.example.edu/status/1"


def ed_key(seed: str) -> Key:
    """An Ed25519 did:key from a fixed seed."""
    raw = hashlib.sha256(seed.encode()).digest()
    return Key.from_cryptography(ed25519.Ed25519PrivateKey.from_private_bytes(raw), did="key")


def p256_key(seed: str) -> Key:
    """A P-256 did:key from a fixed seed."""
    secret = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (2**255) + 1
    return Key.from_cryptography(ec.derive_private_key(secret, ec.SECP256R1()), did="key")


def part_model(title: str, ects: int = 2, **changes: Any) -> MicroCredential:
    """The example micro-credential with another title, ECTS and no fixed id."""
    mc = example_microcredential()
    workload = mc.workload.model_copy(  # type: ignore[union-attr]
        update={"credit_points": [mc.workload.credit_points[0].model_copy(update={"points": Decimal(ects)})]}  # type: ignore[union-attr]
    )
    return mc.model_copy(update={"id": None, "title": {"en": title}, "workload": workload, **changes})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def registry(tmp_path: Path) -> Any:
    reg = StatusRegistry(str(tmp_path / "status.sqlite"))
    reg.create_list(LIST_URL, purpose="revocation")
    yield reg
    reg.close()


@pytest.fixture
def status_key() -> Key:
    return p256_key("part b")


@pytest.fixture
def parts(clock: FixedClock, registry: Any) -> list[Any]:
    """Three parts of one learner in three formats; the second has a revocation status entry."""
    return [
        issue(part_model("Data management", 2), ed_key("part a"), format="eddsa-rdfc-2022", now=clock),
        issue(
            part_model("Research ethics", 3), p256_key("part b"), format="vc+jwt", now=clock, status=registry
        ),
        issue(part_model("Open science", 5), p256_key("part c"), format="ecdsa-rdfc-2019", now=clock),
    ]


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (``--import-mode=importlib`` cannot import conftest)."""
    return SimpleNamespace(ed_key=ed_key, p256_key=p256_key, part_model=part_model, LIST_URL=LIST_URL)
