"""Instructions per issue + verify of the EC sample in each format, counted by callgrind (the load does not move it).

    .venv/bin/python benchmarks/format_instructions.py                       # needs valgrind; every format
    .venv/bin/python benchmarks/format_instructions.py --format jades        # one format
    PYTHONPATH=/tmp/cb/src .venv/bin/python benchmarks/format_instructions.py   # a compiled copy of src/

The calls are ``benchmarks/formats.py``'s: its setup (the EC sample, a key, the JAdES test CA), three warm-up pairs,
then N times ``verify(issue(document, key, format=...))``. The driver runs that under ``valgrind
--tool=callgrind`` for 2 and for 12 calls (both at once, one per core) and prints the difference divided by 10:
start-up, warm-up and shutdown cancel out. Each run makes a new key and signature, so the figure moves by ~0.5 %
between runs; compare commits with ``PYTHONPATH=`` a ``git archive`` of each one's ``src/`` (with ``vocab`` and
``contexts`` beside it) and ``PYTHONHASHSEED=0``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from formats import FORMATS


def calls(fmt: str, count: int) -> None:
    """``count`` issue + verify pairs of ``fmt`` after the warm-up."""
    import formats

    from microcred import issue, verify

    document, key, anchors = formats.setup(fmt, dict(FORMATS)[fmt])
    for _ in range(3 + count):
        result = verify(
            issue(document, key, format=fmt, now=formats.ISSUED), now=formats.VERIFY_AT, trust_anchors=anchors
        )
        if not result.verified:
            raise SystemExit(f"{fmt}: not verified")


def counted(fmt: str, count: int) -> int:
    """Instructions callgrind collects for a process making ``count`` pairs."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    run = subprocess.run(
        [*command, "--child", fmt, str(count)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    line = next(line for line in run.stderr.splitlines() if "Collected" in line)
    return int(line.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--format", action="append", help="only these formats")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        calls(args.child[0], int(args.child[1]))
        return 0
    for fmt, _ in FORMATS:
        if args.format and fmt not in args.format:
            continue
        with ThreadPoolExecutor(2) as pool:
            few, many = pool.map(counted, (fmt, fmt), (2, 12))
        print(f"{fmt:<16} {(many - few) / 10 / 1e6:8.2f} M instructions per issue + verify", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
