"""Processed contexts are cached and shared: the cache must follow the loader's documents and survive threads."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from microcred.jsonld import DocumentLoader, canonicalize
from microcred.jsonld import processor as processor_module

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
URL = "https://example.org/context"


def test_a_different_document_at_the_same_url_is_not_served_from_the_cache() -> None:
    document = {"@context": URL, "@id": "urn:a", "name": "Ada"}
    first = DocumentLoader({URL: {"@context": {"name": "https://schema.org/name"}}})
    second = DocumentLoader({URL: {"@context": {"name": "https://example.org/name"}}})
    assert "schema.org" in canonicalize(document, loader=first)
    assert "example.org/name" in canonicalize(document, loader=second)
    assert "schema.org" in canonicalize(document, loader=first)
    first.add(URL, {"@context": {"name": "https://example.org/other"}})
    assert "example.org/other" in canonicalize(document, loader=first)


def test_inline_contexts_are_cached_by_content_not_identity() -> None:
    document: dict[str, Any] = {
        "@context": {"name": "https://schema.org/name"},
        "@id": "urn:a",
        "name": "Ada",
    }
    before = canonicalize(document)
    document["@context"]["name"] = "https://example.org/name"  # the caller mutates its own document
    assert canonicalize(document) != before


def test_concurrent_canonicalization_from_cold_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processor_module, "_initial", {})
    names = ["small-vc", "large-vc", "Sample-MC-Annex1-unsigned"]
    documents = {n: json.loads(next(DATA.glob(n + ".json*")).read_text(encoding="utf-8")) for n in names}
    expected = {n: (DATA / f"{n}.canon.nq").read_text(encoding="utf-8") for n in names}
    loader = DocumentLoader()
    jobs = [names[i % len(names)] for i in range(48)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: canonicalize(documents[n], loader=loader), jobs))
    assert results == [expected[n] for n in jobs]


def test_known_text_is_what_the_memo_holds_by_identity() -> None:
    from microcred.jsonld.context_cache import document_text, json_text_memo, known_text, remember_text

    inline = {"name": "https://schema.org/name"}
    assert known_text(inline) is None  # no memo block
    with json_text_memo():
        assert known_text(inline) is None
        remember_text(inline, document_text(inline))
        assert known_text(inline) == document_text(inline)
        assert known_text(["https://www.w3.org/ns/credentials/v2", inline]) == document_text(
            ["https://www.w3.org/ns/credentials/v2", inline]
        )
        assert known_text([inline, {"other": "https://schema.org/other"}]) is None
        assert known_text(dict(inline)) is None  # an equal object is not the same object


def test_a_known_context_over_the_limits_is_still_refused() -> None:
    from microcred.errors import ContextLimitError
    from microcred.jsonld import ContextLimits, DocumentLoader
    from microcred.jsonld.context_cache import document_text, json_text_memo, remember_text
    from microcred.jsonld.processor import jsonld_to_quads

    inline = {f"t{i}": f"https://example.org/t{i}" for i in range(50)}
    document = {"@context": inline, "@id": "urn:x", "t1": "v"}
    limits = ContextLimits(max_terms=20)
    for known in (False, True):
        with json_text_memo():
            if known:
                remember_text(inline, document_text(inline))
            with pytest.raises(ContextLimitError):
                jsonld_to_quads(document, DocumentLoader(), context_limits=limits)
