"""The bundled controlled vocabularies: well-formed, EU concept URIs, lookups, errors, microcred.ttl."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from microcred._resources import data_dir
from microcred.errors import VocabularyError
from microcred.model.vocabulary import VOCABULARY_NAMES, find_concept, vocabulary

SCHEME_PREFIXES = {
    "country": "http://publications.europa.eu/resource/authority/country/",
    "language": "http://publications.europa.eu/resource/authority/language/",
    "file-type": "http://publications.europa.eu/resource/authority/file-type/",
    "eqf": "http://data.europa.eu/snb/eqf/",
    "isced-f": "http://data.europa.eu/snb/isced-f/",
    "learning-mode": "http://data.europa.eu/snb/learning-assessment/",
    "assessment-type": "http://data.europa.eu/snb/assessment/",
    "credit-framework": "http://data.europa.eu/snb/education-credit/",
    "accreditation-type": "http://data.europa.eu/snb/accreditation/",
    "supervision": "http://data.europa.eu/snb/supervision-verification/",
    "learning-setting": "http://data.europa.eu/snb/learning-setting/",
    "qf-ehea-cycle": "https://w3id.org/microcred#",
    "isced-2011-level": "https://w3id.org/microcred#",
    "stackability": "https://w3id.org/microcred#",
}


def test_every_vocabulary_file_is_listed() -> None:
    files = sorted(p.stem for p in (data_dir("vocab") / "cv").glob("*.json"))
    assert files == sorted(VOCABULARY_NAMES)


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_vocabulary_is_well_formed(name: str) -> None:
    vocab = vocabulary(name)
    uris = [c.uri for c in vocab.concepts]
    assert len(uris) == len(set(uris)) > 0
    assert vocab.scheme.startswith(("http://", "https://"))
    prefix = SCHEME_PREFIXES.get(name, vocab.scheme.rsplit("/", 2)[0] + "/")
    assert all(u.startswith(prefix) for u in uris), prefix
    for concept in vocab.concepts:
        assert vocab.lookup(concept.uri) is concept
        assert vocab.lookup(concept.code) is concept
        for alias in concept.aliases:
            assert vocab.lookup(alias) is concept


@pytest.mark.parametrize(
    ("name", "value", "uri"),
    [
        ("country", "IE", "http://publications.europa.eu/resource/authority/country/IRL"),
        ("country", "irl", "http://publications.europa.eu/resource/authority/country/IRL"),
        ("country", "Ireland", "http://publications.europa.eu/resource/authority/country/IRL"),
        ("language", "en", "http://publications.europa.eu/resource/authority/language/ENG"),
        ("eqf", 6, "http://data.europa.eu/snb/eqf/6"),
        ("eqf", "8", "http://data.europa.eu/snb/eqf/8"),
        ("isced-f", "0613", "http://data.europa.eu/snb/isced-f/0613"),
        ("learning-mode", "online", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe"),
        ("learning-mode", "onsite", "http://data.europa.eu/snb/learning-assessment/9191af2ed9"),
        ("learning-setting", "non-formal", "http://data.europa.eu/snb/learning-setting/e207a81fc7"),
        ("credit-framework", "ECTS", "http://data.europa.eu/snb/education-credit/6fcec5c5af"),
        ("assessment-type", "Written examination", "http://data.europa.eu/snb/assessment/6e6cb2cc78"),
        (
            "accreditation-type",
            "programme-quality-assurance",
            "http://data.europa.eu/snb/accreditation/820101cba6",
        ),
        ("qf-ehea-cycle", "short-cycle", "https://w3id.org/microcred#QfEheaShortCycle"),
        ("stackability", "stand-alone", "https://w3id.org/microcred#StandAlone"),
    ],
)
def test_normalize(name: str, value: object, uri: str) -> None:
    assert vocabulary(name).normalize(value) == uri


@pytest.mark.parametrize("value", ["XX", "", None, True, 3.5, ["IE"]])
def test_unknown_value_lists_allowed_values(value: object) -> None:
    with pytest.raises(VocabularyError) as info:
        vocabulary("country").normalize(value)
    message = str(info.value)
    assert "country vocabulary" in message
    assert "one of 249 values such as" in message
    assert info.value.details["vocabulary"] == "country"


def test_small_vocabulary_lists_every_value() -> None:
    with pytest.raises(VocabularyError) as info:
        vocabulary("learning-setting").normalize("informal")
    assert "formal-learning (6fd4685715), non-formal-learning (e207a81fc7)" in str(info.value)


def test_find_concept_across_vocabularies() -> None:
    found = find_concept("http://data.europa.eu/snb/eqf/4")
    assert found is not None and found[0].name == "eqf" and found[1].label_en == "Level 4"
    assert find_concept("http://example.org/not-a-concept") is None


def test_unknown_vocabulary_name() -> None:
    with pytest.raises(KeyError):
        vocabulary("colours")


@pytest.mark.parametrize("name", ["qf-ehea-cycle", "isced-2011-level", "stackability"])
def test_microcred_ttl_defines_its_vocabularies(name: str) -> None:
    graph = rdflib.Graph().parse(data_dir("vocab") / "microcred.ttl", format="turtle")
    vocab = vocabulary(name)
    scheme = rdflib.URIRef(vocab.scheme)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    in_ttl = {str(s) for s in graph.subjects(SKOS.inScheme, scheme)}
    assert in_ttl == {c.uri for c in vocab.concepts}
    for concept in vocab.concepts:
        label = graph.value(rdflib.URIRef(concept.uri), SKOS.prefLabel)
        assert str(label) == concept.label_en
        assert str(graph.value(rdflib.URIRef(concept.uri), SKOS.notation)) == concept.code


def test_microcred_ttl_properties_have_labels_and_comments() -> None:
    graph = rdflib.Graph().parse(data_dir("vocab") / "microcred.ttl", format="turtle")
    mc = "https://w3id.org/microcred#"
    ctx = json.loads((data_dir("contexts") / "microcred-v1.jsonld").read_text(encoding="utf-8"))["@context"]
    terms = {k: v["@id"] for k, v in ctx.items() if not k.startswith("@")}
    assert terms == {
        "stackability": mc + "stackability",
        "creditRecognisedTowards": mc + "creditRecognisedTowards",
    }
    for iri in terms.values():
        node = rdflib.URIRef(iri)
        assert (node, RDF.type, rdflib.OWL.ObjectProperty) in graph
        assert graph.value(node, rdflib.RDFS.label) is not None
        assert graph.value(node, rdflib.RDFS.comment) is not None
