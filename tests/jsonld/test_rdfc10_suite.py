"""The W3C RDFC-1.0 test suite (tests/suites/rdf-canon, 86 entries), every entry by id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pytest

from microcred.errors import WorkLimitExceededError
from microcred.jsonld import canonicalize, canonicalize_with_map

SUITE = Path(__file__).resolve().parents[1] / "suites" / "rdf-canon"
ENTRIES: list[dict[str, Any]] = json.loads((SUITE / "manifest.jsonld").read_text(encoding="utf-8"))["entries"]


def test_the_whole_suite_is_here() -> None:
    kinds = [e["type"] for e in ENTRIES]
    assert len(ENTRIES) == 86
    assert kinds.count("rdfc:RDFC10EvalTest") == 64
    assert kinds.count("rdfc:RDFC10MapTest") == 21
    assert kinds.count("rdfc:RDFC10NegativeEvalTest") == 1


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"].lstrip("#") for e in ENTRIES])
def test_rdfc10(entry: dict[str, Any]) -> None:
    source = (SUITE / entry["action"]).read_text(encoding="utf-8")
    hash_algorithm: Literal["sha256", "sha384"] = (
        "sha384" if entry.get("hashAlgorithm") == "SHA384" else "sha256"
    )
    if entry["type"] == "rdfc:RDFC10NegativeEvalTest":
        # the poison graph must be refused by the default work limit, not run for ever
        with pytest.raises(WorkLimitExceededError) as caught:
            canonicalize(source, input_format="nquads", hash_algorithm=hash_algorithm)
        assert caught.value.code == "CANONICALIZATION_WORK_LIMIT"
        return
    result = canonicalize_with_map(source, input_format="nquads", hash_algorithm=hash_algorithm)
    expected = (SUITE / entry["result"]).read_text(encoding="utf-8")
    if entry["type"] == "rdfc:RDFC10EvalTest":
        assert result.nquads == expected
    else:
        assert result.issued == json.loads(expected)
