"""Property: the processed-context cache is invisible, whatever the loader and the order of documents.

Random documents over a small vocabulary of contexts (inline objects, URLs served by some loaders and not others,
scoped contexts, wrapped objects, nulls) are converted to RDF through warm caches, by several loaders in turn; each
result must equal the result of the same loader with every cache cold, and an error must be the same error.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.errors import MicrocredError
from microcred.jsonld import DocumentLoader
from microcred.jsonld import processor as processor_module
from microcred.jsonld.nquads import serialize
from microcred.jsonld.processor import jsonld_to_quads

A = "https://example.org/a"
B = "https://example.org/b"
NAME = "https://schema.org/name"

CONTEXT_DOCS: dict[str, list[dict[str, Any]]] = {
    A: [
        {"@context": {"name": NAME}},
        {"@context": {"name": "https://example.org/other#name"}},
        {"@context": [B, {"knows": {"@id": "https://schema.org/knows", "@context": B}}]},
    ],
    B: [
        {"@context": {"nick": "https://schema.org/alternateName", "Person": "https://schema.org/Person"}},
        {"@context": {"@protected": True, "nick": "https://example.org/nick"}},
    ],
}

local_contexts = st.sampled_from(
    [
        A,
        B,
        None,
        {"name": NAME},
        {"@context": {"nick": "https://example.org/wrapped-nick"}},
        {"Person": {"@id": "https://schema.org/Person", "@context": A}},
        {"@vocab": "https://example.org/vocab#"},
    ]
)
contexts = st.lists(local_contexts, min_size=1, max_size=4)
values = st.fixed_dictionaries(
    {"@id": st.sampled_from(["urn:a", "urn:b"])},
    optional={
        "name": st.just("Ana"),
        "nick": st.just("A"),
        "@type": st.sampled_from(["Person", "Thing"]),
        "knows": st.fixed_dictionaries({"@id": st.just("urn:c")}, optional={"nick": st.just("C")}),
    },
)
documents = st.builds(lambda ctx, node: {"@context": ctx, **node}, contexts, values)
loaders = st.fixed_dictionaries(
    {}, optional={A: st.integers(0, len(CONTEXT_DOCS[A]) - 1), B: st.integers(0, len(CONTEXT_DOCS[B]) - 1)}
)


def make_loader(choice: dict[str, int]) -> DocumentLoader:
    return DocumentLoader({url: CONTEXT_DOCS[url][i] for url, i in choice.items()}, bundled=False)


def outcome(document: dict[str, Any], loader: DocumentLoader) -> str:
    try:
        return serialize(sorted(set(jsonld_to_quads(document, loader, safe=False))))
    except MicrocredError as exc:
        return f"{exc.code}: {exc.details.get('jsonld_code')}"


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(documents, loaders), min_size=1, max_size=6))
def test_warm_caches_give_what_cold_caches_give(
    runs: list[tuple[dict[str, Any], dict[str, int]]],
) -> None:
    warm = [outcome(document, make_loader(choice)) for document, choice in runs]
    cold = []
    with pytest.MonkeyPatch.context() as patch:
        for document, choice in runs:
            patch.setattr(processor_module, "_initial", {})
            cold.append(outcome(document, make_loader(choice)))
    assert warm == cold
