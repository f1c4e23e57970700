"""Distributed batches on a Dask LocalCluster of 2 processes: Parquet/JSONL/CSV in, status blocks, restart."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

import pyarrow as pa
import pyarrow.parquet as pq

import microcred
from microcred.batch import issue_many
from microcred.batch.dask_engine import issue_on_cluster
from microcred.batch.outputs import name_for
from microcred.batch.worker import BatchConfig, WorkerState
from microcred.clock import resolve_clock
from microcred.keys import Key
from microcred.status import StatusRegistry
from microcred.status.blocks import BlockAllocator

from .conftest import NOW, make_records
from .dask_cluster import running_cluster

LIST = "https://registrar.example.edu/status/1"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with running_cluster(2) as (_, client):
        yield client


@pytest.fixture
def registry_db(tmp_path: Path) -> Path:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as registry:
        registry.create_list(LIST, purpose="revocation")
    return db


def _published(db: Path, key: Key) -> Any:
    with StatusRegistry(db, clock=NOW) as registry:
        return registry.publish(LIST, key)


def _check_folder(out: Path, db: Path, key: Key, count: int, *, killed: bool = False) -> list[dict[str, Any]]:
    """Every credential written exactly once, each with one index of its own, all verified with the list.

    A worker killed while writing leaves its temporary file (``.NAME.RANDOM.tmp``), never a partial credential."""
    temporary = [p for p in out.iterdir() if p.name.startswith(".")]
    assert all(p.name.endswith(".tmp") for p in temporary) and (killed or not temporary)
    files = sorted(p for p in out.iterdir() if not p.name.startswith("."))
    assert len(files) == count
    credentials = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert [name_for(c["id"], "eddsa-rdfc-2022") for c in credentials] == [p.name for p in files]
    indices = [int(c["credentialStatus"]["statusListIndex"]) for c in credentials]
    assert len(set(indices)) == count
    status_list = _published(db, key)
    with StatusRegistry(db) as registry:
        for credential, index in zip(credentials, indices, strict=True):
            entries = registry.entries(credential["id"])
            assert [(e.list_url, e.index) for e in entries] == [(LIST, index)]
    for credential in credentials:
        result = microcred.verify(credential, now=NOW, status_lists=[status_list])
        assert result.verified, [(c.name, c.code) for c in result.checks if not c.passed]
    return credentials


def _executing(dask_worker: Any) -> int:
    return int(dask_worker.state.executing_count)


def _wait_idle(client: Any) -> None:
    """Until no worker runs a task (a cancelled partition that had started runs to its end)."""
    for _ in range(600):
        if not any(client.run(_executing).values()):
            return
        time.sleep(0.05)
    raise AssertionError("the cluster did not finish its tasks")


def _parquet(path: Path, records: list[dict[str, Any]]) -> Path:
    """The per-learner columns as Parquet (the course comes from the template)."""
    table = pa.table(
        {
            "learner.fullName.en": [r["learner"]["fullName"]["en"] for r in records],
            "learner.id": [r["learner"]["id"] for r in records],
        }
    )
    pq.write_table(table, path, row_group_size=7)
    return path


def _template() -> dict[str, Any]:
    course = make_records(1)[0]
    del course["learner"]
    return course


def test_parquet_input_is_issued_on_the_cluster_with_status_blocks(
    client: Any, tmp_path: Path, registry_db: Path, keys: dict[str, Key]
) -> None:
    key = keys["Ed25519"]
    source = _parquet(tmp_path / "learners.parquet", make_records(23))
    out = tmp_path / "out"
    partitions = list(
        issue_on_cluster(
            source,
            key,
            client=client,
            out=out,
            status=registry_db,
            now=NOW,
            template=_template(),
            partition_size=5,
        )
    )
    assert [p.summary.index for p in partitions] == [0, 1, 2, 3, 4]
    assert [o.number for p in partitions for o in p.outcomes] == list(range(1, 24))
    assert all(o.ok and not o.existed for p in partitions for o in p.outcomes)
    assert sum(p.summary.allocations for p in partitions) == 23  # one per credential, in 5 blocks
    assert len({p.summary.worker for p in partitions}) >= 1
    assert all(p.summary.peak_rss > 0 and p.summary.cpu_seconds > 0 for p in partitions)
    _check_folder(out, registry_db, key, 23)


def test_a_job_started_again_issues_nothing_twice(
    client: Any, tmp_path: Path, registry_db: Path, keys: dict[str, Key]
) -> None:
    key = keys["Ed25519"]
    records = make_records(30)
    source = tmp_path / "learners.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    # the first run is interrupted after its first two partitions (the rest are cancelled or left unfinished)
    first: Any = issue_on_cluster(
        source, key, client=client, out=out, status=registry_db, now=NOW, partition_size=4
    )
    done = [next(first), next(first)]
    first.close()
    assert [o.number for p in done for o in p.outcomes] == list(range(1, 9))
    # and a credential of a later partition had its status entry reserved, but was never written
    config = BatchConfig(key=None, format="eddsa-rdfc-2022", clock=resolve_clock(NOW))
    state = WorkerState(config, key=key)
    late_id = state.prepare("model", records[-1], [None])[1]
    assert late_id is not None and not (out / name_for(late_id, "eddsa-rdfc-2022")).exists()
    with StatusRegistry(registry_db) as registry:
        [reserved] = BlockAllocator(registry).allocate_many([late_id])
    _wait_idle(
        client
    )  # partitions that were already running finish (a killed worker would leave only .tmp files)
    written = {p.name for p in out.iterdir() if not p.name.startswith(".")}

    outcomes = list(
        issue_many(source, key, client=client, out=out, status=registry_db, now=NOW, partition_size=4)
    )
    assert [o.number for o in outcomes] == list(range(1, 31)) and all(o.ok for o in outcomes)
    existed = {name_for(str(o.credential_id), "eddsa-rdfc-2022") for o in outcomes if o.existed}
    assert existed == written and len(existed) >= 8
    credentials = _check_folder(out, registry_db, key, 30)
    late = next(c for c in credentials if c["id"] == late_id)
    assert late["credentialStatus"]["statusListIndex"] == reserved["statusListIndex"]


def test_bad_records_fail_alone_and_csv_errors_name_the_column(
    client: Any, tmp_path: Path, keys: dict[str, Key]
) -> None:
    source = tmp_path / "learners.csv"
    source.write_text(
        "learner.fullName.en,learner.email\nAna,ana@example.org\nBo,bo@example\nAna,ana@example.org\n",
        encoding="utf-8",
    )
    outcomes = list(
        issue_many(
            source, keys["Ed25519"], client=client, out=tmp_path / "out", now=NOW, template=_template()
        )
    )
    assert [o.number for o in outcomes] == [2, 3, 4]
    assert outcomes[0].ok
    assert outcomes[1].error is not None and outcomes[1].error.path == "learner.email"
    assert outcomes[2].error is not None and outcomes[2].error.code == "BATCH_OUTPUT_EXISTS"
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_arguments_are_checked_before_anything_runs(
    client: Any, tmp_path: Path, keys: dict[str, Key]
) -> None:
    from microcred.errors import UsageError

    key = keys["Ed25519"]
    with pytest.raises(UsageError, match="out="):
        issue_many([], key, client=client)
    with pytest.raises(UsageError, match="workers"):
        issue_many([], key, client=client, out=tmp_path, workers=2)
    with pytest.raises(UsageError, match="partition_size"):
        issue_on_cluster([], key, client=client, out=tmp_path, partition_size=0)
    with pytest.raises(UsageError, match="cannot be sent to cluster workers"):
        issue_on_cluster([], object(), client=client, out=tmp_path)
    with pytest.raises(UsageError, match="out= and partition_size="):
        issue_many([], key, out=tmp_path)


def _pid() -> int:
    import os

    return os.getpid()


def test_a_worker_killed_mid_job_loses_and_repeats_nothing(
    client: Any, tmp_path: Path, registry_db: Path, keys: dict[str, Key]
) -> None:
    key = keys["Ed25519"]
    out = tmp_path / "out"
    partitions = issue_on_cluster(
        make_records(24), key, client=client, out=out, status=registry_db, now=NOW, partition_size=3
    )
    seen = [next(partitions)]
    victim = seen[0].summary.worker
    pid = int(victim.rsplit(":", 1)[1])
    assert pid in client.run(_pid).values()
    os.kill(pid, signal.SIGKILL)  # its running partition is lost; the nanny starts a new worker process
    seen += list(partitions)
    assert [o.number for p in seen for o in p.outcomes] == list(range(1, 25))
    assert all(o.ok for p in seen for o in p.outcomes)
    _check_folder(out, registry_db, key, 24, killed=True)
