"""``from_elm``: the official EC samples load and survive model -> ELM -> model; envelopes; bad documents."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.elm import from_elm, to_elm, unwrap_credential
from microcred.errors import JsonParseError, MappingError, MappingWarning, ModelValidationError
from microcred.jsonld import canonicalize
from microcred.model import MicroCredential, minimal_microcredential

DATA = Path(__file__).resolve().parents[1] / "data" / "elm"
SAMPLES = sorted((DATA / "official").iterdir())


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def models() -> dict[str, MicroCredential]:
    return {p.name: from_elm(_load(p)) for p in SAMPLES}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_official_sample_loads(sample: Path, models: dict[str, MicroCredential]) -> None:
    mc = models[sample.name]
    expected = _load(DATA / "expected" / f"{sample.name}.json")
    assert mc.title == expected["title"]
    assert mc.learner.full_name == expected["learnerFullName"]
    assert [b.legal_name for b in mc.awarding_bodies] == expected["awardingBodies"]
    assert mc.to_dict()["issued"] == expected["issued"]
    assert mc.levels.eqf == expected["eqf"]
    points = [float(cp.points) for cp in (mc.workload.credit_points if mc.workload else [])]
    assert points == expected["creditPoints"]
    assert (mc.assessment.type if mc.assessment else None) == expected["assessmentType"]
    assert len(mc.learning_outcomes) == expected["learningOutcomes"]
    assert [p for p, _ in mc.missing_mandatory()] == expected["missingMandatory"]


@pytest.mark.parametrize("data_model", ["v1", "v2"])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_official_sample_round_trip(
    sample: Path, data_model: str, models: dict[str, MicroCredential]
) -> None:
    """sample -> model -> ELM -> model loses no modelled element."""
    mc = models[sample.name]
    assert from_elm(to_elm(mc, data_model=data_model)) == mc  # type: ignore[arg-type]


def test_sample_details(models: dict[str, MicroCredential]) -> None:
    mc = models["Sample-MC-Annex1-unsigned.jsonld"]
    # a local assessment-type concept labelled 'artefact assessment' maps to the EU concept by its label
    assert mc.assessment is not None and mc.assessment.type.endswith("/assessment/de4d165a6c")
    assert mc.assessment.supervision is not None and mc.assessment.supervision.endswith("/c598449d64")
    assert mc.assessment.grade == {"en": "Pass"}
    assert mc.learner.national_id is not None and mc.learner.national_id.notation == "LA-234218"
    assert mc.provider is not None and mc.provider.legal_name["en"].startswith("European Digital Credentials")
    assert mc.issuer is None  # the issuer is the awarding body
    assert mc.levels.nqf[0].uri == "http://data.europa.eu/snb/qdr/c_c392e7a2"
    assert mc.stackability is not None and mc.stackability.partial_qualification is False
    assert mc.awarding_bodies[0].id is None  # urn:epass:org:1 is a document-local id
    signed = models["Sample-MC-Annex1-signed.jsonld"]
    assert signed.issuer is not None and signed.issuer.eidas_identifier is not None
    assert signed.issuer.eidas_identifier.notation == "VATES-A00000000"
    assert [loc.country[-3:] for loc in signed.issuer.locations] == ["IRL", "ESP"]
    aa = models["AA-Annex1-MC-unsigned.json"]
    assert aa.learner.citizenship == ["http://publications.europa.eu/resource/authority/country/ITA"]
    assert aa.learner.identifiers[0].scheme_name == "Student Card ID"


# -- envelopes -----------------------------------------------------------------------------------------------
def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def test_envelopes() -> None:
    doc = to_elm(minimal_microcredential())
    raw = json.dumps(doc).encode()
    header = _b64url(b'{"alg":"ES256"}')
    envelopes = {
        "plain": doc,
        "jades-json": {"payload": json.dumps(doc), "signatures": [{"protected": header, "signature": "AA"}]},
        "jws-flattened-b64": {"payload": _b64url(raw), "protected": header, "signature": "AA"},
        "compact-jws": f"{header}.{_b64url(raw)}.AA",
        "vc-jwt": f"{header}.{_b64url(json.dumps({'iss': 'did:x', 'vc': doc}).encode())}.AA",
        "data-integrity": {**doc, "proof": {"type": "DataIntegrityProof", "proofValue": "z"}},
        "upload-wrapper": {
            "credential": {k: v for k, v in doc.items() if k != "@context"},
            "deliveryDetails": {},
        },
    }
    for name, envelope in envelopes.items():
        found = unwrap_credential(envelope)
        assert "proof" not in found, name
        assert found["credentialSubject"] == doc["credentialSubject"], name
        assert from_elm(envelope) == from_elm(doc), name


@pytest.mark.parametrize(
    ("document", "error", "fragment"),
    [
        (["a list"], MappingError, "expected a JSON object"),
        ("only.two", MappingError, "compact JWS"),
        ("a.!!!.c", JsonParseError, "base64url"),
        ({"payload": "{not json", "signatures": []}, JsonParseError, "payload is not valid JSON"),
        ({"hello": "world"}, MappingError, "credentialSubject"),
    ],
)
def test_unwrap_errors(document: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        unwrap_credential(document)


# -- documents that do not map -------------------------------------------------------------------------------
@pytest.fixture
def doc() -> dict[str, Any]:
    return copy.deepcopy(to_elm(minimal_microcredential()))


def test_wrong_type(doc: dict[str, Any]) -> None:
    doc["type"] = ["Thing"]
    with pytest.raises(MappingError) as info:
        from_elm(doc)
    assert info.value.path == "type"


def test_no_learning_achievement(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["hasClaim"][0]["type"] = "LearningActivity"
    with pytest.raises(MappingError, match="no LearningAchievement") as info:
        from_elm(doc)
    assert info.value.path == "credentialSubject.hasClaim"


def test_unknown_assessment_type_is_kept_with_a_warning(doc: dict[str, Any]) -> None:
    spec = doc["credentialSubject"]["hasClaim"][0]["specifiedBy"]["provenBy"][0]
    spec["dcType"] = {"id": "urn:example:telepathy", "type": "Concept", "prefLabel": {"en": "telepathy"}}
    with pytest.warns(MappingWarning, match="assessment-type vocabulary") as caught:
        mc = from_elm(doc)
    assert "assessment.type" in str(caught[0].message)
    assert mc.assessment is not None and mc.assessment.type == "urn:example:telepathy"
    # strict checks stay with issuing / validation
    assert "assessment.type" in [p for p, _ in mc.missing_mandatory()]
    # kept with its label: the credential comes back as read
    assert canonicalize(to_elm(mc), safe=False) == canonicalize(doc, safe=False)


def test_value_outside_a_vocabulary_is_reported_with_the_model_path(doc: dict[str, Any]) -> None:
    body = doc["credentialSubject"]["hasClaim"][0]["awardedBy"]["awardingBody"][0]
    body["location"][0]["address"]["countryCode"]["id"] = (
        "http://publications.europa.eu/resource/authority/country/ZZZ"
    )
    with pytest.warns(MappingWarning, match="country vocabulary") as caught:
        mc = from_elm(doc)
    assert str(caught[0].message).startswith("awardingBodies[0].locations[0].country:")
    assert mc.awarding_bodies[0].locations[0].country.endswith("/ZZZ")
    strict = mc.missing_mandatory()
    assert "awardingBodies[0].locations[0].country" in [p for p, _ in strict]
    with pytest.raises(ModelValidationError, match="country vocabulary"):
        MicroCredential.from_dict(mc.facts())


def test_organisation_that_is_not_an_object(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["hasClaim"][0]["awardedBy"]["awardingBody"] = ["urn:example:org"]
    with pytest.raises(MappingError, match=r"awardingBody\[0\]: expected an Organisation object"):
        from_elm(doc)
