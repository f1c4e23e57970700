"""Fixtures of the certificate and verification page tests: a credential issued with a fixed key and clock."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest

from microcred import example_microcredential, issue
from microcred.verification.verifier import Verifier

from ..conftest import FROZEN_NOW, KEYS_DIR

#: Where tests leave what a person should look at (PNG pages, screenshots); gitignored.
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

VERIFY_URL = "https://verify.example.org/verify"


def artifact(name: str) -> Path:
    """A path under tests/artifacts/ (made on demand)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def make_verifier() -> Verifier:
    """An offline verifier at the frozen test instant."""
    return Verifier(now=FROZEN_NOW)


def issue_example(**changes: Any) -> dict[str, Any]:
    """The example micro-credential (with ``changes`` to its model JSON), sealed with the fixed Ed25519 key."""
    from microcred.keys import Key
    from microcred.model import MicroCredential

    data = example_microcredential().to_dict() | changes
    key = Key.load(KEYS_DIR / "ed25519.jwk")
    secured = issue(
        MicroCredential.from_dict(data), key, format="eddsa-rdfc-2022", now="2025-06-30T10:00:00Z"
    )
    assert isinstance(secured, dict)
    return secured


@pytest.fixture(scope="session")
def secured() -> dict[str, Any]:
    return issue_example()


@pytest.fixture(scope="session")
def tampered(secured: dict[str, Any]) -> dict[str, Any]:
    forged = copy.deepcopy(secured)
    forged["credentialSubject"]["fullName"] = {"en": "Mallory Forger"}
    return forged


@pytest.fixture(scope="session")
def certificate_pdf(secured: dict[str, Any]) -> bytes:
    from microcred.render import render

    pdf = render(secured, format="pdf", verify_url=VERIFY_URL, verifier=make_verifier())
    assert isinstance(pdf, bytes)
    return pdf


def has_tool(name: str) -> bool:
    """True when ``name`` is on PATH."""
    return any(os.access(Path(d) / name, os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep))
