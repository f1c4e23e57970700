"""``microcred demo`` stacks three micro-credentials in three formats, then revokes one and the stack fails."""

from __future__ import annotations

from typing import Any

from microcred.cli.demo_stack import stack_demo
from microcred.cli.main import main
from microcred.clock import FixedClock


def test_stack_walk_through(capsys: Any) -> None:
    assert stack_demo(FixedClock("2026-01-15T12:00:00Z")) is True
    out = capsys.readouterr().out
    assert "stack: verified, STACK_VALID, 3 nested part results" in out
    assert "revoked part 1 -> stack not verified: STACK_PART_INVALID (part 1, status:STATUS_REVOKED)" in out


def test_demo_can_skip_the_stack(capsys: Any) -> None:
    argv = ["demo", "-f", "eddsa-rdfc-2022", "--no-shacl", "--no-reseal", "--no-revocation", "--no-stack"]
    assert main(argv) == 0
    assert "Stack three" not in capsys.readouterr().out
