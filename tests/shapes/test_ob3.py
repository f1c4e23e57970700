"""Open Badges 3.0 shape: writing, schema validation, reading, the lossless round trip, signing."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.errors import MappingWarning, UsageError
from microcred.model import MicroCredential
from microcred.shapes.ob3 import OB3_CONTEXT, to_ob3
from microcred.shapes.ob3_read import UNKNOWN_COUNTRY, from_ob3, is_ob3
from microcred.shapes.ob3_schema import ob3_schema_errors

ROOT = Path(__file__).resolve().parents[2]
OB3 = Path(__file__).resolve().parent / "data" / "ob3"
SAMPLES = sorted(p.name for p in OB3.glob("*.json"))
NOW = "2026-01-01T00:00:00Z"


def example() -> MicroCredential:
    return MicroCredential.from_json((ROOT / "examples" / "microcredential.json").read_text(encoding="utf-8"))


def sample(name: str) -> Any:
    return json.loads((OB3 / name).read_text(encoding="utf-8"))


def test_example_written_as_ob3_conforms_to_the_schema() -> None:
    doc = to_ob3(example())
    assert ob3_schema_errors(doc) == []
    assert doc["@context"][1] == OB3_CONTEXT
    ach = doc["credentialSubject"]["achievement"]
    assert ach["creditsAvailable"] == 5.0
    assert ach["achievementType"] == "MicroCredential"
    urls = {a["targetUrl"] for a in ach["alignment"]}
    assert "http://data.europa.eu/esco/skill/4f5c1208-62fd-4e5a-a51e-306c06947e11" in urls
    assert "http://data.europa.eu/snb/eqf/6" in urls
    assert "http://data.europa.eu/snb/qdr/c_670e54c7" in urls
    assert doc["credentialSubject"]["result"][0]["value"] == "B+ (very good)"
    assert doc["issuer"]["address"]["addressCountryCode"] == "IE"


def test_schema_rejects_a_badge_without_achievement_criteria() -> None:
    doc = to_ob3(example())
    del doc["credentialSubject"]["achievement"]["criteria"]
    errors = ob3_schema_errors(doc)
    assert errors and any("criteria" in e for e in errors)


def test_schema_rejects_a_non_numeric_credit_count() -> None:
    doc = to_ob3(example())
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = "5 ECTS"
    assert any("creditsAvailable" in e for e in ob3_schema_errors(doc))


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_conform_to_the_schema(name: str) -> None:
    assert ob3_schema_errors(sample(name)) == []


@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_ob3_model_json_ob3_is_lossless(name: str) -> None:
    doc = sample(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        reading = from_ob3(doc)
    again = MicroCredential.from_dict(reading.model.to_dict(), lenient=True, unknown_concepts=True)
    assert to_ob3(again) == doc


def test_reading_reports_what_a_micro_credential_misses() -> None:
    with pytest.warns(MappingWarning, match="learner's name"):
        reading = from_ob3(sample("basicOpenBadgeCredential.json"))
    assert any("creditsAvailable" in m for m in reading.missing)
    assert reading.model.awarding_bodies[0].locations[0].country == UNKNOWN_COUNTRY
    assert reading.model.title == {"en": "Teamwork Badge"}


def test_model_to_ob3_to_model_keeps_the_facts_ob3_carries() -> None:
    mc = example()
    reading = from_ob3(to_ob3(mc), keep_source=False)
    back = reading.model
    assert back.title == {"en": mc.title["en"]}
    assert back.learner.id == mc.learner.id and back.learner.full_name == mc.learner.full_name
    assert back.levels.eqf == mc.levels.eqf and back.levels.nqf[0].uri == mc.levels.nqf[0].uri
    assert back.workload is not None and back.workload.credit_points[0].points == 5
    assert [o.text["en"] for o in back.learning_outcomes] == [o.text["en"] for o in mc.learning_outcomes]
    assert {s.uri for o in back.learning_outcomes for s in o.esco_skills} == {
        s.uri for o in mc.learning_outcomes for s in o.esco_skills
    }


def test_changed_facts_are_written_afresh_with_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        mc = from_ob3(sample("fullOpenBadge.json")).model
    changed = mc.model_copy(update={"title": {"en": "Another title"}})
    with pytest.warns(MappingWarning, match="written afresh"):
        doc = to_ob3(changed)
    assert doc["name"] == "Another title"


def test_not_a_badge_is_refused() -> None:
    assert not is_ob3({"type": ["VerifiableCredential"]})
    with pytest.raises(UsageError):
        from_ob3({"type": ["VerifiableCredential"]})
    doc = sample("basicOpenBadgeCredential.json")
    del doc["credentialSubject"]["achievement"]
    with pytest.raises(UsageError, match="achievement"):
        from_ob3(doc)


def test_issue_with_shape_ob3_signs_a_verifiable_badge(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    signed = microcred.issue(example(), key, format="eddsa-rdfc-2022", shape="ob3", now=NOW)
    assert isinstance(signed, dict) and "OpenBadgeCredential" in signed["type"]
    assert signed["issuer"]["id"] == key.controller
    assert ob3_schema_errors(signed) == []
    assert microcred.verify(signed, now=NOW).verified
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 50.0
    assert not microcred.verify(tampered, now=NOW).verified


def test_issue_refuses_an_unknown_shape_and_a_shape_for_a_dict(keys: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="unknown shape"):
        microcred.issue(example(), keys["Ed25519"], shape="ob2", now=NOW)
    with pytest.raises(UsageError, match="MicroCredential"):
        microcred.issue(to_ob3(example()), keys["Ed25519"], shape="ob3", now=NOW)
    with pytest.raises(UsageError, match=r"VC Data Model 2\.0"):
        microcred.issue(example(), keys["Ed25519"], shape="ob3", data_model="v1", now=NOW)


def test_signed_spec_vector_reads_and_is_written_back_as_signed() -> None:
    doc = sample("signed_ldp_vector.json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        mc = from_ob3(doc).model
    assert to_ob3(mc) == doc


def test_sd_jwt_vc_takes_no_other_shape(keys: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="sd-jwt-vc"):
        microcred.issue(example(), keys["Ed25519"], format="sd-jwt-vc", shape="ob3", now=NOW)


def test_issuer_given_as_an_iri_is_read_with_its_gaps_named() -> None:
    doc = sample("basicOpenBadgeCredential.json")
    doc["issuer"] = "https://example.com/issuers/876543"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        reading = from_ob3(doc)
    assert reading.model.awarding_bodies[0].id == "https://example.com/issuers/876543"
    assert any(m.startswith("issuer.name") for m in reading.missing)
    assert to_ob3(reading.model) == doc


def test_a_badge_whose_issuer_is_not_a_profile_is_refused() -> None:
    doc = sample("basicOpenBadgeCredential.json")
    doc["issuer"] = 42
    with pytest.raises(UsageError, match="issuer"):
        from_ob3(doc)
