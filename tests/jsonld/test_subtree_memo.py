"""Repeated node objects of a batch, expanded and written as RDF once (microcred.jsonld.subtree_memo)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from microcred.elm import to_elm
from microcred.errors import ContextLimitError, SafeModeError
from microcred.jsonld import ContextLimits, DocumentLoader, canonicalize
from microcred.jsonld import subtree_memo as sm
from microcred.jsonld.processor import initial_context, jsonld_to_quads
from microcred.jsonld.subtree_memo import (
    VOLATILE,
    Remembered,
    SubtreeMemo,
    current_memo,
    remembering_subtrees,
)
from microcred.model import MicroCredential, example_microcredential

CONTEXT = {
    "@version": 1.1,
    "ex": "https://example.org/",
    "id": "@id",
    "type": "@type",
    "Thing": "ex:Thing",
    "name": {"@id": "ex:name", "@container": "@language"},
    "flag": "ex:flag",
    "size": "ex:size",
    "part": {"@id": "ex:part", "@context": {"label": "ex:label"}},
    "items": {"@id": "ex:items", "@container": "@list"},
}


def document(n: int, part: dict[str, Any] | None = None) -> dict[str, Any]:
    """A document ``urn:doc:n`` with a part that is the same in every document unless given."""
    return {
        "@context": CONTEXT,
        "id": f"urn:doc:{n}",
        "type": "Thing",
        "part": part if part is not None else shared_part(),
    }


def shared_part() -> dict[str, Any]:
    return {
        "id": "urn:part:1",
        "type": "Thing",
        "label": "a part",
        "name": {"en": "Part", "de": "Teil"},
        "part": {"id": "urn:part:2", "label": "inner", "flag": True, "size": 1},
    }


@pytest.fixture(autouse=True)
def room_in_the_context_cache() -> None:
    """Node objects are remembered per active context: the documents' context must be cached (the initial
    context keeps at most ``MAX_DERIVED`` derived contexts, which other tests of the session may have used up)."""
    initial_context(None).derived.clear()


@pytest.fixture
def memo() -> Iterator[SubtreeMemo]:
    with remembering_subtrees(SubtreeMemo()) as memo:
        yield memo


def plain(doc: Any) -> str:
    """The canonical form without any memo."""
    assert current_memo() is None
    return canonicalize(doc)


def remembered(memo: SubtreeMemo, doc: Any) -> str:
    with remembering_subtrees(memo):
        return canonicalize(doc)


def test_repeated_node_objects_are_expanded_once_with_the_same_result() -> None:
    memo = SubtreeMemo()
    docs = [document(n) for n in range(6)]
    assert [remembered(memo, d) for d in docs] == [plain(d) for d in docs]
    # seen once, remembered the second time, found from the third document on (both parts: the inner one is
    # inside the outer, so only the outer is looked up)
    assert memo.hits == 4
    entries = [e for e in memo.entries.values() if isinstance(e, Remembered)]
    assert {e.element["id"] for e in entries} == {"urn:part:1", "urn:part:2"}
    assert all(e.quads is not None for e in entries)  # the RDF writer kept their quads too


def test_a_hit_gives_the_quads_of_the_document_at_hand() -> None:
    memo = SubtreeMemo()
    for n in range(3):
        remembered(memo, document(n))
    changed = shared_part()
    changed["part"]["label"] = "changed"
    assert remembered(memo, document(9, changed)) == plain(document(9, changed))
    assert '"changed"' in plain(document(9, changed))


@pytest.mark.parametrize(
    ("member", "value"),
    [("flag", 1), ("flag", "true"), ("size", True), ("size", 1.5), ("flag", None), ("size", [1])],
)
def test_equal_in_python_is_not_enough(member: str, value: Any) -> None:
    # True == 1 and 1 == 1.0 in Python; JSON-LD tells them apart (xsd:boolean, xsd:integer, xsd:double)
    memo = SubtreeMemo()
    for n in range(3):
        remembered(memo, document(n))
    part = shared_part()
    part["part"][member] = value
    assert remembered(memo, document(7, part)) == plain(document(7, part))


def test_the_key_order_of_a_node_does_not_matter() -> None:
    memo = SubtreeMemo()
    for n in range(3):
        remembered(memo, document(n))
    part = shared_part()
    reordered = {key: part[key] for key in reversed(list(part))}
    reordered["name"] = {"de": "Teil", "en": "Part"}
    assert remembered(memo, document(5, reordered)) == plain(document(5, reordered))
    assert memo.hits == 2


def test_the_copy_is_private_changing_the_caller_s_document_changes_nothing() -> None:
    memo = SubtreeMemo()
    docs = [document(n) for n in range(2)]
    for doc in docs:
        remembered(memo, doc)
    docs[1]["part"]["label"] = "changed afterwards"  # the object the memo saw
    again = document(3)
    assert remembered(memo, again) == plain(again)
    assert memo.hits == 1


def test_a_node_with_a_safe_mode_problem_is_reported_every_time() -> None:
    memo = SubtreeMemo()
    for n in range(3):
        remembered(memo, document(n))
    bad = shared_part()
    bad["undefinedTerm"] = "dropped"
    for _ in range(3):
        with pytest.raises(SafeModeError) as caught:
            remembered(memo, document(8, bad))
        assert "undefinedTerm" in str(caught.value.details)
    assert not any(isinstance(e, Remembered) and "undefinedTerm" in e.element for e in memo.entries.values())


def test_nodes_with_blank_nodes_or_lists_are_not_remembered() -> None:
    memo = SubtreeMemo()
    part = shared_part()
    part["part"] = {"label": "a blank node"}  # no id
    listed = shared_part()
    listed["id"] = "urn:part:listed"
    listed["items"] = ["a", "b"]
    for n in range(4):
        for p in (part, listed):
            doc = document(n, copy.deepcopy(p))
            assert remembered(memo, doc) == plain(doc)
    kept = {e.element["id"] for e in memo.entries.values() if isinstance(e, Remembered)}
    assert kept == {
        "urn:part:2"
    }  # the inner part of ``listed``; not the parts holding a blank node or a list


def test_a_place_that_keeps_changing_is_no_longer_remembered() -> None:
    memo = SubtreeMemo()
    for n in range(8):
        part = shared_part()
        part["label"] = f"label {n}"
        doc = document(n, part)
        assert remembered(memo, doc) == plain(doc)
    outer = [key for key in memo.entries if key[2] == "urn:part:1"]
    assert len(outer) == 1 and memo.entries[outer[0]] is VOLATILE
    assert isinstance(memo.entries[next(k for k in memo.entries if k[2] == "urn:part:2")], Remembered)


def test_context_limits_count_remembered_nodes_as_if_expanded() -> None:
    loader = DocumentLoader()
    doc = document(1)

    def fails(limits: ContextLimits, memo: SubtreeMemo | None) -> bool:
        try:
            if memo is None:
                jsonld_to_quads(doc, loader, context_limits=limits)
            else:
                with remembering_subtrees(memo):
                    jsonld_to_quads(doc, loader, context_limits=limits)
        except ContextLimitError:
            return True
        return False

    # the fewest contexts the document needs without a memo (each node under "part" applies its scoped context)
    needed = next(n for n in range(1, 50) if not fails(ContextLimits(max_contexts=n), None))
    assert needed >= 3
    memo = SubtreeMemo()
    for _ in range(3):
        assert not fails(ContextLimits(max_contexts=needed), memo)
    assert memo.hits
    hits = memo.hits
    assert fails(ContextLimits(max_contexts=needed - 1), memo)
    assert memo.hits > hits  # the verdict came from a remembered node


def test_the_memo_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sm, "MAX_SUBTREES", 3)
    memo = SubtreeMemo()
    for n in range(10):
        doc = document(n)
        assert remembered(memo, doc) == plain(doc)
        assert len(memo.entries) <= 3 + 1
    monkeypatch.setattr(sm, "MAX_SUBTREES", 4096)
    monkeypatch.setattr(sm, "MAX_REMEMBERED_VALUES", 10)
    memo = SubtreeMemo()
    for n in range(6):
        remembered(memo, document(n))
        assert memo.values <= 10


def test_the_scope_is_per_block_and_thread() -> None:
    first, second = SubtreeMemo(), SubtreeMemo()
    assert current_memo() is None
    with remembering_subtrees(first):
        assert current_memo() is first
        with remembering_subtrees(second):
            assert current_memo() is second
        assert current_memo() is first
        import threading

        seen: list[Any] = []
        thread = threading.Thread(target=lambda: seen.append(current_memo()))
        thread.start()
        thread.join()
        assert seen == [None]
    assert current_memo() is None


def test_only_safe_mode_conversions_use_it(memo: SubtreeMemo) -> None:
    for n in range(3):
        jsonld_to_quads(document(n), DocumentLoader(), safe=False)
    assert memo.entries == {} and memo.hits == 0


def test_edc_credentials_of_a_batch() -> None:
    base = example_microcredential().to_dict()
    memo = SubtreeMemo()
    for n in range(4):
        record = copy.deepcopy(base)
        record["learner"]["id"] = f"did:example:learner-{n}"
        record["learner"]["fullName"] = {"fr": f"Apprenant {n}"}
        if n == 3:
            record["title"] = {"en": "Another title"}
        doc = to_elm(MicroCredential.from_dict(record), data_model="v2", issuer_id="did:example:issuer")
        assert remembered(memo, doc) == plain(doc)
    assert memo.hits > 20
    assert memo.grounds  # the remembered node objects came to RDFC-1.0 as lines written once
