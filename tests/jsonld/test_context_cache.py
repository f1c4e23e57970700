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
