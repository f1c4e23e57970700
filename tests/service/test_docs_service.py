"""docs/service.md: the curl walk-through runs against a real ``microcred serve`` started for the page.

The page's blocks marked ``doc-test: skip: needs the running server; tests/service/test_docs_service.py ...``
run here, command by command, with ``MICROCRED_URL`` and ``MICROCRED_TOKEN`` set to the server this test
started. The first line of each command's sample output is compared: exactly, or up to a trailing `` ...``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .loopback import Server

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "service.md"
MARKER = "<!-- doc-test: skip: needs the running server; tests/service/test_docs_service.py"
TOKEN = "docs-walkthrough-token"


def walkthrough() -> list[tuple[str, str | None]]:
    """``(command, first line of its sample output or None)`` of every marked console block of the page."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith(MARKER):
            assert lines[i + 1] == "```console", "a marked block must be a console block"
            i += 2
            while lines[i] != "```":
                if lines[i].startswith("$ "):
                    command = lines[i][2:]
                    while command.endswith("\\"):
                        i += 1
                        command = command[:-1] + " " + lines[i].strip()
                    following = lines[i + 1]
                    sample = None if following.startswith("$ ") or following == "```" else following
                    out.append((command, sample))
                i += 1
        i += 1
    return out


def test_the_page_has_a_walkthrough() -> None:
    commands = [c for c, _ in walkthrough()]
    assert len(commands) >= 6 and any("/credentials/issue" in c for c in commands)


@pytest.mark.slow
def test_walkthrough_runs_against_a_real_server(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    server = Server(tmp_path / "server", TOKEN)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    env = dict(os.environ, MICROCRED_URL=f"http://127.0.0.1:{server.port}", MICROCRED_TOKEN=TOKEN)
    try:
        for command, sample in walkthrough():
            done = subprocess.run(
                ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
            if sample is not None:
                first = done.stdout.splitlines()[0] if done.stdout else ""
                expected = sample.split(" ...")[0]
                assert first.startswith(expected) if " ..." in sample else first == sample, (command, first)
    finally:
        server.close()
