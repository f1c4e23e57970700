"""Several issuing processes against one SQLite file, and a process killed mid-batch (SIGKILL).

Children are separate Python processes (``sys.executable``) that import microcred and write to the same file.
Each test is bounded: the children allocate a fixed number of entries and everything has a deadline.
"""

from __future__ import annotations

import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from microcred.status import StatusRegistry

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

LIST_URL = "https://registrar.example.edu/status/1"
SUSPENSION_URL = "https://registrar.example.edu/status/2"
DEADLINE = 30.0

# A child: open the registry, say "ready", wait for the go file, then allocate N credentials and print
# "<credential id> <index>[ <index>]" after each commit.
CHILD = """
import os, sys, time
from microcred.status import StatusRegistry
db, prefix, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
registry = StatusRegistry(db)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.005)
for i in range(count):
    cid = f"urn:uuid:{prefix}-{i}"
    entries = registry.allocate(cid)
    print(cid, *(e["statusListIndex"] for e in entries), flush=True)
registry.close()
"""


def _spawn(db: Path, prefix: str, count: int, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), prefix, str(count), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_line(proc: subprocess.Popen[str], deadline: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            raise AssertionError("child process produced no output in time")
    return proc.stdout.readline()


def test_processes_allocating_at_once_never_share_an_index(tmp_path: Path) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as reg:
        reg.create_list(
            LIST_URL, size=256, min_size=8
        )  # 160 of 256 indices: collisions are certain without locks
    go = tmp_path / "go"
    procs = [_spawn(db, f"p{n}", 40, go) for n in range(4)]
    deadline = time.monotonic() + DEADLINE
    try:
        for proc in procs:
            assert _read_line(proc, deadline).strip() == "ready"
        go.touch()
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert proc.returncode == 0, err
            outputs.append(out.split())
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    indices = [line for out in outputs for line in out[1::2]]
    assert len(indices) == 160
    assert len(set(indices)) == 160, "two processes were given the same index"
    with StatusRegistry(db) as reg:
        assert reg.get_list(LIST_URL).allocated == 160


def test_a_killed_issuer_leaves_a_consistent_file(tmp_path: Path) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as reg:
        reg.create_list(LIST_URL)
        reg.create_list(SUSPENSION_URL, "suspension")
    go = tmp_path / "go"
    go.touch()
    proc = _spawn(db, "k", 100_000, go)
    deadline = time.monotonic() + DEADLINE
    committed: dict[str, list[str]] = {}
    try:
        assert _read_line(proc, deadline).strip() == "ready"
        while len(committed) < 40:
            cid, *indices = _read_line(proc, deadline).split()
            committed[cid] = indices
        os.kill(proc.pid, signal.SIGKILL)  # mid-batch: most of its time is spent inside a transaction
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_credential = dict(
            connection.execute(
                "SELECT credential_id, COUNT(*) FROM microcred_status_entries GROUP BY credential_id"
            ).fetchall()
        )
        counters = dict(connection.execute("SELECT url, allocated FROM microcred_status_lists").fetchall())
        rows = connection.execute("SELECT COUNT(*) FROM microcred_status_entries").fetchone()[0]
    finally:
        connection.close()
    # Every allocation the child reported was committed, each credential got both purposes or nothing (one
    # transaction per credential), and the counters agree with the rows.
    assert set(committed) <= set(per_credential)
    assert set(per_credential.values()) == {2}
    assert counters[LIST_URL] == counters[SUSPENSION_URL] == len(per_credential) == rows // 2
    with StatusRegistry(db) as reg:
        for cid, indices in committed.items():
            assert [str(r.index) for r in reg.entries(cid)] == indices
        reg.revoke(next(iter(committed)))
        assert len(reg.allocate("urn:uuid:after-the-kill")) == 2
