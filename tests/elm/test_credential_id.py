"""canonical_facts: the text default_credential_id hashes, written member by member with remembered texts."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from microcred import example_microcredential, minimal_microcredential
from microcred.elm import credential_id
from microcred.elm.credential_id import MAX_MEMBERS, canonical_facts, facts_digest


def _expected(facts: Any) -> str:
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture(autouse=True)
def _fresh_memo() -> None:
    credential_id._TEXTS.clear()


def test_same_text_as_json_dumps_for_the_examples_in_any_order() -> None:
    for mc in (example_microcredential(), minimal_microcredential(), example_microcredential()):
        facts = mc.facts()
        assert canonical_facts(facts) == _expected(facts)


def test_a_changed_member_is_written_again() -> None:
    facts = example_microcredential().facts()
    canonical_facts(facts)
    for i in range(3):
        facts["learner"]["fullName"] = {"en": f"Learner {i} é"}
        facts["title"] = {"de": "Ä", "en": f"T{i}"}
        assert canonical_facts(facts) == _expected(facts)


@pytest.mark.parametrize(
    "values",
    [
        [1, 1.0, True, 1],
        [0.0, -0.0, 0, False],
        [{"a": [1]}, {"a": [1.0]}, {"a": [True]}],
        [{"a": None}, {"a": 0}, {"a": None}],
        [[None], [False], [0.0], [None]],
    ],
)
def test_numbers_and_booleans_equal_by_value_keep_their_own_text(values: list[Any]) -> None:
    for value in values:
        facts = {"member": value, "other": {"x": "y"}}
        assert canonical_facts(facts) == _expected(facts)


def test_a_remembered_value_is_a_private_copy() -> None:
    value: dict[str, Any] = {"en": "a", "list": ["b"]}
    facts = {"title": value}
    assert canonical_facts(facts) == _expected(facts)
    value["list"].append("c")  # changed in place after it was written
    assert canonical_facts(facts) == _expected(facts)


def test_non_string_member_names_fall_back_to_json_dumps() -> None:
    facts: dict[Any, Any] = {"b": "x", "a": {"k": "v"}}
    assert canonical_facts(facts) == _expected(facts)
    nested = {"a": {1: "v"}}
    assert canonical_facts(nested) == json.dumps(
        nested, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_the_memo_is_bounded() -> None:
    for i in range(MAX_MEMBERS * 3):
        facts = {f"m{i}": "v", "same": ["x"]}
        assert canonical_facts(facts) == _expected(facts)
    assert len(credential_id._TEXTS) <= MAX_MEMBERS


def test_facts_digest_is_the_sha256_of_the_canonical_text_whatever_came_before() -> None:
    base = example_microcredential().facts()
    sequence: list[dict[Any, Any]] = [base, base, minimal_microcredential().facts(), base]
    for i in range(3):
        changed = json.loads(json.dumps(base))
        changed["learner"]["fullName"] = {"en": f"Learner {i}"}
        sequence += [changed, dict(changed), {**changed, "assessment": {"x": str(i)}}]
        sequence += [{**changed, "workload": {"y": i}}, {"a": "only"}, {}, {"a": "only", "b": "two"}]
    sequence += [{1: "x", 2: "y"}, base, {**base, "zzz": "last"}, base]
    for facts in sequence:
        expected = hashlib.sha256(_expected(facts).encode("utf-8")).hexdigest()
        assert facts_digest(facts) == expected
