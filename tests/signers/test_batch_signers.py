"""issue_many through remote / hardware signers: one sign_many per window, verified outcomes, errors per record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.batch import issue_many
from microcred.keys import Key
from microcred.signers.csc import CscSigner
from microcred.signers.pkcs11 import Pkcs11Signer

from .csc_server import CscTestServer, LoopbackTransport
from .softhsm import SoftHsm

NOW = "2026-01-15T12:00:00Z"
EXAMPLE = json.loads((Path(__file__).resolve().parents[2] / "examples" / "microcredential.json").read_text())


def _records(count: int) -> list[dict[str, Any]]:
    return [{**EXAMPLE, "id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}"} for i in range(count)]


@pytest.fixture
def csc(seals: dict[str, Any], loopback_ports: set[int]) -> Iterator[CscTestServer]:
    server = CscTestServer(seals["P-256"][0])
    loopback_ports.add(server.port)
    yield server
    server.stop()


def _csc_signer(server: CscTestServer) -> CscSigner:
    return CscSigner(server.url, client_id="registrar", client_secret="s3cret", transport=LoopbackTransport())


def test_a_csc_batch_is_one_sign_hash_per_window(csc: CscTestServer, seals: dict[str, Any]) -> None:
    signer = _csc_signer(csc)
    outcomes = list(issue_many(_records(12), signer, format="jades", now=NOW, signer_batch=5))
    assert [o.error for o in outcomes] == [None] * 12
    assert [o.number for o in outcomes] == sorted(o.number for o in outcomes)
    assert csc.calls.count("/csc/v2/signatures/signHash") == 3  # windows of 5, 5, 2
    ca = seals["P-256"][1]
    for outcome in outcomes[:3]:
        assert microcred.verify(outcome.credential, now=NOW, trust_anchors=[ca]).check("proof").passed


def test_a_bad_signature_fails_every_record_of_the_window(csc: CscTestServer) -> None:
    signer = _csc_signer(csc)
    csc.corrupt = True
    outcomes = list(issue_many(_records(4), signer, format="jades", now=NOW))
    assert [o.credential for o in outcomes] == [None] * 4
    assert {o.error.code for o in outcomes if o.error} == {"SIGNER_BAD_SIGNATURE"}


def test_a_pkcs11_batch(softhsm: SoftHsm, keys: dict[str, Key]) -> None:
    with Pkcs11Signer.from_uri(
        softhsm.uri("ed25519"), kid=keys["Ed25519"].kid, certificate_chain=[]
    ) as signer:
        records = [{**r, "issuer": {**r["issuer"], "id": keys["Ed25519"].controller}} for r in _records(6)]
        outcomes = list(issue_many(records, signer, format="eddsa-rdfc-2022", now=NOW, workers=4))
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    assert all(microcred.verify(o.credential, now=NOW).verified for o in outcomes)
