"""Lines of quads without blank nodes handed to RDFC-1.0 written once (rdfc.GroundLines, SubtreeMemo.ground_lines,
RdfWriter.write_parts, processor.jsonld_to_dataset)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.errors import UsageError
from microcred.jsonld import DocumentLoader, canonicalize, canonicalize_with_map, rdfc
from microcred.jsonld import subtree_memo as sm
from microcred.jsonld.canonicalize import canonicalize_to_hash
from microcred.jsonld.nquads import Quad, serialize, serialize_quad
from microcred.jsonld.problems import EventLog
from microcred.jsonld.processor import initial_context, jsonld_to_dataset, jsonld_to_quads
from microcred.jsonld.rdfc import GroundLines, canonical_utf8, canonicalize_quads
from microcred.jsonld.subtree_memo import Remembered, SubtreeMemo, remembering_subtrees
from microcred.jsonld.to_rdf import RdfWriter

EX = "<https://example.org/"
GROUND: list[Quad] = [
    (f"{EX}a>", f"{EX}p>", '"x"', ""),
    (f"{EX}a>", f"{EX}q>", f"{EX}b>", ""),
    (f"{EX}b>", f"{EX}p>", '"y"@en', ""),
]
WITH_BLANKS: list[Quad] = [
    ("_:b0", f"{EX}p>", '"x"', ""),
    ("_:b1", f"{EX}p>", '"x"', ""),
    ("_:b0", f"{EX}q>", "_:b1", ""),
    (f"{EX}a>", f"{EX}p>", '"x"', ""),  # also a ground quad: one line
    (f"{EX}c>", f"{EX}q>", "_:b1", f"{EX}g>"),
]

CONTEXT = {
    "ex": "https://example.org/",
    "id": "@id",
    "type": "@type",
    "Thing": "ex:Thing",
    "label": "ex:label",
    "part": "ex:part",
    "graph": {"@id": "@graph"},
}


@pytest.fixture(autouse=True)
def room_in_the_context_cache() -> None:
    initial_context(None).derived.clear()


@pytest.mark.parametrize("fresh", [[], GROUND[:1], WITH_BLANKS, GROUND + WITH_BLANKS])
def test_ground_lines_give_the_canonical_form_of_the_whole_dataset(fresh: list[Quad]) -> None:
    expected = canonicalize_quads(fresh + GROUND + GROUND)
    assert canonicalize_quads(fresh, ground=GroundLines(GROUND + GROUND)) == expected


def test_ground_lines_are_distinct_and_sorted() -> None:
    lines = GroundLines(GROUND[::-1] + GROUND)
    assert lines.lines == sorted(set(lines.lines)) and len(lines.lines) == 3
    assert "".join(lines.lines) == serialize(GROUND)


@pytest.mark.parametrize("quad", [*WITH_BLANKS[:3], (f"{EX}a>", f"{EX}p>", '"x"', "_:g")])
def test_ground_lines_hold_no_blank_node(quad: Quad) -> None:
    with pytest.raises(UsageError, match="no blank node"):
        GroundLines([*GROUND, quad])


def document(n: int, part_label: str = "shared") -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": f"urn:doc:{n}",
        "type": "Thing",
        "label": f"document {n}",
        "part": {"id": "urn:part:1", "label": part_label, "part": {"id": "urn:part:2", "label": "inner"}},
        "ex:other": {"id": "urn:part:3", "label": "another"},
    }


def test_documents_of_a_batch_canonicalize_as_without_the_memo() -> None:
    memo = SubtreeMemo()
    docs = [document(n) for n in range(5)] + [document(5, "changed"), document(6)]
    with remembering_subtrees(memo):
        got = [canonicalize_with_map(d) for d in docs]
    assert got == [canonicalize_with_map(d) for d in docs]
    assert memo.hits and memo.grounds  # the later documents used remembered lines
    assert len(memo.grounds) <= 3


def test_a_combination_of_node_objects_is_written_once() -> None:
    memo = SubtreeMemo()
    loader = DocumentLoader()
    with remembering_subtrees(memo):
        results = [jsonld_to_dataset(document(n), loader) for n in range(4)]
    grounds = [ground for _, ground in results]
    assert grounds[0] is None and grounds[1] is None  # a node is remembered when seen again, then repeated
    assert grounds[2] is not None and grounds[3] is grounds[2]
    quads, ground = results[3]
    assert ground is not None
    assert all("urn:part" not in q[0] for q in quads)  # the parts' quads come as lines only
    assert sorted({*map(serialize_quad, quads), *ground.lines}) == sorted(
        set(serialize(jsonld_to_quads(document(3), loader)).splitlines(keepends=True))
    )


def test_outside_a_batch_or_unsafe_there_are_no_ground_lines() -> None:
    loader = DocumentLoader()
    assert jsonld_to_dataset(document(1), loader)[1] is None
    memo = SubtreeMemo()
    with remembering_subtrees(memo):
        for n in range(3):
            assert jsonld_to_dataset(document(n), loader, safe=False)[1] is None


def test_the_combinations_are_bounded_and_emptied_with_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sm, "MAX_GROUND_SETS", 2)
    memo = SubtreeMemo()
    entries = []
    for n in range(4):
        entry = Remembered(None, None, None, {}, (), {}, (0, 0, 0, 0), 0)
        entry.quads = (GROUND[n % 3],)
        entries.append(entry)
    first = memo.ground_lines(entries[:1])
    assert memo.ground_lines([entries[0], entries[0]]) is first  # the same node object twice: one
    memo.ground_lines(entries[:2])
    assert len(memo.grounds) == 2
    memo.ground_lines(entries[:3])
    assert len(memo.grounds) == 1  # emptied when full
    memo.clear()
    assert memo.grounds == {}
    assert memo.ground_lines(entries[:1]) is not first


def test_a_node_object_without_quads_has_no_lines() -> None:
    entry = Remembered(None, None, None, {}, (), {}, (0, 0, 0, 0), 0)
    with pytest.raises(UsageError, match="not written"):
        SubtreeMemo().ground_lines([entry])


def test_a_first_write_copies_the_remembered_node_objects_inside_it() -> None:
    memo = SubtreeMemo()
    loader = DocumentLoader()
    with remembering_subtrees(memo):
        for n in range(3):
            jsonld_to_dataset(document(n), loader)
        # urn:part:1 changes: written again (not remembered), with urn:part:2 (remembered) inside it
        changed = document(3, "changed")
        quads, ground = jsonld_to_dataset(changed, loader)
        later = document(4, "changed")
        quads_later, ground_later = jsonld_to_dataset(later, loader)
    for doc, (q, g) in ((changed, (quads, ground)), (later, (quads_later, ground_later))):
        lines = {*map(serialize_quad, q), *(g.lines if g else [])}
        assert "".join(sorted(lines)) == canonicalize(doc)


def test_the_writer_copies_nothing_unless_a_graph_is_dropped() -> None:
    writer = RdfWriter(EventLog(False))
    node = {"@id": "https://example.org/a", "https://example.org/p": [{"@value": "x"}]}
    assert writer.write([node]) is writer.quads
    dropped = RdfWriter(EventLog(False))
    named = {"@id": "relative", "@graph": [node]}
    assert dropped.write([named, node]) == [(f"{EX}a>", f"{EX}p>", '"x"', "")]
    assert dropped.dropped and len(dropped.quads) == 2


@pytest.mark.parametrize("fresh", [[], GROUND[:1], WITH_BLANKS, [(f"{EX}z>", f"{EX}p>", '"Grüße ✓"', "")]])
def test_canonical_utf8_is_the_encoded_canonical_form(fresh: list[Quad]) -> None:
    ground = GroundLines([*GROUND, (f"{EX}y>", f"{EX}p>", '"Größe"', "")])
    text, _ = canonicalize_quads(fresh, ground=ground)
    assert canonical_utf8(fresh, ground=ground) == text.encode()


def test_lines_with_a_lone_surrogate_are_left_to_the_text() -> None:
    lone = (f"{EX}s>", f"{EX}p>", '"\udc80"', "")
    ground = GroundLines([*GROUND, lone])
    assert ground.encoded is None
    assert canonical_utf8([], ground=ground) is None
    assert canonical_utf8([lone], ground=GroundLines(GROUND)) is None
    with pytest.raises(UnicodeEncodeError):
        canonicalize_quads([lone], ground=GroundLines(GROUND))[0].encode()


def test_canonicalize_to_hash_in_and_outside_a_batch() -> None:
    memo = SubtreeMemo()
    for n in range(4):
        doc = document(n)
        plain = canonicalize(doc)
        assert canonicalize_to_hash(doc, hash_algorithm="sha256") == plain
        with remembering_subtrees(memo):
            got = canonicalize_to_hash(doc, hash_algorithm="sha256")
        assert (got if isinstance(got, str) else got.decode()) == plain
    assert isinstance(got, bytes)
    with pytest.raises(UsageError, match="hash_algorithm"):
        canonicalize_to_hash(document(1), hash_algorithm="md5")  # type: ignore[arg-type]


@pytest.mark.skipif(
    not rdfc.__file__.endswith(".py"), reason="counts calls by patching a function of a compiled module"
)
def test_a_lone_blank_node_is_c14n0_without_hashing(monkeypatch: pytest.MonkeyPatch) -> None:

    quads: list[Quad] = [
        ("_:x", f"{EX}p>", '"x"', ""),
        (f"{EX}a>", f"{EX}q>", "_:x", ""),
        (f"{EX}a>", f"{EX}q>", f"{EX}b>", "_:x"),
        ("_:x", f"{EX}p>", "_:x", ""),
    ]
    expected = f'{EX}a> {EX}q> {EX}b> _:c14n0 .\n{EX}a> {EX}q> _:c14n0 .\n_:c14n0 {EX}p> "x" .\n_:c14n0 {EX}p> _:c14n0 .\n'
    calls: list[str] = []
    real = rdfc._hash_first_degree

    def counted(state: Any, reference: str) -> str:
        calls.append(reference)
        return real(state, reference)

    monkeypatch.setattr(rdfc, "_hash_first_degree", counted)
    assert canonicalize_quads(quads) == (expected, {"x": "c14n0"})
    assert calls == []  # one blank node: its hash would not change its label
    two = [*quads, ("_:y", f"{EX}p>", '"y"', "")]
    assert sorted(canonicalize_quads(two)[1].values()) == ["c14n0", "c14n1"]
    assert sorted(calls) == ["_:x", "_:y"]  # two: both hashed


def test_one_and_two_blank_nodes_get_their_labels() -> None:
    quads: list[Quad] = [("_:x", f"{EX}p>", '"x"', ""), (f"{EX}a>", f"{EX}q>", "_:x", "")]
    assert canonicalize_quads(quads) == (f'{EX}a> {EX}q> _:c14n0 .\n_:c14n0 {EX}p> "x" .\n', {"x": "c14n0"})
    two = [*quads, ("_:y", f"{EX}p>", '"y"', "")]
    assert sorted(canonicalize_quads(two)[1].values()) == ["c14n0", "c14n1"]
