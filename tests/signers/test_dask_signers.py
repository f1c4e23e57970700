"""Distributed batches through hardware and remote signers: each worker opens its own signer from a description
(a PKCS#11 URI with a PIN source, a CSC service), never a private key; windows are signed with one sign_many."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

import microcred
from microcred.batch import issue_many
from microcred.batch.dask_engine import issue_on_cluster
from microcred.batch.signer_spec import CscSpec, Pkcs11Spec, signer_spec
from microcred.errors import UsageError
from microcred.keys import Key

from ..batch.dask_cluster import running_cluster
from .csc_server import CscTestServer, LoopbackTransport
from .softhsm import SoftHsm

NOW = "2026-01-15T12:00:00Z"
EXAMPLE = json.loads((Path(__file__).resolve().parents[2] / "examples" / "microcredential.json").read_text())
SECRET_ENV = "MICROCRED_TEST_DASK_CSC_SECRET"


def _records(count: int, issuer: str | None = None) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        record = {**EXAMPLE, "id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}"}
        if issuer is not None:
            record["issuer"] = {**record["issuer"], "id": issuer}
        out.append(record)
    return out


@pytest.fixture(scope="module")
def client(softhsm: SoftHsm) -> Iterator[Any]:
    """The cluster starts after the token exists: its workers inherit SOFTHSM2_CONF and the CSC secret variable."""
    os.environ[SECRET_ENV] = "s3cret"
    try:
        with running_cluster(2) as (_, client):
            yield client
    finally:
        os.environ.pop(SECRET_ENV, None)


@pytest.fixture
def pin_file(tmp_path: Path, softhsm: SoftHsm) -> Path:
    path = tmp_path / "pin"
    path.write_text(softhsm.pin + "\n", encoding="utf-8")
    return path


def _uri(hsm: SoftHsm, label: str, pin_file: Path) -> str:
    return f"pkcs11:token={hsm.token};object={label}?module-path={hsm.module}&pin-source=file:{pin_file}"


def test_workers_sign_with_the_token_from_its_uri(
    client: Any, softhsm: SoftHsm, pin_file: Path, keys: dict[str, Key], tmp_path: Path
) -> None:
    ed = keys["Ed25519"]
    spec = Pkcs11Spec(_uri(softhsm, "ed25519", pin_file), kid=ed.kid)
    assert "pin-value" not in pickle.loads(pickle.dumps(spec)).uri  # the PIN is read on each worker
    partitions = list(
        issue_on_cluster(
            _records(9, ed.controller),
            spec,
            client=client,
            out=tmp_path / "out",
            now=NOW,
            partition_size=3,
            signer_batch=2,
        )
    )
    assert all(o.ok for p in partitions for o in p.outcomes), [
        o.error for p in partitions for o in p.outcomes
    ]
    assert sum(p.summary.round_trips for p in partitions) == 6  # windows of 2, 1 per partition of 3
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == 9
    for path in files:
        assert microcred.verify(json.loads(path.read_text()), now=NOW).verified


def test_a_pin_value_never_travels_to_workers(softhsm: SoftHsm) -> None:
    with pytest.raises(UsageError, match="pin-value"):
        Pkcs11Spec(softhsm.uri("ed25519"))
    with pytest.raises(UsageError, match="cannot be sent to cluster workers"):
        signer_spec(microcred.signers.as_key(_Opaque()))


class _Opaque:
    """A signer object that is not a Key and has no description."""

    def __init__(self) -> None:
        key = Key.generate("Ed25519")
        self.public_key, self.allowed_algs, self.kid = key.public_key, ("EdDSA",), key.kid
        self.certificate_chain: list[Any] = []
        self._key = key

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        return self._key.sign(data, alg)

    def sign_many(self, items: list[tuple[bytes, str]]) -> list[bytes]:
        return [self._key.sign(d, a) for d, a in items]


@pytest.fixture
def csc(seals: dict[str, Any], loopback_ports: set[int]) -> Iterator[CscTestServer]:
    server = CscTestServer(seals["P-256"][0])
    loopback_ports.add(server.port)
    yield server
    server.stop()


def test_workers_sign_through_a_csc_service_one_sign_hash_per_window(
    client: Any, csc: CscTestServer, seals: dict[str, Any], tmp_path: Path
) -> None:
    spec = CscSpec(csc.url, "registrar", secret_env=SECRET_ENV, transport=LoopbackTransport())
    outcomes = list(
        issue_many(
            _records(8),
            spec,
            client=client,
            out=tmp_path / "out",
            format="jades",
            now=NOW,
            partition_size=4,
            signer_batch=4,
        )
    )
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert csc.calls.count("/csc/v2/signatures/signHash") == 2  # one window per partition
    ca = seals["P-256"][1]
    for path in sorted((tmp_path / "out").iterdir())[:2]:
        result = microcred.verify(json.loads(path.read_text()), now=NOW, trust_anchors=[ca])
        assert result.check("proof").passed
