"""docs/verification.md documents every check name and code, read from the enums in verification/codes/."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from microcred import errors
from microcred.verification.codes import CheckCode, CheckName

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
CODES_SECTION = DOC[DOC.index("## Codes") :]

ERROR_CODES = {
    cls.code
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.MicrocredError) and "code" in cls.__dict__
}


@pytest.mark.parametrize("code", list(CheckCode), ids=[c.value for c in CheckCode])
def test_every_check_code_is_documented(code: CheckCode) -> None:
    assert f"`{code.value}`" in CODES_SECTION


@pytest.mark.parametrize("name", list(CheckName), ids=[n.value for n in CheckName])
def test_every_check_name_is_documented(name: CheckName) -> None:
    assert f"`{name.value}`" in DOC


def test_every_code_the_doc_names_exists() -> None:
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", CODES_SECTION))
    unknown = sorted(named - {c.value for c in CheckCode} - ERROR_CODES)
    assert unknown == []


def _literal_check_arguments(path: Path) -> list[str]:
    """String literals given as a check name or code (``Check.ok/fail/error``, ``Check(...)``, ``reason=``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        factory = (
            isinstance(func, ast.Attribute)
            and func.attr in ("ok", "fail", "error")
            and isinstance(func.value, ast.Name)
            and func.value.id == "Check"
        )
        direct = isinstance(func, ast.Name) and func.id == "Check"
        positions = (0, 1) if factory else (0, 2) if direct else ()
        args = [node.args[i] for i in positions if i < len(node.args)]
        args += [kw.value for kw in node.keywords if kw.arg == "reason"]
        found += [
            f"{path.name}:{a.lineno} {a.value!r}"
            for a in args
            if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
    return found


def test_the_source_uses_the_enums_not_string_literals() -> None:
    found = [
        hit for p in sorted((ROOT / "src" / "microcred").rglob("*.py")) for hit in _literal_check_arguments(p)
    ]
    assert found == []


def test_the_literal_finder_finds_literals(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('Check.fail("proof", "X", "m")\nraise JwsError("m", reason="Y")\n', encoding="utf-8")
    assert len(_literal_check_arguments(sample)) == 3
