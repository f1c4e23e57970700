"""Every ```python block in README.md and docs/*.md runs (offline, in a scratch folder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for i, match in enumerate(BLOCK.finditer(md.read_text(encoding="utf-8"))):
            out.append((f"{md.relative_to(ROOT)}#{i + 1}", match.group(1)))
    return out


ALL = blocks()


@pytest.mark.parametrize(("where", "code"), ALL, ids=[w for w, _ in ALL])
def test_doc_example_runs(where: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(code, where, "exec"), {"__name__": "__doc_example__"})


def test_docs_have_examples() -> None:
    assert len(ALL) >= 1
