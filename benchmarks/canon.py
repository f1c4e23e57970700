"""JSON-LD -> canonical N-Quads: microcred vs pyld's ``normalize`` (URDNA2015), same offline loader, one run.

    /tmp/venv/bin/python benchmarks/canon.py [--batches 7] [--seconds 0.3]

For each input (``benchmarks/data``: small, large and extra-large VCs and the EC micro-credential sample) both
engines are warmed up, checked against the expected canonical form, then timed in alternating batches; the table
shows the best batch's time per call (as ``timeit`` advises: other processes only ever add time) and the ratio
microcred / pyld. The last lines compare the growth from the large
to the extra-large input with the growth in quads (linear time: both ratios close).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyld import jsonld

from microcred.jsonld import DocumentLoader
from microcred.jsonld.canonicalize import canonicalize

DATA = Path(__file__).resolve().parent / "data"
INPUTS = [
    ("small", "small-vc"),
    ("large", "large-vc"),
    ("extra-large", "xl-vc"),
    ("EC sample", "Sample-MC-Annex1-unsigned"),
]


def _find(stem: str) -> Path:
    for suffix in (".json", ".jsonld"):
        if (DATA / (stem + suffix)).exists():
            return DATA / (stem + suffix)
    raise FileNotFoundError(stem)


def _batch(fn: Callable[[], Any], calls: int) -> float:
    # CPU time of this process: the machine is shared, other jobs would only add wall time
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls


def measure(
    ours: Callable[[], Any], theirs: Callable[[], Any], batches: int, seconds: float, *, apart: bool = False
) -> tuple[float, float]:
    """Best seconds per call of each function, batches interleaved so both see the same machine load.

    Both sides make the same number of calls per batch (sized on ``theirs``: ~``seconds``), or with ``apart``
    each side as many as fill ~``seconds`` (for two functions of very different cost: ``formats.py``'s floor)."""
    calls = max(1, int(seconds / max(_batch(theirs, 1), 1e-6)))
    mine_calls = max(1, int(seconds / max(_batch(ours, 1), 1e-6))) if apart else calls
    mine: list[float] = []
    pyld: list[float] = []
    for _ in range(batches):
        mine.append(_batch(ours, mine_calls))
        pyld.append(_batch(theirs, calls))
    return min(mine), min(pyld)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--batches", type=int, default=7, help="timed batches per engine and input (default 7)"
    )
    parser.add_argument(
        "--seconds", type=float, default=0.3, help="target duration of one batch (default 0.3)"
    )
    args = parser.parse_args(argv)

    loader = DocumentLoader()
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
        "base": None,
    }
    print(
        f"Python {sys.version.split()[0]}, pyld {getattr(jsonld, '__version__', '?')}; "
        f"{args.batches} batches of ~{args.seconds}s per engine and input; best batch, time per call"
    )
    print(f"{'input':<12} {'quads':>6} {'microcred ms':>13} {'pyld ms':>9} {'ratio':>7}")
    rows: dict[str, tuple[int, float, float]] = {}
    ok = True
    for label, stem in INPUTS:
        document = json.loads(_find(stem).read_text(encoding="utf-8"))
        expected = (DATA / f"{stem}.canon.nq").read_text(encoding="utf-8")

        def ours(document: Any = document) -> str:
            return canonicalize(document, loader=loader)

        def theirs(document: Any = document) -> str:
            return str(jsonld.normalize(document, dict(options)))

        for _ in range(2):  # warm-up: context caches of both engines
            mine_out, pyld_out = ours(), theirs()
        if mine_out != expected or pyld_out != expected:
            print(
                f"{label}: output differs from {stem}.canon.nq (microcred {mine_out == expected}, "
                f"pyld {pyld_out == expected})"
            )
            ok = False
        mine, pyld = measure(ours, theirs, args.batches, args.seconds)
        quads = expected.count("\n")
        rows[label] = (quads, mine, pyld)
        print(f"{label:<12} {quads:>6} {mine * 1000:>13.2f} {pyld * 1000:>9.2f} {mine / pyld:>7.3f}")
    q_large, t_large, p_large = rows["large"]
    q_xl, t_xl, p_xl = rows["extra-large"]
    print(
        f"large -> extra-large: quads x{q_xl / q_large:.2f}, microcred time x{t_xl / t_large:.2f}, "
        f"pyld time x{p_xl / p_large:.2f}"
    )
    print(
        f"microcred per quad: large {t_large / q_large * 1e6:.2f} us, extra-large {t_xl / q_xl * 1e6:.2f} us"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
