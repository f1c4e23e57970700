"""One expansion per document and verification, shared between checks (issue 19 item 1)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.errors import SafeModeError
from microcred.jsonld import DocumentLoader, canonicalize, check_lossless, expansion, expansion_plans
from microcred.jsonld import shared_expansion as shared
from microcred.jsonld.compacted_form import non_compact_members
from microcred.jsonld.processor import jsonld_to_quads

V2 = "https://www.w3.org/ns/credentials/v2"


def credential(**subject: Any) -> dict[str, Any]:
    return {
        "@context": [V2],
        "id": "urn:uuid:2a9d6a0e-0b7c-4e55-8d2c-5b7f1c9e3d40",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana", **subject},
    }


#: A mypyc-compiled processor (tools/mypyc_build.py) has native classes, whose methods cannot be patched to count.
needs_pure_python = pytest.mark.skipif(
    expansion_plans.COMPILED, reason="counts calls by patching a compiled class"
)


def count_expansions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = expansion.Expander.expand_document

    def counting(self: Any, active: Any, document: Any) -> Any:
        calls[0] += 1
        return original(self, active, document)

    monkeypatch.setattr(expansion.Expander, "expand_document", counting)
    return calls


@needs_pure_python
def test_inside_a_block_a_document_is_expanded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_expansions(monkeypatch)
    loader = DocumentLoader()
    doc = credential()
    with shared.shared_expansions():
        first = canonicalize(doc, loader=loader)
        # the verifier's copy without the proof shares the value objects: the same document
        assert non_compact_members(dict(doc), loader) == []
        check_lossless(doc, loader=loader)
        assert canonicalize(doc, loader=loader) == first
    assert calls[0] == 1
    assert canonicalize(doc, loader=loader) == first
    assert calls[0] == 2  # outside the block, nothing is shared


def test_results_are_the_same_with_and_without_sharing() -> None:
    loader = DocumentLoader()
    doc = credential()
    doc["credentialSubject"]["https://schema.org/name"] = doc["credentialSubject"].pop("name")
    alone = (non_compact_members(doc, loader), canonicalize(doc, loader=loader))
    with shared.shared_expansions():
        together = (canonicalize(doc, loader=loader), non_compact_members(doc, loader))
    assert together[::-1] == alone
    assert alone[0] == ["$.credentialSubject['https://schema.org/name']"]


def test_safe_mode_events_are_replayed_to_every_reader() -> None:
    loader = DocumentLoader()
    doc = credential(undefinedTerm="x")
    with pytest.raises(SafeModeError) as alone:
        check_lossless(doc, loader=loader)
    with shared.shared_expansions():
        for _ in range(2):  # the second run takes the record and must fail the same way
            with pytest.raises(SafeModeError) as shared_run:
                canonicalize(doc, loader=loader)
            assert shared_run.value.details["errors"] == alone.value.details["errors"]
        # not safe: the same expansion, no error
        assert jsonld_to_quads(doc, loader, safe=False)


@needs_pure_python
def test_a_different_value_object_or_loader_is_a_different_document(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_expansions(monkeypatch)
    loader = DocumentLoader()
    doc = credential()
    with shared.shared_expansions():
        canonicalize(doc, loader=loader)
        changed = dict(doc)
        changed["credentialSubject"] = copy.deepcopy(doc["credentialSubject"])
        changed["credentialSubject"]["name"] = "Bo"
        assert canonicalize(changed, loader=loader) != canonicalize(doc, loader=loader)
        canonicalize(doc, loader=DocumentLoader())
    assert calls[0] == 3


def test_the_record_holds_its_own_copy_of_the_top_level() -> None:
    loader = DocumentLoader()
    doc = credential()
    with shared.shared_expansions():
        canonicalize(doc, loader=loader)
        found = shared.lookup(doc, loader)
        assert found is not None and found.document is not doc and found.document == doc
        doc["validFrom"] = "2027-01-01T00:00:00Z"  # a new value object: no longer the recorded document
        assert shared.lookup(doc, loader) is None
        assert "2027-01-01" in canonicalize(doc, loader=loader)


def test_blocks_nest_and_close() -> None:
    assert not shared.active()
    with shared.shared_expansions():
        with shared.shared_expansions():
            assert shared.active()
        assert shared.active()
    assert not shared.active()
    assert shared.lookup(credential(), DocumentLoader()) is None
