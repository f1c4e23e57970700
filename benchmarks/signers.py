"""Signing throughput: an in-process key, a SoftHSM2 token (PKCS#11) and the test CSC v2 service (remote seal).

    .venv/bin/python benchmarks/signers.py [--records 200] [--format jades] [--window 64] [--latency 0.02]

For each signer: raw ``sign_many`` of 500 messages (signatures per second), then ``issue_many`` of N distinct
micro-credentials sealed with a P-256 key and its certificate chain (credentials per second), and for the CSC
service the HTTP requests the batch made, once with ``signer_batch=window`` and once with ``signer_batch=1`` (one
round trip per credential). SoftHSM runs in a fresh token in a temporary directory (skipped when libsofthsm2.so
is absent); the CSC service is the tests' one (tests/signers/csc_server.py) on 127.0.0.1, over plain HTTP through
its test-only transport; ``--latency`` (default 20 ms) makes it wait before each answer, as a provider across a
network would, which is what batching saves.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "signers"))

from csc_server import CscTestServer, LoopbackTransport  # noqa: E402
from softhsm import import_key, init_token, softhsm_module  # noqa: E402

from microcred.batch import issue_many  # noqa: E402
from microcred.demo_ca import make_test_certificate_chain  # noqa: E402
from microcred.keys import Key  # noqa: E402
from microcred.signers import as_key  # noqa: E402
from microcred.signers.csc import CscSigner  # noqa: E402
from microcred.signers.pkcs11 import Pkcs11Signer  # noqa: E402

NOW = "2026-01-15T12:00:00Z"
EXAMPLE = json.loads((ROOT / "examples" / "microcredential.json").read_text())


def records(count: int) -> list[dict[str, Any]]:
    """N distinct model records (the bundled example with its id varied)."""
    return [{**EXAMPLE, "id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}"} for i in range(count)]


def measure(
    name: str, signer: Any, args: argparse.Namespace, requests: Any = None, **batch: Any
) -> dict[str, Any]:
    """sign_many and issue_many rates for one signer (``requests()``: the service's request count so far)."""
    key = as_key(signer)
    messages = [(f"message {i}".encode(), key.alg) for i in range(500)]
    start = time.perf_counter()
    key.sign_many(messages)
    sign_rate = len(messages) / (time.perf_counter() - start)
    list(issue_many(records(5), signer, format=args.format, now=NOW, workers=1, **batch))  # warm the caches
    before = requests() if requests else 0
    start = time.perf_counter()
    outcomes = list(
        issue_many(records(args.records), signer, format=args.format, now=NOW, workers=1, **batch)
    )
    elapsed = time.perf_counter() - start
    errors = [o.error for o in outcomes if o.error]
    if errors:
        raise SystemExit(f"{name}: {len(errors)} records failed: {errors[0]}")
    row: dict[str, Any] = {"signer": name, "signatures/s": round(sign_rate)}
    row["credentials/s"] = round(len(outcomes) / elapsed, 1)
    if requests:
        row["HTTP requests for the batch"] = requests() - before
    return row


def main() -> None:
    """Run the three signers and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--format", default="jades")
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument(
        "--latency",
        type=float,
        default=0.02,
        help="seconds the CSC service waits per request (a WAN round trip)",
    )
    args = parser.parse_args()
    seal, _ = make_test_certificate_chain(Key.generate("P-256", did=None), subject="Benchmark seal")
    rows = [measure("in-process Key", seal, args)]
    with tempfile.TemporaryDirectory() as tmp:
        if softhsm_module():
            hsm = init_token(Path(tmp))
            os.environ["SOFTHSM2_CONF"] = str(hsm.conf)
            import_key(hsm, seal, "bench", b"\x01")
            with Pkcs11Signer.from_uri(hsm.uri("bench")) as token_signer:
                rows.append(measure("SoftHSM2 (PKCS#11)", token_signer, args))
        else:
            print("SoftHSM2 is not installed: skipped", file=sys.stderr)
    server = CscTestServer(seal)
    server.delay = args.latency
    try:
        for window in (args.window, 1):
            csc = CscSigner(
                server.url, client_id="registrar", client_secret="s3cret", transport=LoopbackTransport()
            )
            name = f"CSC v2 test service, signer_batch={window}"
            rows.append(measure(name, csc, args, lambda: len(server.calls), signer_batch=window))
    finally:
        server.stop()
    columns = list(dict.fromkeys(k for row in rows for k in row))
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")


if __name__ == "__main__":
    main()
