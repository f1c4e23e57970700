"""``microcred issue-batch --engine dask`` / ``--scheduler``: a local cluster, a running one, one not there."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from microcred.cli.main import main
from microcred.status import StatusRegistry

from .conftest import NOW, make_records
from .dask_cluster import loopback_only, running_cluster

LATER = "2026-02-01T00:00:00Z"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with running_cluster(2) as (cluster, _):
        yield str(cluster.scheduler_address)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "learners.jsonl"
    records = make_records(7)
    records[3]["learner"]["fullName"] = {"xx": "Nobody"}  # line 4 fails
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_batch_on_a_running_scheduler_then_the_same_job_again(
    scheduler: str, source: Path, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as registry:
        registry.create_list("https://registrar.example.edu/status/1")
    out = tmp_path / "out"
    argv = ["issue-batch", str(source), "--key", str(key_file), "--out", str(out), "--now", NOW]
    argv += ["--status-db", str(db), "--scheduler", scheduler, "--partition-size", "3"]
    code, stdout, err = run(capsys, *argv)
    assert code == 1, err
    assert "learners.jsonl line 4" in err and "MODEL_INVALID" in err
    assert stdout.startswith("issued 6, failed 1 of 7 records in ")
    assert "3 partitions on " in stdout and "6 status allocations" in stdout
    assert len(list(out.iterdir())) == 6

    code, stdout, err = run(capsys, *argv, "--json")
    summary = json.loads(stdout)
    assert code == 1
    assert (summary["issued"], summary["existed"], summary["failed"]) == (0, 6, 1)
    assert summary["statusAllocations"] == 0 and summary["failures"][0]["number"] == 4
    code, stdout, _ = run(capsys, "verify", "--now", LATER, str(out))
    assert stdout.count("NOT VERIFIED") == 6  # only because the status list is not given here
    assert stdout.count("STATUS_LIST_UNAVAILABLE") == 6 and "PROOF_VALID" in stdout


def test_engine_dask_starts_a_local_cluster(
    source: Path, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with loopback_only():
        code, stdout, err = run(
            capsys,
            "issue-batch",
            str(source),
            "--key",
            str(key_file),
            "--out",
            str(out),
            "--now",
            NOW,
            "--engine",
            "dask",
            "--workers",
            "1",
            "--quiet",
        )
    assert code == 1 and stdout == "" and err == ""
    assert len(list(out.iterdir())) == 6
    code, stdout, _ = run(capsys, "verify", "--now", LATER, str(out))
    assert code == 0 and stdout.count("VERIFIED") == 6


def test_an_unreachable_scheduler_is_a_clear_error_and_writes_nothing(
    source: Path, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    with loopback_only():
        code, stdout, err = run(
            capsys,
            "issue-batch",
            str(source),
            "--key",
            str(key_file),
            "--out",
            str(out),
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            "--connect-timeout",
            "0.5",
        )
    assert code == 2 and stdout == ""
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err and "nothing was issued" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--engine", "dask", "--overwrite"], "--overwrite"),
        (["--partition-size", "5"], "--partition-size is for --engine dask"),
        (["--engine", "dask", "--partition-size", "0"], "--partition-size must be at least 1"),
        (["--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], "--workers starts a local cluster"),
        (["--engine", "dask", "--signer", "pkcs11:token=t;object=k?pin-value=1234"], "pin-value"),
    ],
)
def test_dask_usage_errors_exit_2(
    extra: list[str],
    message: str,
    source: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = [] if "--signer" in extra else ["--key", str(key_file)]
    code, _, err = run(capsys, "issue-batch", str(source), *key, "--out", str(tmp_path / "out"), *extra)
    assert code == 2 and message in err, err
    assert not (tmp_path / "out").exists()


def test_key_or_signer_is_needed(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "issue-batch", str(source), "--out", str(tmp_path / "out"))
    assert code == 2 and "--key KEY or --signer REF" in err
