"""``to_elm``: the Europass EDC shape, both data models, the EDC quirks, and no dropped JSON-LD terms."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pyld import jsonld

from microcred.elm import EDC_AP_VCDM2, default_credential_id, to_elm
from microcred.elm.inline_context import edc_vcdm2_context, microcred_context
from microcred.errors import UsageError
from microcred.jsonld import DocumentLoader
from microcred.jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2, EDC_AP, MICROCRED_V1, bundled_document
from microcred.model import MicroCredential, example_microcredential, minimal_microcredential
from microcred.shacl.rdf import jsonld_problems, to_graph

DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
ELM = "http://data.europa.eu/snb/model/elm/"


@pytest.fixture(scope="module")
def full() -> MicroCredential:
    return example_microcredential()


@pytest.fixture(scope="module")
def docs(full: MicroCredential) -> dict[str, dict[str, Any]]:
    minimal = minimal_microcredential()
    return {
        "full-v1": to_elm(full),
        "full-v2": to_elm(full, data_model="v2"),
        "minimal-v1": to_elm(minimal),
        "minimal-v2-did": to_elm(minimal, data_model="v2", issuer_id=DID),
    }


def _claim(doc: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = doc["credentialSubject"]["hasClaim"][0]
    return claim


def _spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = _claim(doc)["specifiedBy"]
    return spec


# -- envelope ------------------------------------------------------------------------------------------------
def test_vc_1_1_envelope(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs["full-v1"]
    assert doc["@context"] == [CREDENTIALS_V1, EDC_AP, microcred_context()]
    assert doc["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert doc["id"] == "urn:uuid:6f1c2a52-4b8e-4f51-9c39-0d6a2f3b7e10"
    assert doc["credentialSchema"] == [
        {"id": "http://data.europa.eu/snb/model/ap/edc-generic-full", "type": "ShaclValidator2017"}
    ]
    assert doc["credentialProfiles"][0]["id"] == "http://data.europa.eu/snb/credential/e34929035b"
    assert doc["issuanceDate"] == doc["issued"] == "2025-06-30T10:00:00Z"
    assert doc["validFrom"] == "2025-07-01T00:00:00Z"
    assert doc["expirationDate"] == doc["validUntil"] == "2030-06-30T23:59:59Z"
    assert doc["credentialSubject"]["type"] == "Person"
    assert _claim(doc)["type"] == "LearningAchievement"
    assert _spec(doc)["type"] == "Qualification"


def test_vc_2_0_envelope(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs["full-v2"]
    assert doc["@context"] == [CREDENTIALS_V2, edc_vcdm2_context(doc), microcred_context()]
    assert doc["type"] == ["VerifiableCredential", "VerifiableAttestation", "EuropeanDigitalCredential"]
    assert "issuanceDate" not in doc and "expirationDate" not in doc
    assert doc["issued"] == "2025-06-30T10:00:00Z"
    assert doc["validFrom"] == "2025-07-01T00:00:00Z"
    assert doc["validUntil"] == "2030-06-30T23:59:59Z"


def test_microcred_context_only_when_its_terms_are_used(docs: dict[str, dict[str, Any]]) -> None:
    assert docs["minimal-v1"]["@context"] == [CREDENTIALS_V1, EDC_AP]
    minimal = docs["minimal-v2-did"]
    assert minimal["@context"] == [CREDENTIALS_V2, edc_vcdm2_context(minimal)]
    assert "stackability" in _spec(docs["full-v1"])


def test_issuer_id_override_and_awarding_body_as_issuer(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs["minimal-v2-did"]
    assert doc["issuer"]["id"] == DID
    assert doc["issuer"]["eIDASIdentifier"]["notation"] == "IE-VAT-6543210A"
    body = _claim(doc)["awardedBy"]["awardingBody"][0]
    assert body["id"].startswith("urn:epass:org:")
    assert {k: v for k, v in body.items() if k != "id"} == {
        k: v for k, v in doc["issuer"].items() if k != "id"
    }
    assert docs["minimal-v1"]["issuer"] == to_elm(minimal_microcredential())["issuer"]


def test_separate_issuer(docs: dict[str, dict[str, Any]], full: MicroCredential) -> None:
    doc = docs["full-v1"]
    assert full.issuer is not None
    assert doc["issuer"]["id"] == full.issuer.id
    assert doc["issuer"]["legalName"] == full.issuer.legal_name
    assert [b["id"] for b in _claim(doc)["awardedBy"]["awardingBody"]] == [b.id for b in full.awarding_bodies]


def test_default_credential_id_is_deterministic() -> None:
    minimal = minimal_microcredential()
    first = to_elm(minimal)["id"]
    assert first == to_elm(minimal)["id"] == default_credential_id(minimal)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", first)
    other = minimal.model_copy(update={"title": {"en": "Another title"}})
    assert default_credential_id(other) != first
    assert to_elm(minimal, credential_id="urn:example:1")["id"] == "urn:example:1"


def test_same_model_same_document(full: MicroCredential, docs: dict[str, dict[str, Any]]) -> None:
    assert to_elm(full) == docs["full-v1"]


def test_unknown_data_model() -> None:
    with pytest.raises(UsageError):
        to_elm(minimal_microcredential(), data_model="v3")  # type: ignore[arg-type]


# -- the mapping, element by element -------------------------------------------------------------------------
def test_learner(docs: dict[str, dict[str, Any]]) -> None:
    person = docs["full-v1"]["credentialSubject"]
    assert person["id"] == "did:example:ana-andromeda"
    assert person["fullName"] == {"en": "Ana Andromeda"}
    assert person["dateOfBirth"] == "1999-10-02T00:00:00Z"
    assert person["elm:nationalId"]["notation"] == "IT-12345678"
    assert person["elm:nationalId"]["spatial"]["id"].endswith("/country/ITA")
    assert "nationalID" not in person
    assert docs["full-v2"]["credentialSubject"]["nationalID"]["notation"] == "IT-12345678"
    assert person["contactPoint"][0]["emailAddress"]["id"] == "mailto:ana.andromeda@example.org"
    assert (
        person["citizenshipCountry"][0]["inScheme"]["id"]
        == "http://publications.europa.eu/resource/authority/country"
    )


def test_claim_and_specification(docs: dict[str, dict[str, Any]]) -> None:
    claim = _claim(docs["full-v1"])
    spec = claim["specifiedBy"]
    assert claim["awardedBy"]["awardingDate"] == "2025-06-27T00:00:00Z"
    assert claim["influencedBy"][0]["directedBy"][0]["id"] == "https://academy.example.eu"
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert spec["nqfLevel"][0]["notation"] == "IE NQF"
    assert spec["nqfLevel"][0]["inScheme"]["id"] == "http://data.europa.eu/snb/qdr/25831c2"
    assert [c["id"] for c in spec["educationLevel"]] == [
        "https://w3id.org/microcred#QfEheaFirstCycle",
        "https://w3id.org/microcred#Isced2011Level6",
        "https://frameworks.example.org/e-cf-4.0/levels/e-3",
    ]
    assert spec["educationLevel"][2]["inScheme"]["id"] == "https://frameworks.example.org/e-cf-4.0"
    assert [c["id"] for c in spec["thematicArea"]] == [
        "http://data.europa.eu/snb/isced-f/0542",
        "http://data.europa.eu/snb/isced-f/0413",
    ]
    assert spec["creditPoint"][0]["point"] == "5"
    assert spec["creditPoint"][0]["framework"]["prefLabel"] == {"en": "European Credit Transfer System"}
    assert spec["volumeOfLearning"] == "PT125H"
    assert spec["learningOutcome"][0]["relatedESCOSkill"][0]["inScheme"]["id"] == (
        "http://data.europa.eu/esco/concept-scheme/skills"
    )
    assert spec["mode"][0]["id"] == "http://data.europa.eu/snb/learning-assessment/e92d221e4d"
    assert spec["learningSetting"]["id"] == "http://data.europa.eu/snb/learning-setting/6fd4685715"
    assert spec["accreditation"][0]["dcType"]["id"] == "http://data.europa.eu/snb/accreditation/820101cba6"
    assert spec["accreditation"][0]["accreditingAgent"]["id"] == "https://qa.example.ie"
    assert spec["isPartOf"][0]["type"] == "Qualification"
    assert spec["isPartialQualification"] is True
    assert spec["stackability"]["id"] == "https://w3id.org/microcred#Integrated"
    assert spec["creditRecognisedTowards"][0]["title"] == {"de": "MA Verwaltungsinformatik"}
    assert spec["dcType"][0]["id"] == "http://data.europa.eu/snb/learning-opportunity/74a4a268e8"


def test_assessment(docs: dict[str, dict[str, Any]]) -> None:
    claim = _claim(docs["full-v1"])
    result = claim["provenBy"][0]
    assert result["grade"]["noteLiteral"] == {"en": "B+ (very good)"}
    assert result["dateIssued"] == "2025-06-20T09:00:00Z"
    assert result["idVerification"]["id"].endswith("/c598449d64")
    assert result["specifiedBy"] == claim["specifiedBy"]["provenBy"][0]
    assert result["specifiedBy"]["dcType"]["id"] == "http://data.europa.eu/snb/assessment/6e6cb2cc78"
    minimal = _claim(docs["minimal-v1"])
    assert "provenBy" not in minimal  # no grade: only the assessment specification
    assert minimal["specifiedBy"]["provenBy"][0]["title"] == {"en": "marked assignment"}


def test_display_parameter_has_a_rendering(docs: dict[str, dict[str, Any]]) -> None:
    display = docs["full-v1"]["displayParameter"]
    assert [c["id"].rsplit("/", 1)[1] for c in display["language"]] == ["ENG", "DEU"]
    image = display["individualDisplay"][0]["displayDetail"][0]["image"]
    assert image["contentType"]["id"].endswith("/file-type/SVG")
    import base64

    svg = base64.b64decode(image["content"]).decode("utf-8")
    assert (
        svg.startswith("<svg") and "Data Literacy for Public Administration" in svg and "Ana Andromeda" in svg
    )


def test_repeated_nodes_are_identical(docs: dict[str, dict[str, Any]]) -> None:
    seen: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "id" in node and len(node) > 2:
                text = json.dumps(node, sort_keys=True)
                assert seen.setdefault(node["id"], text) == text, node["id"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for doc in docs.values():
        seen.clear()
        walk({k: v for k, v in doc.items() if k != "issuer"})


# -- JSON-LD: every term expands, the EDC quirks are handled -------------------------------------------------
@pytest.mark.parametrize("name", ["full-v1", "full-v2", "minimal-v1", "minimal-v2-did"])
def test_no_term_is_dropped(docs: dict[str, dict[str, Any]], name: str, loader: DocumentLoader) -> None:
    assert jsonld_problems(docs[name], loader) == []


@pytest.mark.parametrize("name", ["full-v1", "full-v2"])
def test_rdf_uses_the_ontology_properties(
    docs: dict[str, dict[str, Any]], name: str, loader: DocumentLoader
) -> None:
    predicates = {str(p) for p in to_graph(docs[name], loader).predicates()}
    assert ELM + "nationalId" in predicates and ELM + "nationalID" not in predicates
    assert "http://purl.org/dc/terms/description" in predicates
    assert "https://schema.org/description" not in predicates
    assert "https://w3id.org/microcred#stackability" in predicates
    assert "https://w3id.org/microcred#creditRecognisedTowards" in predicates
    assert "https://www.w3.org/2018/credentials#issued" in predicates
    assert ELM + "EQFLevel" in predicates and ELM + "ISCEDFCode" in predicates


def test_vc2_with_the_official_edc_context_cannot_be_processed(loader: DocumentLoader) -> None:
    """Why data_model='v2' uses microcred's variant of the EDC context: VC 2.0 protects ``description``."""
    doc = {
        "@context": [CREDENTIALS_V2, EDC_AP],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": "urn:example:s"},
    }
    with pytest.raises(jsonld.JsonLdError) as info:
        jsonld.expand(doc, {"documentLoader": loader})
    assert "protected term" in repr(info.value.__dict__) or "protected term" in str(info.value.cause)


def test_vcdm2_context_variant_matches_the_edc_context() -> None:
    edc = bundled_document(EDC_AP)["@context"]
    variant = bundled_document(EDC_AP_VCDM2)["@context"]
    assert set(edc) - set(variant) == {"description"}
    assert set(variant) - set(edc) == {"@version", "issued", "issuanceDate", "VerifiableAttestation"}
    for term, definition in edc.items():
        if term == "description":
            continue
        iri = definition["@id"] if isinstance(definition, dict) else definition
        mine = variant[term]["@id"] if isinstance(variant[term], dict) else variant[term]
        assert mine == ("elm:nationalId" if term == "nationalID" else iri), term
    microcred = bundled_document(MICROCRED_V1)["@context"]
    v1 = bundled_document(CREDENTIALS_V1)["@context"]
    v2 = bundled_document(CREDENTIALS_V2)["@context"]
    clashes = set(microcred) & (set(edc) | set(v1) | set(v2) | set(v1["VerifiableCredential"]["@context"]))
    assert clashes <= {"@version", "@protected"}
    assert microcred["@protected"] is True
