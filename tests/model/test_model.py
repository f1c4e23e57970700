"""The micro-credential model: examples, normalisation, strict/lenient validation, bad input, JSON Schema."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from microcred.errors import ModelValidationError, VocabularyError
from microcred.model import (
    MicroCredential,
    example_microcredential,
    minimal_microcredential,
    model_json_schema,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "model"
INVALID = sorted((DATA / "invalid").glob("*.json"))


def _base(name: str) -> dict[str, Any]:
    mc = minimal_microcredential() if name == "minimal" else example_microcredential()
    return mc.to_dict()


def _steps(path: str) -> list[str | int]:
    return [int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", path)]


def _apply(doc: dict[str, Any], path: str, value: Any = None, *, remove: bool = False) -> None:
    steps = _steps(path)
    node: Any = doc
    for step in steps[:-1]:
        if isinstance(step, str) and step not in node:
            node[step] = {}
        node = node[step]
    if remove:
        del node[steps[-1]]
    else:
        node[steps[-1]] = value


# -- examples ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["microcredential", "minimal"])
def test_repository_examples_equal_bundled_ones(name: str) -> None:
    repo = json.loads((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    bundled = example_microcredential() if name == "microcredential" else minimal_microcredential()
    assert MicroCredential.from_dict(repo) == bundled
    assert (ROOT / "examples" / f"{name}.json").read_bytes() == (
        ROOT / "vocab" / "examples" / f"{name}.json"
    ).read_bytes()


def test_complete_example_fills_every_field() -> None:
    """examples/microcredential.json is complete: every field of every model class is filled somewhere."""
    filled: dict[str, set[str]] = {}

    def walk(model: Any) -> None:
        cls = type(model)
        seen = filled.setdefault(cls.__name__, set())
        for name in cls.model_fields:
            value = getattr(model, name)
            if value is None or value == []:
                continue
            seen.add(name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, BaseModel):
                    walk(item)

    walk(example_microcredential())
    missing = {cls: sorted(set(_fields(cls)) - names) for cls, names in filled.items()}
    missing["MicroCredential"].remove("elm")  # the ELM source of a model read from ELM, not a fact
    missing["MicroCredential"].remove("ob3")  # the Open Badges source of a model read from OB 3.0, not a fact
    assert {cls: names for cls, names in missing.items() if names} == {}
    assert len(filled) == 19  # every model class is reached


def _fields(class_name: str) -> list[str]:
    import microcred.model as m

    return list(getattr(m, class_name).model_fields)


def test_minimal_example_has_only_mandatory_elements() -> None:
    data = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    required = set(model_json_schema()["required"])
    assert set(data) == required


@pytest.mark.parametrize("factory", [example_microcredential, minimal_microcredential])
def test_model_json_round_trip(factory: Any) -> None:
    mc = factory()
    assert MicroCredential.from_dict(mc.to_dict()) == mc
    assert MicroCredential.from_json(mc.to_json()) == mc


# -- normalisation -------------------------------------------------------------------------------------------
def test_controlled_values_accept_code_alias_label_and_uri() -> None:
    base = _base("minimal")
    spellings = [
        ("IE", "IRL", "Ireland", "http://publications.europa.eu/resource/authority/country/IRL"),
    ]
    for spelling in spellings[0]:
        doc = copy.deepcopy(base)
        doc["awardingBodies"][0]["locations"][0]["country"] = spelling
        mc = MicroCredential.from_dict(doc)
        assert mc.awarding_bodies[0].locations[0].country == spellings[0][-1]
    doc = copy.deepcopy(base)
    doc["levels"] = {"eqf": 6, "iscedF": ["0613"], "qfEheaCycle": "first", "iscedLevel": 6}
    doc["participation"] = {"modes": ["onsite", "Online"], "learningSetting": "non-formal"}
    mc = MicroCredential.from_dict(doc)
    assert mc.levels.eqf == "http://data.europa.eu/snb/eqf/6"
    assert mc.levels.isced_f == ["http://data.europa.eu/snb/isced-f/0613"]
    assert mc.levels.qf_ehea_cycle == "https://w3id.org/microcred#QfEheaFirstCycle"
    assert mc.levels.isced_level == "https://w3id.org/microcred#Isced2011Level6"
    assert mc.participation is not None
    assert mc.participation.modes == [
        "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
        "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
    ]
    assert mc.participation.learning_setting == "http://data.europa.eu/snb/learning-setting/e207a81fc7"


def test_credit_points_default_to_ects_and_serialise_as_numbers() -> None:
    mc = minimal_microcredential()
    assert mc.workload is not None
    assert mc.workload.credit_points[0].framework == "http://data.europa.eu/snb/education-credit/6fcec5c5af"
    doc = mc.to_dict()
    assert doc["workload"]["creditPoints"] == [{"points": 2}]
    half = copy.deepcopy(doc)
    half["workload"]["creditPoints"][0]["points"] = 2.5
    assert MicroCredential.from_dict(half).to_dict()["workload"]["creditPoints"] == [{"points": 2.5}]


def test_language_map_keys_are_lower_cased() -> None:
    doc = _base("minimal")
    doc["title"] = {"EN": "Intro", "De": "Einführung"}
    assert MicroCredential.from_dict(doc).title == {"en": "Intro", "de": "Einführung"}


# -- strict and lenient --------------------------------------------------------------------------------------
def test_lenient_loading_keeps_what_annex_i_requires_for_issuing() -> None:
    doc = _base("minimal")
    doc["qualityAssurance"] = []
    del doc["awardingBodies"][0]["eidasIdentifier"]
    with pytest.raises(ModelValidationError):
        MicroCredential.from_dict(doc)
    mc = MicroCredential.from_dict(doc, lenient=True)
    assert [p for p, _ in mc.missing_mandatory()] == ["qualityAssurance", "awardingBodies[0].eidasIdentifier"]


def test_issuer_is_the_first_awarding_body_unless_given() -> None:
    mc = minimal_microcredential()
    assert mc.issuer is None
    assert mc.issuing_organisation is mc.awarding_bodies[0]
    full = example_microcredential()
    assert full.issuer is not None and full.issuing_organisation is full.issuer


def test_json_schema_marks_annex_i_elements_required() -> None:
    schema = model_json_schema()
    assert set(schema["required"]) == {
        "title",
        "learner",
        "awardingBodies",
        "issued",
        "learningOutcomes",
        "workload",
        "assessment",
        "participation",
        "qualityAssurance",
    }
    assert schema["$defs"]["Learner"]["required"] == ["fullName"]
    assert schema["properties"]["qualityAssurance"]["minItems"] == 1


def test_committed_json_schema_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "model-schema.json").read_text(encoding="utf-8"))
    assert committed == model_json_schema(), "regenerate docs/model-schema.json (see microcred.model.schema)"


# -- bad input (data-driven) ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_bad_input_names_the_field(case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    doc = _base(spec["base"])
    for path, value in spec["set"].items():
        _apply(doc, path, value)
    for path in spec["unset"]:
        _apply(doc, path, remove=True)
    expect = spec["expect"]
    with pytest.raises(ModelValidationError) as info:
        MicroCredential.from_dict(doc, source="input.json")
    err = info.value
    assert err.code == expect["code"]
    assert isinstance(err, VocabularyError) == (expect["code"] == "VOCABULARY_VALUE_UNKNOWN")
    paths = [e["path"] for e in err.details["errors"]]
    assert paths == expect["paths"]
    text = str(err)
    assert text.startswith("input.json: invalid micro-credential: ")
    assert expect["paths"][0] in text
    for fragment in expect["contains"]:
        assert fragment in json.dumps(err.details["errors"], ensure_ascii=False), fragment
    assert err.path == expect["paths"][0]


def test_not_an_object() -> None:
    with pytest.raises(ModelValidationError) as info:
        MicroCredential.from_dict(["not", "a", "credential"])
    assert info.value.details["errors"][0]["path"] == ""
    with pytest.raises(Exception, match="JSON object"):
        MicroCredential.from_json("[1, 2]")
