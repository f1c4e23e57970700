"""``apply_policy`` (the trie walk) marks exactly the claims a naive pattern match over every claim path marks."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.model.examples import example_microcredential
from microcred.sd_jwt import Sd
from microcred.sd_jwt_vc.claims import DEFAULT_SD, MAXIMAL_SD, NEVER_SD, apply_policy, parse_pattern


def _naive(claims: dict[str, Any], patterns: tuple[str, ...]) -> dict[str, Any]:
    """Every claim path compared with every pattern (``*`` any member name, ``[*]`` any array index)."""
    parsed = [parse_pattern(p) for p in patterns]

    def matches(pattern: tuple[str, ...], path: tuple[str | int, ...]) -> bool:
        return len(pattern) == len(path) and all(
            isinstance(got, int) if want == "[*]" else isinstance(got, str) if want == "*" else want == got
            for want, got in zip(pattern, path, strict=True)
        )

    def mark(value: Any, path: tuple[str | int, ...]) -> Any:
        inner = walk(value, path)
        if len(path) == 1 and path[0] in NEVER_SD:
            return inner
        return Sd(inner) if any(matches(p, path) for p in parsed) else inner

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, dict):
            return {k: mark(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [mark(v, (*path, i)) for i, v in enumerate(node)]
        return node

    return walk(claims, ())  # type: ignore[no-any-return]


POLICIES = {
    "default": DEFAULT_SD,
    "maximal": MAXIMAL_SD,
    "wildcards": ("*", "*.*", "*[*]", "*.*.*", "*[*][*]", "*[*].*"),
    "literal names like wildcards": ("odd.*", "odd.[*]", "exp.a", "learner.fullName.en"),
    "deep": ("learningOutcomes[*].text", "awardingBodies[*].location[*]"),
    "none": (),
}


@pytest.mark.parametrize("name", POLICIES)
def test_apply_policy_marks_what_a_naive_match_marks(name: str) -> None:
    claims = example_microcredential().facts()
    claims["odd"] = {"[*]": [1, {"*": 2}], "*": [[1]], "a": {"b": 3}}
    claims["exp"] = {"a": 1}  # a registered claim is never marked itself, what is inside it may be
    assert apply_policy(claims, POLICIES[name]) == _naive(claims, POLICIES[name])
