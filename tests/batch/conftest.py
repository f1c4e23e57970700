"""Shared inputs of the batch tests: model records, JSONL/CSV files, a key file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.keys import Key
from microcred.model import example_microcredential

DATA = Path(__file__).resolve().parent / "data"
NOW = "2026-01-15T12:00:00Z"


def make_records(count: int) -> list[dict[str, Any]]:
    """``count`` distinct learners of the example micro-credential (no ids: derived from the content)."""
    base = example_microcredential().to_dict()
    base.pop("id")
    out = []
    for i in range(count):
        record = json.loads(json.dumps(base))
        record["learner"]["fullName"] = {"en": f"Learner {i:04d}"}
        record["learner"]["id"] = f"did:example:learner-{i:04d}"
        out.append(record)
    return out


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return make_records(6)


@pytest.fixture
def many() -> Any:
    """The record factory, for tests that need another count."""
    return make_records


@pytest.fixture
def ed25519(keys: dict[str, Key]) -> Key:
    return keys["Ed25519"]


@pytest.fixture
def key_file(tmp_path: Path, ed25519: Key) -> Path:
    path = tmp_path / "issuer.jwk"
    ed25519.save(path)
    return path


@pytest.fixture
def jsonl_with_bad_lines(tmp_path: Path) -> Path:
    """Lines 1-2 good, 3 blank, 4 not JSON, 5 good, 6 a model error (bad language), 7 good, 8 a JSON array."""
    good = [json.dumps(r) for r in make_records(4)]
    bad_model = make_records(5)[4]
    bad_model["learner"]["fullName"] = {"xx": "Nobody"}
    lines = [good[0], good[1], "", "{not json", good[2], json.dumps(bad_model), good[3], "[1, 2]"]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def template() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "template.json").read_text(encoding="utf-8"))
    return data
