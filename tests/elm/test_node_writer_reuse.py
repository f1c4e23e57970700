"""The ELM writer's shortcuts (issue 19) give what the long way gives: mint keys written by one prebuilt C encoder,
repeated nodes copied instead of written again, the names of concepts and repeated nodes known instead of
walked again when the inline EDC context is chosen."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from microcred.elm import EDC_AP_VCDM2, inline_context, to_elm
from microcred.elm.inline_context import (
    MAX_REMEMBERED_NODES,
    edc_vcdm2_context,
    node_names,
    shared_inline_contexts,
    used_names,
)
from microcred.elm.nodes import _KEY_TEXT, NodeWriter, _key_text
from microcred.jsonio import copy_json
from microcred.jsonld.contexts import bundled_document
from microcred.model import Identifier, LegalIdentifier, MicroCredential, example_microcredential

from ..batch.varied_records import varied_records

EQF_6 = "http://data.europa.eu/snb/eqf/6"

KEYS: list[Any] = [
    "text",
    {"b": 1, "a": [1.5, None, True, 'é\u2028"\\']},
    [{"z": {"y": "x"}}, []],
    {"when": datetime(2026, 1, 15, tzinfo=UTC), "amount": Decimal("1.50")},  # default=str
    {},
    7,
]


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_mint_key_text_is_the_json_encoders(key: Any) -> None:
    assert _key_text(key) == _KEY_TEXT.encode(key)


def test_a_repeated_organisation_is_an_equal_copy() -> None:
    mc = example_microcredential()
    org = mc.awarding_bodies[0]
    writer = NodeWriter("v2")
    first = writer.organisation(org)
    again = writer.organisation(org)
    assert again == first and again is not first
    assert again["location"][0] is not first["location"][0]
    # a fresh writer that writes it twice by hand gives the same node and the same ids
    other = NodeWriter("v2")
    assert other._organisation(org, None) == first
    assert other._organisation(org, None) == first
    # the names the writer keeps for it are the names in it
    for node in (first, again):
        assert writer.known_names[id(node)][1] == frozenset(used_names(node, set()))


@pytest.mark.parametrize("name", sorted(varied_records()))
def test_known_names_choose_the_context_the_walk_chooses(name: str) -> None:
    mc = MicroCredential.from_dict(varied_records()[name])
    doc = to_elm(mc, data_model="v2")
    inline = doc["@context"][1]
    assert isinstance(inline, dict)
    assert edc_vcdm2_context(doc) == inline  # no known names: every object walked
    writer = NodeWriter("v2")
    concept = writer.concept("http://data.europa.eu/snb/eqf/6")
    assert writer.known_names[id(concept)][1] == frozenset(used_names(concept, set()))
    assert json.dumps(to_elm(mc, data_model="v2")) == json.dumps(doc)


def test_node_names_are_the_walks_and_follow_every_change() -> None:
    org = example_microcredential().awarding_bodies[0]
    node = NodeWriter("v2").organisation(org)
    assert node_names(node) == frozenset(used_names(node, set()))
    assert node_names(copy_json(node)) == frozenset(used_names(node, set()))  # remembered: equal copy
    changed = copy_json(node)
    changed["legalName"] = {"fr": "Université de Zed"}
    changed["location"][0]["address"]["id"] = "urn:epass:address:99"
    assert node_names(changed) == frozenset(used_names(changed, set())) != node_names(node)
    # a node changed in place after its names were remembered
    node["location"][0]["type"] = "Place"
    assert node_names(node) == frozenset(used_names(node, set()))
    for value in (1, True, 1.0, "1", None, [1], {"k": "v"}):
        item = {"id": "urn:example:n", "type": "Note", "value": value}
        assert node_names(item) == frozenset(used_names(item, set()))
    assert node_names({"type": "Note"}) == frozenset({"type", "Note"})  # no id: walked


def test_remembered_node_names_are_bounded() -> None:
    for i in range(MAX_REMEMBERED_NODES * 2):
        node = {"id": f"urn:example:{i}", "type": "Note"}
        assert node_names(node) == frozenset(used_names(node, set()))
    assert len(inline_context._NODE_NAMES) <= MAX_REMEMBERED_NODES


def test_repeated_nodes_are_one_object_only_inside_the_sharing_block() -> None:
    org = example_microcredential().awarding_bodies[0]
    with shared_inline_contexts():
        writer = NodeWriter("v2")
        first = writer.organisation(org)
        assert writer.organisation(org) is first
    writer = NodeWriter("v2")
    assert writer.organisation(org) is not writer.organisation(org)


@pytest.mark.parametrize("name", sorted(varied_records()))
def test_shared_documents_are_written_the_same(name: str) -> None:
    mc = MicroCredential.from_dict(varied_records()[name])
    for data_model in ("v1", "v2"):
        expected = json.dumps(to_elm(mc, data_model=data_model))
        with shared_inline_contexts():
            assert json.dumps(to_elm(mc, data_model=data_model)) == expected
            assert json.dumps(to_elm(mc, data_model=data_model)) == expected


@pytest.mark.parametrize("name", sorted(varied_records()))
def test_what_decides_the_context_is_taken_by_parts_as_a_whole(name: str) -> None:
    mc = MicroCredential.from_dict(varied_records()[name])
    writer = NodeWriter("v2")
    org = writer.organisation(mc.issuing_organisation)
    doc = {"issuer": org, "again": writer.organisation(mc.issuing_organisation), "eqf": writer.concept(EQF_6)}
    variant = bundled_document(EDC_AP_VCDM2)["@context"]
    expected = inline_context._terms_of(used_names(doc, set()), variant.keys())
    assert inline_context._decisive(doc, variant, writer.known_names) == expected
    assert inline_context._decisive(doc, variant, None) == expected


def test_mint_keys_of_strings_and_identifiers_follow_the_json_text() -> None:
    writer = NodeWriter("v2")
    assert writer.mint("webResource", "https://a.example") == writer.mint("webResource", "https://a.example")
    assert writer.mint("webResource", "7") != writer.mint("webResource", 7)  # '"7"' is not '7'
    ids = [
        Identifier(notation="a"),
        Identifier(notation="a", scheme_name=""),
        Identifier(notation="a", scheme_name="-"),
        Identifier(notation="-", scheme_name="a"),
        Identifier(notation="a"),
    ]
    minted = [writer.identifier(i)["id"] for i in ids]
    texts = [_key_text(i.model_dump()) for i in ids]
    assert [minted.index(m) for m in minted] == [texts.index(t) for t in texts] == [0, 1, 2, 3, 0]
    legal = [LegalIdentifier(notation="X-1", country="IE"), LegalIdentifier(notation="X-1", country="IRL")]
    assert len({writer.legal_identifier(i)["id"] for i in legal}) == 1  # the same country, however named


def test_bundled_concepts_are_shared_only_inside_the_sharing_block() -> None:
    outside = NodeWriter("v2").concept(EQF_6)
    with shared_inline_contexts():
        one, two = NodeWriter("v2"), NodeWriter("v2")
        first = one.concept(EQF_6)
        assert two.concept(EQF_6) is first and first is not outside
        assert two.known_names[id(first)] == (first, frozenset(used_names(first, set())))
        unknown = one.concept("http://example.org/not-bundled")
        assert two.concept("http://example.org/not-bundled") is not unknown
    after = NodeWriter("v2").concept(EQF_6)
    assert after == first == outside and after is not first and after is not outside
