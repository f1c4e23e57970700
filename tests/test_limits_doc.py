"""The "Limits" table of docs/verification.md matches the code, and lists every bound the source defines.

Each row names, in its last column, where the bound lives: ``microcred.module.CONSTANT``, a dataclass field
(``microcred.VerificationPolicy.max_bytes``) or a keyword default (``microcred.HardenedFetcher(max_bytes=)``).
The first number of its "default" column must be that value.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "microcred"
DOC = ROOT / "docs" / "verification.md"

#: Module constants whose names look like bounds but are not bounds on input or work (with the reason).
NOT_BOUNDS = {
    "microcred.batch.files.MAX_STEM": "the length of an output file name microcred writes, not an input",
}
#: Module-level names that define a bound.
BOUND_NAME = re.compile(r"^(DEFAULT_)?MAX_[A-Z0-9_]+$|^[A-Z0-9_]+_(LIMIT|LIMITS|TIMEOUT)$")


def _limits_rows() -> list[tuple[str, str, str]]:
    """(bound, default cell, reference) for every row of the Limits table."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("bound", "---") or set(cells[0]) <= {"-"}:
            continue
        reference = re.search(r"`(microcred\.[^`]+)`", cells[3])
        assert reference, f"row {cells[0]!r} names no microcred object"
        rows.append((cells[0], cells[1], reference.group(1)))
    return rows


ROWS = _limits_rows()


def _resolve(reference: str) -> Any:
    """The value a reference names: a constant, a class attribute or a keyword default."""
    parameter = None
    call = re.fullmatch(r"(.+)\((\w+)=\)", reference)
    if call:
        reference, parameter = call.group(1), call.group(2)
    parts = reference.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            obj = getattr(obj, name)
        break
    if parameter is not None:
        return inspect.signature(obj).parameters[parameter].default
    return obj


def _first_number(cell: str) -> float:
    match = re.search(r"\d[\d,_]*(\.\d+)?", cell)
    assert match, f"no number in {cell!r}"
    return float(match.group(0).replace(",", "").replace("_", ""))


def test_the_table_has_every_kind_of_bound() -> None:
    text = " ".join(bound for bound, _, _ in ROWS)
    for word in (
        "size",
        "depth",
        "proofs",
        "RDFC",
        "JWS",
        "status",
        "key file",
        "fetch",
        "timeout",
        "context",
    ):
        assert word in text, word


@pytest.mark.parametrize(("bound", "default", "reference"), ROWS, ids=[r[0] for r in ROWS])
def test_each_default_matches_the_code(bound: str, default: str, reference: str) -> None:
    value = _resolve(reference)
    assert isinstance(value, int | float) and not isinstance(value, bool), (reference, value)
    assert _first_number(default) == value, f"{bound}: the table says {default}, {reference} is {value}"


def _bound_constants() -> set[str]:
    """Every module-level bound constant of the source, as ``microcred.module.NAME``."""
    found = set()
    for path in SRC.rglob("*.py"):
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            for target in targets:
                if isinstance(target, ast.Name) and BOUND_NAME.match(target.id):
                    found.add(f"{module}.{target.id}")
    return found


def test_every_bound_constant_is_in_the_table() -> None:
    listed = DOC.read_text(encoding="utf-8").split("\n## Limits\n", 1)[1]
    missing = sorted(c for c in _bound_constants() if c not in NOT_BOUNDS and f"`{c}`" not in listed)
    assert not missing, f"bounds missing from the Limits table of docs/verification.md: {missing}"
