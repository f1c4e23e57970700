"""Catalogue entries (ELM LOQ) and catalogues (DCAT), checked with the official LOQ SHACL constraints."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from microcred import example_microcredential
from microcred.cli.main import main
from microcred.elm import to_elm
from microcred.errors import MappingWarning, UsageError
from microcred.model import MicroCredential
from microcred.shacl.validator import validate
from microcred.shapes.catalogue import catalogue, find_entry
from microcred.shapes.loq import to_loq

ROOT = Path(__file__).resolve().parents[2]
OTHER = "https://www.uniz.example.org/micro-credentials/open-data"


def quiet_loq(mc: MicroCredential) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        return to_loq(mc)


def other() -> MicroCredential:
    return example_microcredential().model_copy(
        update={"qualification_id": OTHER, "title": {"en": "Open data"}}
    )


@pytest.fixture(scope="module")
def entry() -> dict[str, Any]:
    return quiet_loq(example_microcredential())


def test_entry_conforms_to_the_loq_constraints(entry: dict[str, Any]) -> None:
    report = validate(entry, profile="loq")
    assert report.conforms, [(v.path, v.message) for v in report.violations]


def test_entry_carries_the_offering(entry: dict[str, Any]) -> None:
    mc = example_microcredential()
    assert entry["type"] == "LearningOpportunity"
    assert entry["providedBy"]["id"] == "https://academy.example.eu"  # the provider, not the awarding body
    spec = entry["learningAchievementSpecification"]
    assert spec["type"] == "Qualification" and spec["id"] == mc.qualification_id
    for term in ("learningOutcome", "creditPoint", "eqfLevel", "nqfLevel", "provenBy", "entryRequirement"):
        assert term in spec, term
    assert spec["awardingOpportunity"][0]["awardingBody"][0]["id"] == "https://www.uniz.example.org"
    assert "learningSetting" in spec and "mode" in entry


def test_entry_says_what_it_leaves_out() -> None:
    with pytest.warns(MappingWarning) as caught:
        to_loq(example_microcredential())
    said = " ".join(str(w.message) for w in caught)
    assert "stackability" in said and "creditRecognisedTowards" in said and "isPartOf" in said


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda e: e.pop("providedBy"), "elm:providedBy"),
        (lambda e: e.pop("title"), "dc:title"),
        (lambda e: e["learningAchievementSpecification"].pop("learningOutcome"), "elm:learningOutcome"),
        (lambda e: e.pop("defaultLanguage"), "elm:defaultLanguage"),
        (lambda e: e["homepage"][0].update(contentURL="ftp://example.org/x"), "foaf:homepage"),
    ],
    ids=["no-provider", "no-title", "no-outcomes", "no-language", "bad-homepage"],
)
def test_broken_entries_are_violations(entry: dict[str, Any], change: Any, path: str) -> None:
    broken = copy.deepcopy(entry)
    change(broken)
    report = validate(broken, profile="loq")
    assert not report.conforms
    assert path in {v.path for v in report.violations}


def test_an_entry_needs_a_homepage() -> None:
    mc = MicroCredential.from_json((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    with pytest.raises(UsageError, match="homepage"):
        to_loq(mc)


def test_catalogue_of_two_conforms_and_links_credentials_to_entries() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        doc = catalogue(
            [example_microcredential(), other(), example_microcredential()],
            catalogue_id="https://www.uniz.example.org/catalogue",
            title={"en": "UniZ micro-credentials"},
        )
    dataset, *entries = doc["@graph"]
    assert dataset["type"] == "Dataset" and len(entries) == 2 == len(dataset["entries"])
    report = validate(doc, profile="loq")
    assert report.conforms, [(v.path, v.message) for v in report.violations]
    found = find_entry(doc, to_elm(other()))
    assert found is not None and found["title"] == {"en": "Open data"}
    unknown = example_microcredential().model_copy(update={"qualification_id": "https://elsewhere.example/q"})
    assert find_entry(doc, to_elm(unknown)) is None


def test_catalogue_needs_entries() -> None:
    with pytest.raises(UsageError):
        catalogue([], catalogue_id="urn:x:c", title={"en": "Empty"})


def test_cli_convert_to_loq_and_catalogue(tmp_path: Path) -> None:
    model = ROOT / "examples" / "microcredential.json"
    second = tmp_path / "second.json"
    data = json.loads(model.read_text(encoding="utf-8"))
    second.write_text(
        json.dumps({**data, "qualificationId": OTHER, "title": {"en": "Open data"}}), encoding="utf-8"
    )
    out = tmp_path / "entry.jsonld"
    assert main(["convert", str(model), "--to", "loq", "-o", str(out)]) == 0
    assert validate(json.loads(out.read_text(encoding="utf-8")), profile="loq").conforms
    cat = tmp_path / "catalogue.jsonld"
    assert (
        main(["catalogue", str(model), str(second), "--id", "https://uniz.example.org/c", "-o", str(cat)])
        == 0
    )
    doc = json.loads(cat.read_text(encoding="utf-8"))
    assert len(doc["@graph"]) == 3 and validate(doc, profile="loq").conforms


def test_loq_url_patterns_are_adapted_for_python_re() -> None:
    """The LOQ file's ``^(?i)`` pattern becomes sh:flags "i": an upper-case scheme is a URL too."""
    entry = quiet_loq(example_microcredential())
    entry["homepage"][0]["contentURL"] = "HTTPS://www.uniz.example.org/x"
    assert validate(entry, profile="loq").conforms
