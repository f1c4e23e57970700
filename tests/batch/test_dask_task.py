"""The partition task in this process (no cluster): fsspec output, status blocks, restart, bad records."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fsspec")

import fsspec

import microcred
from microcred.batch import issue_many
from microcred.batch.dask_task import EXISTED, FAILED, ISSUED, PartitionJob, issue_partition
from microcred.batch.signer_spec import CscSpec, signer_spec
from microcred.batch.worker import BatchConfig, KeySpec
from microcred.clock import resolve_clock
from microcred.keys import Key
from microcred.status import StatusRegistry

from .conftest import NOW, make_records

LIST = "https://registrar.example.edu/status/1"


def _job(key: Key, out: str, db: Path | None = None, token: str = "t1") -> PartitionJob:
    config = BatchConfig(
        key=None,
        format="eddsa-rdfc-2022",
        clock=resolve_clock(NOW),
        status_db=None if db is None else str(db),
    )
    return PartitionJob(token, config, KeySpec.of(key), out)


def test_a_partition_writes_to_an_fsspec_url_and_skips_what_exists(
    tmp_path: Path, keys: dict[str, Key]
) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as registry:
        registry.create_list(LIST)
    job = _job(keys["Ed25519"], "memory://microcred-test-task/out", db)
    pickle.loads(pickle.dumps(job))  # what the scheduler sends
    records = make_records(4)
    payloads: list[Any] = [(i + 1, "model", r) for i, r in enumerate(records)]
    payloads.append((5, "json", b"{not json"))
    first = issue_partition(job, 0, payloads[:2])
    assert [o[2] for o in first.outcomes] == [ISSUED, ISSUED] and first.allocations == 2
    second = issue_partition(job, 1, payloads)
    assert [o[2] for o in second.outcomes] == [EXISTED, EXISTED, ISSUED, ISSUED, FAILED]
    assert second.allocations == 2 and second.outcomes[4][3] is not None
    assert second.outcomes[4][3].code == "JSON_PARSE_ERROR"
    fs = fsspec.filesystem("memory")
    names = fs.ls("/microcred-test-task/out", detail=False)
    assert len(names) == 4
    with StatusRegistry(db, clock=NOW) as registry:
        status_list = registry.publish(LIST, keys["Ed25519"])
    for name in names:
        credential = json.loads(fs.cat(name))
        assert microcred.verify(credential, now=NOW, status_lists=[status_list]).verified
    fs.rm("/microcred-test-task", recursive=True)


def test_a_status_registry_without_lists_fails_the_partition_records(
    tmp_path: Path, keys: dict[str, Key]
) -> None:
    db = tmp_path / "empty.sqlite"
    StatusRegistry(db).close()
    job = _job(keys["Ed25519"], str(tmp_path / "out"), db, token="t2")
    with pytest.raises(microcred.errors.StatusListNotFoundError):
        issue_partition(job, 0, [(1, "model", make_records(1)[0])])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_json_ld_credential_without_an_id_fails_alone(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    (tmp_path / "out").mkdir()
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner"},
    }
    summary = issue_partition(_job(key, str(tmp_path / "out"), token="t3"), 0, [(1, "value", document)])
    [(number, _, state, error)] = summary.outcomes
    assert (number, state) == (1, FAILED) and error is not None and "needs an id" in error.message


def test_signer_references_become_descriptions() -> None:
    spec = signer_spec("csc:https://rss.example/csc?credential=seal&client_id=registrar")
    assert spec == CscSpec("https://rss.example/csc", "registrar", credential_id="seal")
    assert pickle.loads(pickle.dumps(spec)) == spec
    with pytest.raises(microcred.errors.UsageError, match="unknown signer reference"):
        signer_spec("vault:x")
    with pytest.raises(microcred.errors.UsageError, match="private key"):
        signer_spec(Key.generate("Ed25519").public())
    with pytest.raises(microcred.errors.UsageError, match="for a distributed batch"):
        issue_many([], "pkcs11:token=t;object=k?pin-source=env:PIN")
