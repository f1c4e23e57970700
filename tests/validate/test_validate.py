"""SHACL validation: every generated credential conforms; the official samples give the expected violations.

pyshacl is slow, so credentials and reports are built once per module and the number of runs is kept small.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from pyshacl import validate as pyshacl_validate

from microcred._resources import data_dir
from microcred.cli.main import main
from microcred.elm import to_elm
from microcred.errors import JsonLdError, ShapeValidationError, UnknownDocumentError
from microcred.jsonld import DocumentLoader
from microcred.jsonld.contexts import CREDENTIALS_V2, EDC_AP
from microcred.model import example_microcredential, minimal_microcredential
from microcred.shacl import PROFILES, ValidationReport, shapes_graph, validate

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "elm"
SAMPLES = sorted((DATA / "official").iterdir())
DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


@pytest.fixture(scope="module")
def generated() -> dict[str, dict[str, Any]]:
    full, minimal = example_microcredential(), minimal_microcredential()
    return {
        "full-v1": to_elm(full),
        "full-v2-did": to_elm(full, data_model="v2", issuer_id=DID),
        "minimal-v1-did": to_elm(minimal, issuer_id=DID),
        "minimal-v2": to_elm(minimal, data_model="v2"),
    }


@pytest.fixture(scope="module")
def reports(generated: dict[str, dict[str, Any]]) -> dict[str, ValidationReport]:
    return {name: validate(doc, profile="all") for name, doc in generated.items()}


@pytest.mark.parametrize("name", ["full-v1", "full-v2-did", "minimal-v1-did", "minimal-v2"])
def test_generated_credentials_conform_to_edc_and_annex_i(
    reports: dict[str, ValidationReport], name: str
) -> None:
    report = reports[name]
    assert report.profile == "all"
    assert report.violations == [], report.summary()
    assert report.conforms


def test_cli_output_conforms_in_an_independent_pyshacl_run(tmp_path: Path, loader: DocumentLoader) -> None:
    """``microcred convert examples/microcredential.json --to elm``, checked by pyshacl directly."""
    out = tmp_path / "credential.jsonld"
    assert (
        main(["convert", str(ROOT / "examples" / "microcredential.json"), "--to", "elm", "-o", str(out)]) == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"documentLoader": loader, "format": "application/n-quads"})
    data = rdflib.Graph().parse(data=nquads, format="nt")
    shapes = rdflib.Graph().parse(data_dir("vocab") / "shapes" / "EDC-generic-no-cv.ttl", format="turtle")
    conforms, _, text = pyshacl_validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text
    assert len(data) > 300


@pytest.mark.parametrize("profile", ["edc", "microcredential"])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_official_samples(sample: Path, profile: str) -> None:
    expected = json.loads((DATA / "expected" / f"{sample.name}.json").read_text(encoding="utf-8"))
    report = validate(json.loads(sample.read_text(encoding="utf-8")), profile=profile)
    shapes = sorted({v.shape for v in report.violations})
    assert shapes == expected["violations"][profile], report.summary()
    assert report.conforms == (not shapes)


def test_violations_are_readable(generated: dict[str, dict[str, Any]]) -> None:
    doc = copy.deepcopy(generated["minimal-v1-did"])
    del doc["issuer"]["eIDASIdentifier"]
    spec = doc["credentialSubject"]["hasClaim"][0]["specifiedBy"]
    del spec["learningOutcome"]
    spec["volumeOfLearning"] = ["PT1H", "PT2H"]
    doc["issued"] = "yesterday"
    doc["credentialSubject"]["favouriteColour"] = "blue"
    report = validate(doc, profile="all")
    assert not report.conforms
    found = {(v.shape, v.term, v.message) for v in report.violations}
    dropped = [v for v in report.violations if v.shape == "jsonld:DroppedData"]
    assert [(v.path, v.term) for v in dropped] == [("$.credentialSubject.favouriteColour", "favouriteColour")]
    assert "'favouriteColour' is not defined by the @context" in dropped[0].message
    assert (
        "edc:EuropeanDigitalCredential-cred_issuer",
        "issuer",
        "Value does not conform to Shape edc:IssuerNodeShape: eIDASIdentifier is required",
    ) in found
    assert (
        "edc:EuropeanDigitalCredential-cred_issued",
        "issued",
        "'yesterday' should have datatype xsd:dateTime",
    ) in found
    assert (
        "edc:Qualification-elm_volumeOfLearning",
        "volumeOfLearning",
        "volumeOfLearning may have at most 1 value",
    ) in found
    assert (
        "mcsh:learningOutcome",
        "credentialSubject.hasClaim.specifiedBy.learningOutcome",
        "Annex I (f): no learning outcome (hasClaim.specifiedBy.learningOutcome)",
    ) in found
    as_dict = report.to_dict()
    assert as_dict["conforms"] is False and as_dict["profile"] == "all"
    assert {"path", "term", "focusNode", "message", "severity", "shape"} <= set(as_dict["violations"][0])
    assert json.loads(report.to_json()) == as_dict
    assert report.summary().startswith("DOES NOT CONFORM to profile all")
    issuer = next(v for v in report.violations if v.shape == "edc:EuropeanDigitalCredential-cred_issuer")
    assert issuer.focus_node == doc["id"] and issuer.value == DID and issuer.severity == "Violation"
    assert issuer.path == "cred:issuer"
    assert str(issuer).startswith("[Violation] issuer on ")


def test_accepts_a_model_and_envelopes() -> None:
    mc = minimal_microcredential()
    assert validate(mc, profile="microcredential").conforms
    doc = to_elm(mc)
    wrapped = {"payload": json.dumps(doc), "signatures": [{"protected": "e30", "signature": "AA"}]}
    assert validate(wrapped, profile="microcredential").conforms


def test_unknown_profile() -> None:
    with pytest.raises(ShapeValidationError, match="unknown validation profile 'strict'"):
        validate(to_elm(minimal_microcredential()), profile="strict")
    with pytest.raises(ShapeValidationError):
        shapes_graph("strict")


def test_documents_that_cannot_be_processed(generated: dict[str, dict[str, Any]]) -> None:
    doc = copy.deepcopy(generated["minimal-v2"])
    doc["@context"] = [CREDENTIALS_V2, EDC_AP]  # what the EBSI sample does: VC 2.0 protects "description"
    with pytest.raises(JsonLdError, match="protected term"):
        validate(doc, profile="microcredential")
    doc["@context"] = ["https://example.org/unknown-context"]
    with pytest.raises(UnknownDocumentError, match="unknown-context"):
        validate(doc, profile="microcredential")


def test_shapes_are_parsed_once_and_every_profile_loads() -> None:
    assert shapes_graph("edc") is shapes_graph("edc")
    sizes = {name: len(shapes_graph(name)) for name in PROFILES}
    assert sizes["edc-full"] > sizes["edc"] > sizes["microcredential"] > 0
    assert sizes["all"] == len(shapes_graph("edc-full") + shapes_graph("microcredential"))


def test_top_level_name_is_the_function() -> None:
    import microcred
    import microcred.shacl

    assert microcred.validate is validate and callable(microcred.validate)
    assert microcred.shacl.validate is validate and microcred.ValidationReport is ValidationReport
