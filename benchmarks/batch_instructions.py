"""Instructions per batch credential on a worker's path, counted by callgrind: a figure the machine's load does not move.

    .venv/bin/python benchmarks/batch_instructions.py            # needs valgrind (Debian: apt-get install valgrind)
    PYTHONPATH=/tmp/cb/src .venv/bin/python benchmarks/batch_instructions.py     # a compiled copy of src/
    .venv/bin/python benchmarks/batch_instructions.py --with-parent                # and the parent process

A worker is set up as ``issue_many`` sets one up (``init_worker``: eddsa-rdfc-2022, a fixed Ed25519 key with a
did:key kid, a fixed clock, serialized output), issues 40 records to warm up, then N records of
``benchmarks/batch.py``'s JSON Lines (the example with the learner varied) through ``issue_chunk``: parsing,
validation, the credential id, the ELM mapping, the proof, the JSON text (UTF-8 encoded, as ``microcred
issue-batch`` asks for it), and the pickling of the outcomes the process pool sends back. Every record must be issued (a failing
path would measure nothing useful). The driver runs that under ``valgrind --tool=callgrind`` for 10 and for 60
records and prints the difference divided by 50: start-up and warm-up cancel out.

``--with-parent`` also counts the parent process of ``microcred issue-batch`` (2 worker processes, files written
into a temporary folder) for 100 and for 400 records, with ``--child-silent-after-fork=yes`` so that the forked
workers' instructions are left out: reading the records, sending them to the workers, receiving the credentials
and writing the files (the kernel's share of writing, which callgrind does not see, is not in it).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

KEY = {
    "crv": "Ed25519",
    "kty": "OKP",
    "x": "AGp7XsAWdApjX9T3fGppM9nQy7KFjlP8KzknOgrcS04",
    "d": "_VOxdeOqSIGZE_GqrTgTaBwd9FkHHdvXKaF0NRCgMaU",
    "kid": "did:key:z6MkeUtDdhvBJrfiD2LuYaHaEDQ7kQQvjuP5WFkQq4SS58Hb#z6MkeUtDdhvBJrfiD2LuYaHaEDQ7kQQvjuP5WFkQq4SS58Hb",
}
WARM_UP = 40


def worker(count: int) -> None:
    """Issue ``count`` records on a worker's path (after the warm-up)."""
    from batch import write_records
    from microcred import Key
    from microcred.batch.records import as_records
    from microcred.batch.worker import BatchConfig, KeySpec, init_worker, issue_chunk
    from microcred.clock import resolve_clock

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "records.jsonl"
        write_records(source, WARM_UP + count)
        payloads = [record.payload() for record in as_records(str(source))]
    # as microcred issue-batch sets it up: serialized text, UTF-8 encoded (where the code measured has the option)
    encoded = {"encoded": True} if "encoded" in {f.name for f in dataclasses.fields(BatchConfig)} else {}
    config = BatchConfig(
        key=KeySpec.of(Key.from_jwk(KEY)),
        format="eddsa-rdfc-2022",
        clock=resolve_clock("2026-01-15T12:00:00Z"),
        serialized=True,
        **encoded,
    )
    init_worker(config)
    if not all(outcome.ok for outcome in issue_chunk(payloads[:WARM_UP])):
        raise SystemExit("the warm-up records were not issued")
    outcomes = issue_chunk(payloads[WARM_UP:])
    ForkingPickler.dumps(outcomes)  # what the process pool does to send them to the parent
    if not all(outcome.ok for outcome in outcomes):
        raise SystemExit(f"a record was not issued: {next(o.error for o in outcomes if not o.ok)}")


def parent(count: int, folder: Path) -> None:
    """``microcred issue-batch`` of ``count`` records with 2 worker processes, in this process."""
    import contextlib
    import io

    from batch import write_records
    from microcred import Key
    from microcred.cli.main import main as cli

    source, key = folder / f"records-{count}.jsonl", folder / "issuer.jwk"
    write_records(source, count)
    Key.from_jwk(KEY).save(key)
    argv = [
        "issue-batch",
        str(source),
        "--key",
        str(key),
        "--out",
        str(folder / "credentials"),
        "--workers",
        "2",
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli([*argv, "--now", "2026-01-15T12:00:00Z", "--json"])
    if code != 0 or len(list((folder / "credentials").iterdir())) != count:
        raise SystemExit(f"issue-batch failed ({code})")


def instructions(count: int, mode: str = "--worker") -> int:
    """Instructions callgrind counts for a worker run (or a parent's, ``--parent``) of ``count`` records."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out"]
        if mode == "--parent":  # the worker processes are forked: their instructions are not counted
            argv.append("--child-silent-after-fork=yes")
        run = subprocess.run(
            [*argv, sys.executable, __file__, mode, str(count), tmp],
            capture_output=True,
            text=True,
            env=os.environ,
            check=False,
        )
    if run.returncode != 0:
        raise SystemExit(f"the run failed:\n{run.stderr[-2000:]}")
    for line in run.stderr.splitlines():
        if "Collected" in line:
            return int(line.split()[-1])
    raise SystemExit("callgrind printed no total")


def main() -> int:
    if sys.argv[1:2] in (["--worker"], ["--parent"]):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        if sys.argv[1] == "--worker":
            worker(int(sys.argv[2]))
        else:
            parent(int(sys.argv[2]), Path(sys.argv[3]))
        return 0
    few, many = instructions(10), instructions(60)
    print(f"instructions per credential: {(many - few) / 50 / 1e6:.2f} M ({sys.executable})")
    if "--with-parent" in sys.argv[1:]:
        few, many = instructions(100, "--parent"), instructions(400, "--parent")
        print(f"  and in the parent process of issue-batch: {(many - few) / 300 / 1e6:.2f} M")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
