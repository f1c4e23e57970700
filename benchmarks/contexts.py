"""Hostile JSON-LD contexts and the compacted-form check: what they cost (issue 11 items 3 and 6).

    .venv/bin/python benchmarks/contexts.py [--hostile] [--compacted] [--batches 7]

``--hostile``: ``verify()`` of a signed VC 2.0 credential (fixed test key) whose ``@context`` or nodes were made
hostile after signing: 60,000 small inline contexts in the ``@context`` array, one inline context with 150,000
terms, 20,000 terms each with a scoped context, 60,000 subject nodes each with its own inline context; plus the
largest input of each kind that stays under the default ``ContextLimits`` (which must verify). Each is one call
timed as CPU time of this process (one core; the wall time in brackets also counts other processes on the
machine), and the peak memory of the run (``ru_maxrss``).

``--compacted``: the compacted-form check (``microcred.jsonld.compacted_form.non_compact_members``) next to RDFC-1.0
canonicalization of the same document, on the EC micro-credential sample and the large VC of ``benchmarks/data``;
best of ``--batches`` interleaved batches.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import time
from pathlib import Path
from typing import Any

from microcred import issue, verify
from microcred.jsonld import DocumentLoader, canonicalize
from microcred.keys import Key

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
V2 = "https://www.w3.org/ns/credentials/v2"
NOW = "2026-01-15T12:00:00Z"


def hostile(signed: dict[str, Any], kind: str, n: int) -> dict[str, Any]:
    """``signed`` with ``n`` hostile contexts of ``kind`` (unused terms: no triple changes but the nodes')."""
    doc = copy.deepcopy(signed)
    if kind == "inline contexts":
        doc["@context"] = [V2, *({f"unusedTerm{i:06d}": f"https://example.org/v#t{i}"} for i in range(n))]
    elif kind == "terms":
        doc["@context"] = [V2, {f"unusedTerm{i:06d}": f"https://example.org/v#t{i}" for i in range(n)}]
    elif kind == "scoped terms":
        doc["@context"] = [V2, {f"t{i}": {"@id": f"urn:t{i}", "@context": {"x": "urn:x"}} for i in range(n)}]
    elif kind == "nodes with contexts":
        doc["credentialSubject"] = [{"@context": {f"t{i}": f"urn:t{i}"}, "id": f"urn:s{i}"} for i in range(n)]
    return doc


def run_hostile() -> None:
    key = Key.load(ROOT / "tests" / "data" / "keys" / "ed25519.jwk")
    credential = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = issue(credential, key, now=NOW)
    assert isinstance(signed, dict)
    cases = [
        ("inline contexts", 60_000),
        ("inline contexts", 4_900),
        ("terms", 150_000),
        ("terms", 14_000),
        ("scoped terms", 20_000),
        ("scoped terms", 1_500),
        ("nodes with contexts", 60_000),
    ]
    print("| input | size | verify: CPU (wall) | verified | first failed check |")
    print("|---|---:|---:|---|---|")
    for kind, n in cases:
        doc = hostile(signed, kind, n)
        size = len(json.dumps(doc))
        start, cpu = time.perf_counter(), time.process_time()
        result = verify(doc, now=NOW)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        failed = next((f"{c.name} {c.code}" for c in result.checks if not c.passed), "")
        print(
            f"| {n:,} {kind} | {size / 1e6:.2f} MB | {cpu:.2f} s ({elapsed:.2f} s) | {result.verified} | {failed} |"
        )
    print(f"peak memory of the run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def best(fn: Any, batches: int, calls: int = 10) -> float:
    times = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls)
    return min(times) * 1000


def run_compacted(batches: int) -> None:
    from microcred.jsonld.compacted_form import non_compact_members

    loader = DocumentLoader()
    print("| input | canonicalize | compacted-form check | ratio |")
    print("|---|---:|---:|---:|")
    for name in ("Sample-MC-Annex1-unsigned.jsonld", "large-vc.json"):
        doc = json.loads((DATA / name).read_text(encoding="utf-8"))
        assert non_compact_members(doc, loader) == []
        canon = best(lambda: canonicalize(doc, loader=loader), batches)  # noqa: B023
        check = best(lambda: non_compact_members(doc, loader), batches)  # noqa: B023
        print(f"| {name} | {canon:.2f} ms | {check:.2f} ms | {check / canon:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--compacted", action="store_true")
    parser.add_argument("--batches", type=int, default=7)
    args = parser.parse_args()
    if args.hostile or not args.compacted:
        run_hostile()
    if args.compacted or not args.hostile:
        run_compacted(args.batches)


if __name__ == "__main__":
    main()
