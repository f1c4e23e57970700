"""``microcred serve`` under load: issue and verify throughput and p50/p99 latency over HTTP, with 1 and 2
uvicorn workers, next to the same work through the library in one process (the overhead ratio).

    .venv/bin/python benchmarks/service.py [--requests 200] [--clients 4] [--format eddsa-rdfc-2022]

For each worker count, the script starts the real server (``microcred serve --workers N``) on a free
127.0.0.1 port with a fresh SQLite registry and a fresh Ed25519 key, waits for ``/health``, then:

* issue: ``--clients`` threads (one keep-alive connection each) POST ``/credentials/issue`` with the example
  micro-credential under a new id per request (so every request allocates a revocation and a suspension entry
  in the registry), ``--requests`` in all;
* verify: the same threads POST ``/credentials/verify`` with the credentials just issued (status checked
  against the hosted lists).

Every response must be 201 / 200 (verified). Both sides are warmed up first (a few issues and verifies per
worker, untimed). Library baseline: ``microcred.issue`` with a ``StatusRegistry``
and ``Verifier.verify`` (status lists preloaded) in this process, one after another. The overhead ratio is
(HTTP time per request at 1 client) / (library time per call): what HTTP, JSON, the thread pool and the
registry round trips add. It is a benchmark, not a test: figures go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from microcred import Key, StatusRegistry, Verifier, issue
from microcred.model.examples import example_microcredential

TOKEN = "benchmark-token"
#: Requests (and library calls) made before timing, so that every side has its caches filled.
WARMUP = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def credential() -> dict[str, Any]:
    data = example_microcredential().to_dict()
    data["id"] = f"urn:uuid:{uuid.uuid4()}"
    return data


class Server:
    """``microcred serve`` in a child process (stopped with SIGTERM)."""

    def __init__(self, workers: int, folder: Path) -> None:
        self.port = free_port()
        key = folder / "issuer.jwk"
        subprocess.run(
            [sys.executable, "-m", "microcred.cli.main", "keygen", "--alg", "Ed25519", "-o", str(key)],
            check=True,
            capture_output=True,
        )
        command = [
            sys.executable,
            "-c",
            "from microcred.cli.main import main; raise SystemExit(main())",
            "serve",
            "--key",
            str(key),
            "--port",
            str(self.port),
            "--registry",
            str(folder / "status.db"),
            "--workers",
            str(workers),
        ]
        env = dict(os.environ, MICROCRED_API_TOKENS=TOKEN)
        self.log = (folder / "server.log").open("wb")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                if request(http.client.HTTPConnection("127.0.0.1", self.port), "GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    conn.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    return response.status, response.read()


def drive(
    port: int, clients: int, bodies: list[Any], path: str, expect: int, auth: bool
) -> tuple[float, list[float], list[Any]]:
    """Send ``bodies`` from ``clients`` threads; return (wall seconds, latencies, response bodies)."""
    latencies: list[float] = []
    results: list[Any] = [None] * len(bodies)
    lock = threading.Lock()
    next_index = iter(range(len(bodies)))
    headers = {"Authorization": f"Bearer {TOKEN}"} if auth else {}

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            start = time.perf_counter()
            status, data = request(conn, "POST", path, bodies[i], headers)
            elapsed = time.perf_counter() - start
            if status != expect:
                raise RuntimeError(f"{path}: {status} {data[:300]!r}")
            with lock:
                latencies.append(elapsed)
            results[i] = json.loads(data)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def library_baseline(n: int, fmt: str, folder: Path) -> tuple[float, float]:
    """Seconds per issue and per verify through the library in this process."""
    key = Key.generate("Ed25519")
    with StatusRegistry(folder / "library.db") as registry:
        base = "http://127.0.0.1/status"
        registry.create_list(f"{base}/revocation/1", "revocation", size=131072)
        registry.create_list(f"{base}/suspension/1", "suspension", size=131072)
        models = [
            example_microcredential().model_copy(update={"id": f"urn:uuid:{uuid.uuid4()}"})
            for _ in range(n + WARMUP)
        ]
        warm = [issue(m, key, format=fmt, status=registry) for m in models[:WARMUP]]  # caches filled
        models = models[WARMUP:]
        start = time.perf_counter()
        issued = [issue(m, key, format=fmt, status=registry) for m in models]
        per_issue = (time.perf_counter() - start) / n
        lists = [registry.publish(f"{base}/{p}/1", key) for p in ("revocation", "suspension")]
    verifier = Verifier(status_lists=lists)
    for vc in warm:
        verifier.verify(vc)
    start = time.perf_counter()
    for vc in issued:
        assert verifier.verify(vc).verified
    per_verify = (time.perf_counter() - start) / n
    return per_issue, per_verify


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--format", default="eddsa-rdfc-2022")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="microcred-bench-"))
    try:
        lib_issue, lib_verify = library_baseline(min(args.requests, 100), args.format, folder)
        print(
            f"library, 1 process: issue {lib_issue * 1000:.2f} ms/call ({1 / lib_issue:.0f}/s), "
            f"verify {lib_verify * 1000:.2f} ms/call ({1 / lib_verify:.0f}/s)"
        )
        print("| workers | clients | op | req/s | p50 ms | p99 ms | overhead (1 client / library) |")
        print("|---:|---:|---|---:|---:|---:|---:|")
        for workers in args.workers:
            sub = folder / f"w{workers}"
            sub.mkdir()
            server = Server(workers, sub)
            try:
                options = {"format": args.format}
                warmup = [{"credential": credential(), "options": options} for _ in range(WARMUP * workers)]
                _, _, warmed = drive(server.port, workers, warmup, "/credentials/issue", 201, True)
                checks = [{"verifiableCredential": r["verifiableCredential"]} for r in warmed]
                drive(server.port, workers, checks, "/credentials/verify", 200, False)
                for clients in sorted({1, args.clients}):
                    n = args.requests if clients > 1 else max(20, args.requests // 4)
                    bodies = [{"credential": credential(), "options": options} for _ in range(n)]
                    wall, lat, results = drive(server.port, clients, bodies, "/credentials/issue", 201, True)
                    ratio = f"{statistics.mean(lat) / lib_issue:.2f}" if clients == 1 else ""
                    print(
                        f"| {workers} | {clients} | issue | {n / wall:.0f} | {percentile(lat, 0.5) * 1000:.1f} | "
                        f"{percentile(lat, 0.99) * 1000:.1f} | {ratio} |"
                    )
                    verify_bodies = [{"verifiableCredential": r["verifiableCredential"]} for r in results]
                    wall, lat, _ = drive(
                        server.port, clients, verify_bodies, "/credentials/verify", 200, False
                    )
                    ratio = f"{statistics.mean(lat) / lib_verify:.2f}" if clients == 1 else ""
                    print(
                        f"| {workers} | {clients} | verify | {n / wall:.0f} | {percentile(lat, 0.5) * 1000:.1f} | "
                        f"{percentile(lat, 0.99) * 1000:.1f} | {ratio} |"
                    )
            finally:
                server.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
