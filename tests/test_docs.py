"""Every example in README.md and docs/*.md runs: ```python blocks and shell blocks (```sh, ```bash, ```console).

Python blocks run in the test process, each in its own scratch folder. A shell block runs in a fresh scratch folder
that holds a copy of ``examples/``, after every earlier block of the same page has run there (so a page can make
its input files in a Python block and use them on the command line), with the ``microcred`` of this environment
first on ``PATH`` and no network.

Shell blocks, as written in the docs:

* ``sh`` / ``bash``: every line is a command (``\\`` continues a line; blank lines and ``# comments`` are skipped).
* ``console``: lines starting with ``$ `` are commands (``\\`` continues them); other lines are sample output and
  are not compared, except the line after ``$ echo $?``, which must be the exit status of the command before.
* Every other command must exit 0.

A block that cannot run here is marked on the line just before its fence with an HTML comment that says why:
``<!-- doc-test: skip: installs from a package index (network) -->``. Only ``skip`` exists, its reason is
required, and the blocks so marked are listed by :func:`test_skipped_shell_blocks_say_why`; use it only for
commands that need a network, a server, or minutes (installing, the benchmarks, the test suite itself).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(
    r"^(?:<!-- doc-test: (?P<marker>[^\n]*?) -->\n)?```(?P<lang>python|sh|bash|console)\n(?P<body>.*?)^```",
    re.S | re.M,
)
SHELLS = ("sh", "bash", "console")
#: Seconds one documented command may take.
COMMAND_TIMEOUT = 300


@dataclass(frozen=True)
class Block:
    """One fenced example: where it is, its language, its text, and its doc-test marker (if any)."""

    page: Path
    number: int  # 1-based, per language family (python / shell) on the page, as the test ids show
    lang: str
    body: str
    marker: str | None

    @property
    def where(self) -> str:
        kind = "python" if self.lang == "python" else "shell"
        return f"{self.page.relative_to(ROOT)}#{kind}{self.number}"


def page_blocks(page: Path) -> list[Block]:
    counts = {"python": 0, "shell": 0}
    out: list[Block] = []
    for match in BLOCK.finditer(page.read_text(encoding="utf-8")):
        kind = "python" if match["lang"] == "python" else "shell"
        counts[kind] += 1
        out.append(Block(page, counts[kind], match["lang"], match["body"], match["marker"]))
    return out


ALL = [block for page in PAGES for block in page_blocks(page)]
PYTHON = [b for b in ALL if b.lang == "python"]
SHELL = [b for b in ALL if b.lang in SHELLS and b.marker is None]
SKIPPED = [b for b in ALL if b.lang in SHELLS and b.marker is not None]


def _lines(text: str) -> list[str]:
    """Physical lines joined where a line ends with a backslash."""
    out: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return out


def commands(block: Block) -> list[tuple[str, int]]:
    """``(command, expected exit status)`` for each command of a shell block."""
    out: list[tuple[str, int]] = []
    if block.lang != "console":
        return [
            (line, 0) for line in _lines(block.body) if line.strip() and not line.lstrip().startswith("#")
        ]
    lines = _lines(block.body)
    for i, line in enumerate(lines):
        if not line.startswith("$ "):
            continue
        command = line[2:].strip()
        if command == "echo $?":
            assert out and i + 1 < len(lines), (
                f"{block.where}: 'echo $?' needs a command before and a status after"
            )
            out[-1] = (out[-1][0], int(lines[i + 1].strip()))
            continue
        out.append((command, 0))
    return out


def run_shell(block: Block, folder: Path) -> None:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("MICROCRED_DEBUG", None)
    for command, expected in commands(block):
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        assert done.returncode == expected, (
            f"{block.where}: `{command}` exited {done.returncode}, the page implies {expected}\n"
            f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}"
        )
        assert "Traceback" not in done.stderr, done.stderr


def run_python(block: Block) -> None:
    exec(compile(block.body, block.where, "exec"), {"__name__": "__doc_example__"})


@pytest.mark.parametrize("block", PYTHON, ids=[b.where for b in PYTHON])
def test_doc_example_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run_python(block)


@pytest.mark.parametrize("block", SHELL, ids=[b.where for b in SHELL])
def test_doc_shell_block_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for earlier in page_blocks(block.page):
        if earlier == block:
            break
        if earlier.lang == "python":
            run_python(earlier)
        elif earlier.marker is None:
            run_shell(earlier, tmp_path)
    run_shell(block, tmp_path)


def test_skipped_shell_blocks_say_why() -> None:
    for block in SKIPPED:
        kind, _, reason = (block.marker or "").partition(":")
        assert kind.strip() == "skip" and len(reason.strip()) >= 10, f"{block.where}: marker {block.marker!r}"


def test_docs_have_examples() -> None:
    assert len(PYTHON) >= 1 and len(SHELL) >= 5


def test_console_parsing() -> None:
    block = Block(ROOT / "README.md", 1, "console", "$ a \\\n  --b\nout\n$ echo $?\n1\n$ c\n", None)
    assert commands(block) == [("a    --b", 1), ("c", 0)]
