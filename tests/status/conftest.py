"""Shared helpers for the status tests: data paths, a keyless signer, a verifier built on the fake suite."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from microcred.clock import FixedClock
from microcred.status import StatusRegistry
from microcred.suites.base import ProofOptions
from microcred.suites.proofs import add_proof
from microcred.suites.registry import default_registry
from microcred.verification.verifier import Verifier

from ..suites.fake_suite import FakeSuite

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
VECTORS = HERE.parent / "vectors" / "bitstring-status-list"

NOW = "2026-01-15T12:00:00Z"
ISSUER = "did:example:university"
KEY = SimpleNamespace(kid=f"{ISSUER}#key-1", controller=ISSUER, is_private=True)
LIST_URL = "https://registrar.example.edu/status/1"
SUSPENSION_URL = "https://registrar.example.edu/status/2"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def sign(document: dict[str, Any], *, key: Any = KEY) -> dict[str, Any]:
    """Secure ``document`` with the keyless fake suite (a sha256 over the JSON) as ``key``."""
    return add_proof(
        document, FakeSuite(), key, ProofOptions(clock=FixedClock(NOW), verification_method=key.kid)
    )


def credential(status: Any, **changes: Any) -> dict[str, Any]:
    """A signed VC 2.0 credential of ISSUER with ``credentialStatus`` = ``status``."""
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:2f0b2c3e-9f43-4b8e-9d53-6f0e2b1f6c11",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": status,
    }
    doc.update(changes)
    return sign({k: v for k, v in doc.items() if v is not None})


#: The built-in formats plus the keyless fake suite (a registry of its own: no global state changes).
SUITES = default_registry().with_suites(FakeSuite())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[StatusRegistry]:
    """A registry with a revocation list and a suspension list, both issued by ISSUER."""
    reg = StatusRegistry(tmp_path / "status.sqlite", clock=NOW)
    reg.create_list(LIST_URL, "revocation", issuer=ISSUER)
    reg.create_list(SUSPENSION_URL, "suspension", issuer=ISSUER)
    yield reg
    reg.close()


def make_verifier(status_lists: Sequence[Any] = (), **kw: Any) -> Verifier:
    return Verifier(resolver=object(), now=NOW, status_lists=list(status_lists), suites=SUITES, **kw)  # type: ignore[arg-type]


Signer = Callable[[dict[str, Any]], dict[str, Any]]


from .postgres import postgres_url  # noqa: E402,F401  (a session-scoped PostgreSQL server for the block tests)


@pytest.fixture(params=["sqlite", "sqlalchemy-sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty registry database: an SQLite file (the stdlib backend, then through SQLAlchemy: the portable
    SQL), then the session's PostgreSQL server (tables dropped; array statements)."""
    if request.param == "sqlite":
        yield str(tmp_path / "status.db")
        return
    if request.param == "sqlalchemy-sqlite":
        pytest.importorskip("sqlalchemy")
        yield f"sqlite:///{tmp_path / 'status.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as c:  # a fresh registry per test
        for table in ("microcred_status_events", "microcred_status_entries", "microcred_status_lists"):
            c.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {table}"))
        c.execute(sqlalchemy.text("DROP TABLE IF EXISTS microcred_status_meta"))
    engine.dispose()
    yield url
