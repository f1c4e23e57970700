"""Status index allocation on PostgreSQL: one transaction per credential vs blocks, from N processes.

    .venv/bin/python benchmarks/status_alloc.py [--processes 2] [--credentials 20000] [--block 500]
        [--modes single,shared,leased]

Starts a throwaway PostgreSQL server (``initdb`` / ``pg_ctl`` of Debian's ``postgresql`` package, on 127.0.0.1,
``fsync=on``, the fixture of ``tests/status/postgres.py``); for each mode, a fresh database with one revocation
list of 131,072 entries, then each process allocates its share of the credentials:

* ``single``: ``StatusRegistry.allocate(id)`` per credential (one transaction each), a sample of ``--single``
  per process;
* ``shared``: ``BlockAllocator.allocate_many(ids)`` in blocks of ``--block``, without a rollover template: the
  processes share the one open list (and wait on its row lock);
* ``leased``: the same with a rollover template: each process holds a list of its own (a lease; the second
  process opens list 2), so they never wait on one row lock.

Prints allocations per second (wall time from the first process start to the last one's end) with the load
average, and checks that no (list, index) pair was given twice.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "status"))

from postgres import postgres_url

from microcred.status import StatusRegistry
from microcred.status.blocks import BlockAllocator

BASE = "https://registrar.example.edu/status/"


def _run(url: str, mode: str, worker: int, count: int, block: int, queue: Any) -> None:
    reg = StatusRegistry(url)
    ids = [f"urn:bench:{mode}:{worker}:{i}" for i in range(count)]
    got: list[tuple[str, int]] = []
    if mode == "single":
        for c in ids:
            e = reg.allocate(c)[0]
            got.append((e["statusListCredential"], int(e["statusListIndex"])))
    else:
        with BlockAllocator(reg, rollover=BASE + "{n}" if mode == "leased" else None) as blocks:
            for start in range(0, count, block):
                for e in blocks.allocate_many(ids[start : start + block]):
                    got.append((e["statusListCredential"], int(e["statusListIndex"])))
    reg.close()
    queue.put(got)


def _fresh(url: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as c:
        for table in ("events", "entries", "lists", "meta"):
            c.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS microcred_status_{table}"))
    engine.dispose()
    reg = StatusRegistry(url)
    reg.create_list(BASE + "1", size=131072)
    reg.close()


def measure(url: str, mode: str, processes: int, per_process: int, block: int) -> float:
    _fresh(url)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    procs = [
        context.Process(target=_run, args=(url, mode, w, per_process, block, queue)) for w in range(processes)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    given = [pair for r in results for pair in r]
    if len(set(given)) != len(given):
        raise SystemExit(f"{mode}: an index was given twice")
    return len(given) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--credentials", type=int, default=20000)
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--single", type=int, default=500, help="credentials per process, one at a time")
    parser.add_argument("--modes", default="single,shared,leased", help="which modes to run, in order")
    args = parser.parse_args(argv)
    server = postgres_url.__wrapped__()  # type: ignore[attr-defined]
    url = next(server)
    try:
        for mode in args.modes.split(","):
            count = args.single if mode == "single" else args.credentials // args.processes
            rate = measure(url, mode, args.processes, count, args.block)
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            what = "one transaction per credential" if mode == "single" else f"blocks of {args.block}"
            print(
                f"PostgreSQL, {args.processes} processes, {mode}: {what}: {rate:,.0f} allocations/s "
                f"({count * args.processes:,} allocations; load average {load})",
                flush=True,
            )
    finally:
        next(server, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
