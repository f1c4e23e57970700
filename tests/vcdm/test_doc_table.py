"""docs/verification.md's VC Data Model rules table and microcred.vcdm.RULES say the same."""

from __future__ import annotations

import re
from pathlib import Path

from microcred.vcdm import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "verification.md"
ROW = re.compile(r"^\| `(VCDM_[A-Z0-9_]+)` \| (.+?) \| (.+?) \| (.+?) \|$", re.M)


def table() -> list[tuple[str, str, str | None, str | None]]:
    """(code, requirement, VC DM 2.0 section, VC DM 1.1 section) per row; "–" is no section."""
    rows = ROW.findall(DOC.read_text(encoding="utf-8"))
    return [(c, r, None if v2 == "–" else v2, None if v1 == "–" else v1) for c, r, v2, v1 in rows]


def test_table_lists_every_rule_once_in_order() -> None:
    assert [row[0] for row in table()] == list(RULES)


def test_table_rows_match_the_rules() -> None:
    for code, requirement, v2, v1 in table():
        rule = RULES[code]
        assert (requirement, v2, v1) == (rule.requirement, rule.v2, rule.v1), code


def test_every_rule_names_a_section() -> None:
    for rule in RULES.values():
        assert rule.v2 or rule.v1
        for section in filter(None, (rule.v2, rule.v1)):
            assert re.fullmatch(r"§\d+\.\d+ [A-Z][\w ]+", section), section


def test_the_checkers_use_only_registered_codes() -> None:
    source = Path(__file__).resolve().parents[2] / "src" / "microcred" / "vcdm"
    used = {
        c
        for path in source.glob("*.py")
        for c in re.findall(r"CheckCode\.(VCDM_[A-Z0-9_]+)", path.read_text())
    }
    checkers = {
        c
        for path in source.glob("*.py")
        if path.name != "rules.py"
        for c in re.findall(r"CheckCode\.(VCDM_[A-Z0-9_]+)", path.read_text())
    }
    assert used == set(RULES)
    assert checkers == set(RULES)  # every rule is emitted somewhere outside the table
