"""ValidatedMembers: a record member equal to the one validated last is reused, and the result is what a fresh
validation gives."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcred.batch.validated_members as validated_members
from microcred.batch.validated_members import ValidatedMembers
from microcred.errors import ModelValidationError
from microcred.model import MicroCredential

from .varied_records import varied_records


def _fresh(record: dict[str, Any]) -> MicroCredential:
    return MicroCredential.from_dict(copy.deepcopy(record))


def test_varied_records_validate_as_fresh_ones() -> None:
    members = ValidatedMembers()
    records = list(varied_records().values())
    for record in records + records:
        credential = members.validate(record)
        fresh = _fresh(record)
        assert credential == fresh
        assert credential.to_dict() == fresh.to_dict()
    assert members.hits > 2 * len(records)  # the course's members came from the memo


def test_learners_differ_and_the_course_is_reused() -> None:
    records = varied_records()
    members = ValidatedMembers()
    first = members.validate(records["full-learner-0"])
    second = members.validate(records["full-learner-1"])
    assert second.awarding_bodies[0] is first.awarding_bodies[0]  # the same validated objects
    assert second.learner != first.learner
    assert second.learner == _fresh(records["full-learner-1"]).learner


def test_a_member_changed_to_a_bad_value_is_validated_again() -> None:
    records = varied_records()
    members = ValidatedMembers()
    members.validate(records["full-learner-0"])
    bad = copy.deepcopy(records["full-learner-1"])
    bad["awardingBodies"][0]["homepage"] = "not an IRI"
    with pytest.raises(ModelValidationError) as caught:
        members.validate(bad)
    with pytest.raises(ModelValidationError) as fresh:
        _fresh(bad)
    assert caught.value.to_dict() == fresh.value.to_dict()
    assert "awardingBodies" in str(caught.value)


def test_numbers_of_another_type_are_not_reused() -> None:
    record = copy.deepcopy(varied_records()["full-learner-0"])
    members = ValidatedMembers()
    members.validate(record)
    hits = members.hits
    record["workload"]["creditPoints"][0]["points"] = 5.0  # == 5, another JSON number
    assert members.validate(record) == _fresh(record)
    assert members.hits == hits + _course_members(record) - 1
    record["workload"]["creditPoints"][0]["points"] = True  # == 1 in Python
    with pytest.raises(ModelValidationError):
        _fresh(record)
    with pytest.raises(ModelValidationError):
        members.validate(record)


def _course_members(record: dict[str, Any]) -> int:
    credential = MicroCredential.from_dict(copy.deepcopy(record))
    return sum(
        1
        for name in record
        if validated_members._is_models(getattr(credential, validated_members._FIELDS[name]))
    )


def test_the_callers_record_changed_after_it_was_validated() -> None:
    record = copy.deepcopy(varied_records()["full-learner-0"])
    members = ValidatedMembers()
    members.validate(record)
    record["awardingBodies"][0]["legalName"] = {"en": "Another university"}
    credential = members.validate(record)
    assert credential.awarding_bodies[0].legal_name == {"en": "Another university"}
    assert credential == _fresh(record)


def test_attribute_names_are_reused_too() -> None:
    record = copy.deepcopy(varied_records()["full-learner-0"])
    record["awarding_bodies"] = record.pop("awardingBodies")
    members = ValidatedMembers()
    first = members.validate(record)
    second = members.validate(record)
    assert second.awarding_bodies[0] is first.awarding_bodies[0]
    assert second == _fresh(record)


def test_a_member_too_large_to_copy_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validated_members, "MAX_MEMBER_VALUES", 3)
    record = varied_records()["full-learner-0"]
    members = ValidatedMembers()
    members.validate(record)
    members.validate(record)
    assert members.hits == 0


def test_facts_of_reused_members_are_the_models_facts() -> None:
    members = ValidatedMembers()
    records = list(varied_records().values())
    for record in records + records[::-1]:
        credential = members.validate(record)
        assert members.facts(credential) == credential.facts()
        assert members.facts(credential) == _fresh(record).facts()
    other = _fresh(records[0])  # not the credential validated last: its own facts
    assert members.facts(other) == other.facts()


def test_facts_leave_out_the_sources_and_excluded_fields() -> None:
    credential = _fresh(varied_records()["full-learner-0"])
    facts = credential.facts()
    assert "elm" not in facts and "ob3" not in facts
    assert credential.facts(exclude=frozenset({"learner"})) == {
        k: v for k, v in facts.items() if k != "learner"
    }
