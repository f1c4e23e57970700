"""Batch issuance throughput and peak memory: ``microcred issue-batch`` on every core, 1,000 and 10,000 records.

    /tmp/venv/bin/python benchmarks/batch.py [--sizes 1000 10000] [--workers N] [--format eddsa-rdfc-2022]
                                             [--status] [--keep DIR]

Each run writes a JSON Lines file of N distinct micro-credentials (the bundled example with the learner's name
and id varied; no credential id, so each gets one derived from its content), then runs the real command,
``microcred issue-batch IN.jsonl --key KEY --out DIR --workers W --now ... --json``, as a child process, exactly
as a registrar would. While it runs, the memory of the command's whole process tree (the parent and its worker
processes) is sampled every 20 ms from ``/proc``: the sum of RSS, and (every 0.5 s: reading it costs the
machine ~2 ms of system time per process) the sum of PSS (``smaps_rollup``: shared
pages divided among the processes that share them, so pages the forked workers share with the parent are
counted once). The table shows the peak of each, the command's own rate (``credentialsPerSecond`` of its
summary: issuing and writing, after start-up), the wall time including interpreter start-up, the CPU time
(user + system, parent and workers, from ``RUSAGE_CHILDREN``) per credential, which other load on the machine
does not change much, and the 1-minute load average when the run started (other work on a shared machine
takes cores away from the batch). The output
folder is checked: N files, no temporary files left. With ``--status`` every credential also gets a
``credentialStatus`` entry from an SQLite status registry.

The file system's share: before each run, the column ``fs ms/file`` gives the CPU time (user + system) this
process takes to create and write 300 files of the credentials' size in a fresh folder beside the output (kept
until the end): the command writes one file per credential, and on the test VM (ext4) creating a file cost
from 0.02 to 0.9 ms of system time depending on how many files had been deleted in the minutes before (``perf``
shows the time in ext4's inode allocation, ``recently_deleted``). Runs whose figure is high paid that cost; this
script deletes its files only when it ends, and a run started soon after another one's files were deleted pays
it too.

The baseline, measured in the same run (``--baseline N`` records, default 100; 0 skips it): the pyld + cryptography
issuer of ``benchmarks/formats.py`` (pyld ``normalize`` of the document and the proof configuration, SHA-256,
Ed25519) securing the same eddsa-rdfc-2022 documents (as microcred writes them from the same records), then
``json.dumps``, in this process on one core: its credentials per second of CPU. The ratio column is the command's
rate over the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from microcred import Key, example_microcredential
from microcred.batch import default_workers
from microcred.status import StatusRegistry

NOW = "2026-01-15T12:00:00Z"
MICROCRED = Path(sys.executable).with_name("microcred")


def write_records(path: Path, count: int) -> None:
    base = example_microcredential().to_dict()
    base.pop("id")
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            base["learner"]["fullName"] = {"en": f"Learner {i:07d}"}
            base["learner"]["id"] = f"did:example:learner-{i:07d}"
            fh.write(json.dumps(base, ensure_ascii=False) + "\n")


def baseline_rate(count: int) -> tuple[float, float]:
    """The pyld + cryptography baseline issuing ``count`` of the records: (credentials per CPU second, CPU ms each)."""
    from formats import PyldJwcrypto

    from microcred import issue
    from microcred.jsonld import DocumentLoader
    from microcred.model import MicroCredential

    key = Key.generate("Ed25519")
    loader = DocumentLoader()
    base = example_microcredential().to_dict()
    base.pop("id")
    baselines = []
    for i in range(count):
        base["learner"]["fullName"] = {"en": f"Learner {i:07d}"}
        base["learner"]["id"] = f"did:example:learner-{i:07d}"
        secured = issue(MicroCredential.from_dict(base), key, format="eddsa-rdfc-2022", now=NOW)
        baselines.append(PyldJwcrypto("eddsa-rdfc-2022", key, loader, secured))
    if not baselines[0].verify(baselines[0].issue()):
        raise SystemExit("the baseline's credential does not verify")
    started = time.process_time()
    for baseline in baselines:
        json.dumps(baseline.issue(), ensure_ascii=False)
    cpu = time.process_time() - started
    return count / cpu, cpu / count * 1000


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (``/proc/PID/task/TID/children``, Linux 3.5+)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _kib(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and its descendants until stopped."""

    #: PSS is read at every this many samples: reading ``smaps_rollup`` walks the process's page tables (~2 ms of
    #: system time for 150 MB here), so reading it for three processes every 20 ms took ~10 % of a core from the
    #: batch being measured; RSS (``status``, ~20 µs) is read at every sample.
    PSS_EVERY = 25

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.max_processes = 0
        self._done = threading.Event()

    def run(self) -> None:
        sample = 0
        while not self._done.is_set():
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(_children(pid))
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in tree)
            self.peak_rss = max(self.peak_rss, rss)
            if sample % self.PSS_EVERY == 0:
                pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree)
                self.peak_pss = max(self.peak_pss, pss)
            sample += 1
            self.max_processes = max(self.max_processes, len(tree))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def file_creation_ms(folder: Path, size: int, files: int = 300) -> float:
    """CPU ms (user + system) to create and write one file of ``size`` bytes in a new folder of ``folder``."""
    probe = Path(tempfile.mkdtemp(prefix="fs-probe-", dir=folder))
    data = b"x" * size
    before = resource.getrusage(resource.RUSAGE_SELF)
    for i in range(files):
        fd = os.open(probe / f"{i}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    after = resource.getrusage(resource.RUSAGE_SELF)
    spent = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return spent / files * 1000


def run_batch(folder: Path, count: int, workers: int, fmt: str, status: bool) -> dict[str, Any]:
    source = folder / f"records-{count}.jsonl"
    write_records(source, count)
    key_file = folder / "issuer.jwk"
    if not key_file.exists():
        Key.generate("Ed25519" if fmt != "ecdsa-rdfc-2019" else "P-256").save(key_file)
    out = Path(tempfile.mkdtemp(prefix=f"out-{count}-", dir=folder))
    argv = [str(MICROCRED), "issue-batch", str(source), "--key", str(key_file), "--out", str(out)]
    argv += ["--workers", str(workers), "--format", fmt, "--now", NOW, "--json"]
    if status:
        db = out.with_suffix(".sqlite")
        with StatusRegistry(db) as registry:
            registry.create_list("https://registrar.example.edu/status/1", size=max(131072, count * 8))
        argv += ["--status-db", str(db)]
    fs_ms = file_creation_ms(folder, 40_000)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeMemory(child.pid)
    sampler.start()
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if child.returncode != 0:
        raise SystemExit(f"issue-batch failed ({child.returncode}): {stderr[-2000:]}")
    summary = json.loads(stdout)
    files = list(out.iterdir())
    leftovers = [p.name for p in files if p.name.startswith(".") or p.name.endswith(".tmp")]
    if summary["issued"] != count or len(files) != count or leftovers:
        raise SystemExit(f"expected {count} files, got {len(files)} (leftovers: {leftovers[:5]})")
    return {
        "count": count,
        "rate": summary["credentialsPerSecond"],
        "seconds": summary["seconds"],
        "wall": wall,
        "rss_mib": sampler.peak_rss / 1024,
        "pss_mib": sampler.peak_pss / 1024,
        "processes": sampler.max_processes,
        "bytes": sum(p.stat().st_size for p in files) / count,
        "cpu_ms": cpu / count * 1000,
        "load": load,
        "fs_ms": fs_ms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="batch sizes")
    parser.add_argument("--workers", type=int, default=default_workers(), help="worker processes (all cores)")
    parser.add_argument("--format", default="eddsa-rdfc-2022", help="securing format")
    parser.add_argument("--status", action="store_true", help="allocate a status list entry per credential")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (default 1)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files (default: a temp dir)")
    parser.add_argument("--baseline", type=int, default=100, help="records for the pyld baseline (0: none)")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.workers} workers, {args.format}"
        f"{', with status entries' if args.status else ''}"
    )
    base_rate = 0.0
    if args.baseline:
        base_rate, base_ms = baseline_rate(args.baseline)
        print(
            f"baseline (pyld + cryptography, {args.baseline} records, one core, in process): "
            f"{base_rate:.1f} credentials/s ({base_ms:.1f} ms of CPU each)"
        )
    print(
        f"{'records':>8} {'cred/s':>7} {'issue s':>8} {'wall s':>7} {'peak RSS MiB':>13} {'peak PSS MiB':>13} "
        f"{'procs':>5} {'bytes/cred':>10} {'CPU ms/cred':>11} {'load':>5} {'fs ms/file':>10}"
    )
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        rows: dict[int, list[dict[str, Any]]] = {}
        for _ in range(args.repeat):
            for count in args.sizes:
                r = run_batch(folder, count, args.workers, args.format, args.status)
                rows.setdefault(count, []).append(r)
                print(
                    f"{r['count']:>8,} {r['rate']:>7.0f} {r['seconds']:>8.2f} {r['wall']:>7.2f} "
                    f"{r['rss_mib']:>13.1f} {r['pss_mib']:>13.1f} {r['processes']:>5} {r['bytes']:>10,.0f} "
                    f"{r['cpu_ms']:>11.2f} {r['load']:>5.2f} {r['fs_ms']:>10.3f}"
                )
    for count, runs in rows.items():
        rates = sorted(r["rate"] for r in runs)
        print(
            f"{count:,} records: best {rates[-1]:.0f}/s, median {rates[len(rates) // 2]:.0f}/s over {len(runs)} "
            f"run(s); peak RSS {max(r['rss_mib'] for r in runs):.1f} MiB, peak PSS "
            f"{max(r['pss_mib'] for r in runs):.1f} MiB; CPU {min(r['cpu_ms'] for r in runs):.2f} ms/credential"
            + (f"; best / baseline {rates[-1] / base_rate:.1f}x" if base_rate else "")
        )
    if len(rows) >= 2:
        first, last = rows[args.sizes[0]], rows[args.sizes[-1]]
        rss = max(r["rss_mib"] for r in last) / max(r["rss_mib"] for r in first)
        pss = max(r["pss_mib"] for r in last) / max(r["pss_mib"] for r in first)
        print(f"peak memory {args.sizes[0]:,} -> {args.sizes[-1]:,} records: RSS x{rss:.3f}, PSS x{pss:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
