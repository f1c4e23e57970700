"""Instructions per issue + verify of the EC sample in each format, counted by callgrind (the load does not move it).

    .venv/bin/python benchmarks/format_instructions.py                       # needs valgrind; every format
    .venv/bin/python benchmarks/format_instructions.py --format jades        # one format
    PYTHONPATH=/tmp/cb/src .venv/bin/python benchmarks/format_instructions.py   # a compiled copy of src/
    .venv/bin/python benchmarks/format_instructions.py --loop                 # count inside the loop only

The calls are ``benchmarks/formats.py``'s: its setup (the EC sample, a key, the JAdES test CA), three warm-up pairs,
then N times ``verify(issue(document, key, format=...))``. The driver runs that under ``valgrind
--tool=callgrind`` for 2 and for 12 calls (both at once, one per core) and prints the difference divided by 10:
start-up, warm-up and shutdown cancel out. Each run makes a new key and signature, so the figure moves by ~0.5 %
between runs; compare commits with ``PYTHONPATH=`` a ``git archive`` of each one's ``src/`` (with ``vocab`` and
``contexts`` beside it) and ``PYTHONHASHSEED=0``.

The difference of two runs also counts the cyclic collector's full passes that fall between call 3 and call 12,
and those move when the process's heap changes size (a change that loads fewer modules moves them). ``--loop``
counts instead only inside the loop of ``--calls`` pairs (5 by default; callgrind collects inside
``sys.call_tracing``, which runs it), after ten warm-up pairs and a ``gc.collect()``, in one process per format.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from formats import FORMATS


def _pairs(fmt: str) -> Callable[[int], None]:
    """``formats.py``'s setup for ``fmt``; the function making that many issue + verify pairs."""
    import formats

    from microcred import issue, verify

    document, key, anchors = formats.setup(fmt, dict(FORMATS)[fmt])

    def run(pairs: int) -> None:
        for _ in range(pairs):
            result = verify(
                issue(document, key, format=fmt, now=formats.ISSUED),
                now=formats.VERIFY_AT,
                trust_anchors=anchors,
            )
            if not result.verified:
                raise SystemExit(f"{fmt}: not verified")

    return run


def calls(fmt: str, count: int) -> None:
    """``count`` issue + verify pairs of ``fmt`` after the warm-up."""
    _pairs(fmt)(3 + count)


def looped(fmt: str, count: int) -> None:
    """Ten warm-up pairs, a full collection, then ``count`` pairs run by ``sys.call_tracing`` (counted)."""
    import gc

    run = _pairs(fmt)
    run(10)
    gc.collect()
    sys.call_tracing(run, (count,))


def _collected(options: list[str], child: list[str]) -> int:
    """Instructions callgrind (with ``options``) collects in this script run with ``child``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        *options,
        sys.executable,
        __file__,
    ]
    run = subprocess.run([*command, *child], capture_output=True, text=True, check=True, env=os.environ)
    line = next(line for line in run.stderr.splitlines() if "Collected" in line)
    return int(line.split()[-1])


def counted_loop(fmt: str, count: int) -> int:
    """Instructions callgrind collects inside :func:`looped`'s counted loop."""
    options = ["--collect-atstart=no", "--toggle-collect=sys_call_tracing"]
    return _collected(options, ["--loop-child", fmt, str(count)])


def counted(fmt: str, count: int) -> int:
    """Instructions callgrind collects for a process making ``count`` pairs."""
    return _collected([], ["--child", fmt, str(count)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--format", action="append", help="only these formats")
    parser.add_argument("--loop", action="store_true", help="count only inside the loop (see above)")
    parser.add_argument("--calls", type=int, default=5, help="pairs counted with --loop (default 5)")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--loop-child", nargs=2, metavar=("FORMAT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        calls(args.child[0], int(args.child[1]))
        return 0
    if args.loop_child:
        looped(args.loop_child[0], int(args.loop_child[1]))
        return 0
    for fmt, _ in FORMATS:
        if args.format and fmt not in args.format:
            continue
        if args.loop:
            per_call = counted_loop(fmt, args.calls) / args.calls
            print(f"{fmt:<16} {per_call / 1e6:8.2f} M instructions per issue + verify (loop)", flush=True)
            continue
        with ThreadPoolExecutor(2) as pool:
            few, many = pool.map(counted, (fmt, fmt), (2, 12))
        print(f"{fmt:<16} {(many - few) / 10 / 1e6:8.2f} M instructions per issue + verify", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
