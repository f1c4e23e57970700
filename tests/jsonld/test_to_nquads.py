"""to_nquads(): JSON-LD features credentials use, each against hand-written N-Quads (JSON-LD 1.1 API §8)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from microcred.jsonld import canonicalize, to_nquads

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CTX = {"@vocab": "https://example.org/v#", "xsd": XSD}


def nq(document: dict[str, Any]) -> list[str]:
    return to_nquads({"@context": CTX, **document}).splitlines()


def test_native_values_become_typed_literals() -> None:
    lines = nq({"@id": "urn:a", "i": 5, "f": 5.0, "d": 1.5, "big": 1e21, "t": True, "s": "x"})
    v = "https://example.org/v#"
    assert lines == sorted(
        [
            f'<urn:a> <{v}i> "5"^^<{XSD}integer> .',
            f'<urn:a> <{v}f> "5"^^<{XSD}integer> .',  # 5.0 has no fractional part
            f'<urn:a> <{v}d> "1.5E0"^^<{XSD}double> .',
            f'<urn:a> <{v}big> "1.0E21"^^<{XSD}double> .',
            f'<urn:a> <{v}t> "true"^^<{XSD}boolean> .',
            f'<urn:a> <{v}s> "x" .',
        ]
    )


def test_typed_and_language_tagged_values() -> None:
    lines = nq(
        {
            "@id": "urn:a",
            "date": {"@value": "2024-01-01", "@type": "xsd:date"},
            "name": {"@value": "Hallo", "@language": "DE-at"},
            "dbl": {"@value": "3", "@type": "xsd:double"},
        }
    )
    v = "https://example.org/v#"
    assert f'<urn:a> <{v}date> "2024-01-01"^^<{XSD}date> .' in lines
    assert f'<urn:a> <{v}name> "Hallo"@de-at .' in lines  # language tags are lower-cased, as jsonld.js does
    assert f'<urn:a> <{v}dbl> "3"^^<{XSD}double> .' in lines


def test_control_characters_are_escaped_canonically() -> None:
    (line,) = nq({"@id": "urn:a", "s": 'a"b\\c\nd\te\x01\x7f'})
    assert line == '<urn:a> <https://example.org/v#s> "a\\"b\\\\c\\nd\\te\\u0001\\u007F" .'


def test_json_literals_are_jcs_canonical() -> None:
    context = {**CTX, "data": {"@id": "https://example.org/v#data", "@type": "@json"}}
    out = to_nquads({"@context": context, "@id": "urn:a", "data": {"z": [1.0, 2.5e-7, "é"], "a": None}})
    assert (
        out
        == f'<urn:a> <https://example.org/v#data> "{{\\"a\\":null,\\"z\\":[1,2.5e-7,\\"é\\"]}}"^^<{RDF}JSON> .\n'
    )


def test_lists_become_rdf_collections() -> None:
    context = {**CTX, "steps": {"@id": "https://example.org/v#steps", "@container": "@list"}}
    out = canonicalize({"@context": context, "@id": "urn:a", "steps": ["one", "two"], "none": {"@list": []}})
    assert out.splitlines() == [
        f"<urn:a> <https://example.org/v#none> <{RDF}nil> .",
        "<urn:a> <https://example.org/v#steps> _:c14n0 .",
        f'_:c14n0 <{RDF}first> "one" .',
        f"_:c14n0 <{RDF}rest> _:c14n1 .",
        f'_:c14n1 <{RDF}first> "two" .',
        f"_:c14n1 <{RDF}rest> <{RDF}nil> .",
    ]


def test_named_graphs_reverse_and_included() -> None:
    context = {**CTX, "isPartOf": {"@reverse": "https://example.org/v#hasPart"}}
    document = {
        "@context": context,
        "@id": "urn:a",
        "@graph": [{"@id": "urn:b", "p": "in graph"}],
        "isPartOf": {"@id": "urn:whole"},
        "@included": [{"@id": "urn:c", "q": "included"}],
    }
    v = "https://example.org/v#"
    assert to_nquads(document).splitlines() == [
        f'<urn:b> <{v}p> "in graph" <urn:a> .',
        f'<urn:c> <{v}q> "included" .',
        f"<urn:whole> <{v}hasPart> <urn:a> .",
    ]


def test_maps_and_nesting() -> None:
    context = {
        **CTX,
        "label": {"@id": "https://example.org/v#label", "@container": "@language"},
        "byIndex": {"@id": "https://example.org/v#item", "@container": "@index"},
        "byId": {"@id": "https://example.org/v#node", "@container": "@id"},
        "byType": {"@id": "https://example.org/v#typed", "@container": "@type"},
        "details": "@nest",
    }
    document = {
        "@context": context,
        "@id": "urn:a",
        "label": {"en": "Hello", "fr": ["Salut", "Bonjour"]},
        "byIndex": {"first": "x"},
        "byId": {"urn:n": {"p": 1}},
        "byType": {"Thing": {"@id": "urn:t"}},
        "details": {"nested": "y"},
    }
    v = "https://example.org/v#"
    lines = to_nquads(document).splitlines()
    for expected in [
        f'<urn:a> <{v}label> "Hello"@en .',
        f'<urn:a> <{v}label> "Bonjour"@fr .',
        f'<urn:a> <{v}item> "x" .',
        f"<urn:a> <{v}node> <urn:n> .",
        f'<urn:n> <{v}p> "1"^^<{XSD}integer> .',
        f"<urn:t> <{RDF}type> <{v}Thing> .",
        f'<urn:a> <{v}nested> "y" .',
    ]:
        assert expected in lines
    assert len(lines) == 9


def test_type_scoped_contexts_do_not_propagate() -> None:
    context = {
        "@vocab": "https://example.org/v#",
        "Person": {"@id": "https://example.org/v#Person", "@context": {"name": "https://schema.org/name"}},
    }
    document = {"@context": context, "@id": "urn:a", "@type": "Person", "name": "A", "knows": {"name": "B"}}
    lines = to_nquads(document).splitlines()
    assert '<urn:a> <https://schema.org/name> "A" .' in lines
    assert '_:b0 <https://example.org/v#name> "B" .' in lines


def test_output_is_sorted_n_quads() -> None:
    document = json.loads((DATA / "small-vc.json").read_text(encoding="utf-8"))
    out = to_nquads(document)
    assert out.endswith("\n") and out.splitlines() == sorted(set(out.splitlines()))
    assert len(out.splitlines()) == 22
