"""Property-scoped contexts found by term-definition identity (microcred.jsonld.scoped_contexts)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.errors import ContextLimitError
from microcred.jsonld import ContextLimits, DocumentLoader, canonicalize
from microcred.jsonld.context_processing import ContextProcessor
from microcred.jsonld.problems import EventLog
from microcred.jsonld.processor import initial_context, jsonld_to_quads
from microcred.jsonld.scoped_contexts import process_scoped

SCOPED = {
    "@version": 1.1,
    "knows": {"@id": "https://schema.org/knows", "@context": {"name": "https://schema.org/name"}},
}


def people(n: int, context: Any = SCOPED) -> dict[str, Any]:
    """A node that knows ``n`` people, each expanded with the property-scoped context of ``knows``."""
    return {
        "@context": context,
        "@id": "urn:a",
        "knows": [{"@id": f"urn:p{i}", "name": f"Person {i}"} for i in range(n)],
    }


def test_the_same_quads_as_without_the_memo() -> None:
    # the scoped context written inline on each node instead: no property-scoped context, the same statements
    inline = {
        "@context": {"knows": "https://schema.org/knows"},
        "@id": "urn:a",
        "knows": [
            {"@context": {"name": "https://schema.org/name"}, "@id": f"urn:p{i}", "name": f"Person {i}"}
            for i in range(5)
        ],
    }
    expected = canonicalize(inline)
    assert canonicalize(people(5)) == expected
    assert canonicalize(people(5)) == expected  # warm: every node found by identity
    assert expected.count("https://schema.org/name") == 5


def test_the_memo_holds_the_entry_of_the_definition_and_charges_every_hit() -> None:
    loader = DocumentLoader()
    processor = ContextProcessor(loader, EventLog(True))
    active = processor.process(initial_context(None), SCOPED, None, None)
    definition = active.terms["knows"]
    assert definition is not None
    first = process_scoped(processor, active, definition, None)
    assert active.scoped[id(definition)][0] is definition
    spent = list(processor.budget.spent)
    assert process_scoped(processor, active, definition, None) is first
    after = processor.budget.spent
    assert after[0] == spent[0] + 1  # one more context processed, as on any cache hit
    assert after[1] > spent[1]  # and its term definitions
    assert first.terms["name"] is not None


@pytest.mark.parametrize("warm", [False, True])
def test_limits_count_every_node_cold_or_warm(warm: bool) -> None:
    limits = ContextLimits(max_contexts=50)
    if warm:
        jsonld_to_quads(people(10), DocumentLoader())  # the memo filled by a run under the default limits
    assert jsonld_to_quads(people(40), DocumentLoader(), context_limits=limits)
    with pytest.raises(ContextLimitError) as exc:
        jsonld_to_quads(people(60), DocumentLoader(), context_limits=limits)
    assert exc.value.details["limit"] == "max_contexts"


def test_a_scoped_context_that_loads_a_document_is_checked_per_loader() -> None:
    url = "https://example.org/person"
    context = {"@version": 1.1, "knows": {"@id": "https://schema.org/knows", "@context": url}}
    served = DocumentLoader({url: {"@context": {"name": "https://schema.org/name"}}})
    assert "https://schema.org/name" in canonicalize(people(3, context), loader=served)
    # a loader that does not serve the scoped context's document fails, though the result is cached
    with pytest.raises(Exception, match="person"):
        canonicalize(people(3, context), loader=DocumentLoader())
    # and a loader serving another document gets its own meaning
    other = DocumentLoader({url: {"@context": {"name": "https://example.org/other#name"}}})
    assert "https://example.org/other#name" in canonicalize(people(3, context), loader=other)
