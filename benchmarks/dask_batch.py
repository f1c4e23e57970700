"""A distributed batch on this machine: ``microcred issue-batch --engine dask`` with N records (default 100,000).

    .venv/bin/python benchmarks/dask_batch.py [--records 100000] [--workers 2] [--partition-size 1000]
                                              [--dir /tmp/dask-batch] [--scheduler tcp://HOST:PORT]

Writes the input into DIR: ``learners.parquet`` (one row per learner: ``learner.id``, ``learner.fullName.en``,
``learner.email``; row groups of 10,000), ``course.json`` (the bundled example model without id and learner, the
template every row is merged into), an Ed25519 key and an SQLite status registry with one revocation list per
131,072 credentials. Then runs the real command as a child process, exactly as a registrar would::

    microcred issue-batch learners.parquet --template course.json --key issuer.jwk --status-db status.sqlite \\
        --engine dask --workers W --partition-size P --now 2026-07-01T09:00:00Z --out issued --json

and prints its JSON summary (credentials/s, peak memory per worker, status allocations/s, CPU ms per credential)
with the wall time, the driver's own peak memory, the CPU time of the whole process tree and the load average
before and after. The output folder is checked: N files, no temporary file left. Remove DIR afterwards (a
100,000-credential run writes about 4 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from microcred import Key, StatusRegistry, example_microcredential

BIN = Path(sys.executable).parent / "microcred"
LIST_SIZE = 131072


def prepare(folder: Path, records: int) -> None:
    """The Parquet input, the template, the key and the status registry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    course = example_microcredential().to_dict()
    for per_learner in ("id", "learner"):
        course.pop(per_learner)
    (folder / "course.json").write_text(json.dumps(course), encoding="utf-8")
    table = pa.table(
        {
            "learner.id": [f"did:example:learner-{i:07d}" for i in range(records)],
            "learner.fullName.en": [f"Learner {i:07d}" for i in range(records)],
            "learner.email": [f"learner{i}@example.org" for i in range(records)],
        }
    )
    pq.write_table(table, folder / "learners.parquet", row_group_size=10_000)
    Key.generate("Ed25519").save(folder / "issuer.jwk")
    with StatusRegistry(folder / "status.sqlite") as registry:
        for n in range(1, records // LIST_SIZE + 2):
            registry.create_list(
                f"https://registrar.example.edu/status/{n}", purpose="revocation", size=LIST_SIZE
            )


def main() -> None:
    """Prepare, run, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/dask-batch"))
    parser.add_argument("--scheduler")
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    prepare(args.dir, args.records)
    command = [
        str(BIN),
        "issue-batch",
        "learners.parquet",
        "--template",
        "course.json",
        "--key",
        "issuer.jwk",
        "--status-db",
        "status.sqlite",
        "--partition-size",
        str(args.partition_size),
        "--now",
        "2026-07-01T09:00:00Z",
        "--out",
        "issued",
        "--json",
    ]
    command += (
        ["--scheduler", args.scheduler]
        if args.scheduler
        else ["--engine", "dask", "--workers", str(args.workers)]
    )
    print("$ cd", args.dir, "&&", " ".join(command[1:]).replace(str(BIN), "microcred"), flush=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run(
        ["microcred", *command[1:]],
        cwd=args.dir,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{BIN.parent}:{os.environ['PATH']}"},
    )
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"exit {done.returncode}: {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    files = os.listdir(args.dir / "issued")
    assert len(files) == args.records and not [f for f in files if f.startswith(".")], len(files)
    summary.pop("failures")
    print(json.dumps(summary, indent=2))
    print(
        f"wall {wall:.1f} s; process tree CPU {usage.ru_utime + usage.ru_stime:.1f} s "
        f"({1000 * (usage.ru_utime + usage.ru_stime) / args.records:.1f} ms per credential); "
        f"peak RSS of the largest process {usage.ru_maxrss / 1024:.0f} MiB"
    )
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
        f"after {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
