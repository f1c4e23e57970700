"""``RdfWriter.write_focused``: every statement about the node or with the predicate, only statements of the node.

Checked on each top-level node object of the W3C JSON-LD toRdf inputs (expanded as the conformance test does), with
every predicate its quads use and one they do not; and on the EC sample, where it leaves most statements out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import MicrocredError
from microcred.jsonld import DocumentLoader
from microcred.jsonld.context_processing import ContextProcessor
from microcred.jsonld.expansion import Expander
from microcred.jsonld.nquads import Quad
from microcred.jsonld.problems import EventLog
from microcred.jsonld.processor import initial_context
from microcred.jsonld.to_rdf import RdfWriter

from .test_jsonld_conformance import BASE, ENTRIES, SUITE, skip_reason, suite_loader

SAMPLE = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "Sample-MC-Annex1-unsigned.jsonld"
UNUSED = "<https://example.org/not-a-predicate-of-the-input>"


def expanded(document: Any, loader: DocumentLoader, base: str | None) -> list[Any]:
    events = EventLog(False)
    expander = Expander(ContextProcessor(loader, events, None), events, base)
    return expander.expand_document(initial_context(base), document)


def subject_of(node: dict[str, Any]) -> str | None:
    """The node's subject as the writer names the first node it writes."""
    probe = RdfWriter(EventLog(False))
    quads = probe.write([{**node, "https://example.org/probe": [{"@value": "x"}]}])
    return next((q[0] for q in quads if q[1] == "<https://example.org/probe>"), None)


def check_focused(node: dict[str, Any]) -> int:
    """Assert the contract for ``node`` with each predicate; the number of statements left out in all."""
    whole: list[Quad] = RdfWriter(EventLog(False)).write([node])
    subject = subject_of(node)
    left_out = 0
    for predicate in {q[1] for q in whole} | {UNUSED}:
        focused = RdfWriter(EventLog(False)).write_focused(node, predicate)
        assert set(focused) <= set(whole)
        if subject is None:
            assert sorted(focused) == sorted(whole)
        needed = {q for q in whole if q[0] == subject or q[1] == predicate}
        assert needed <= set(focused), (predicate, needed - set(focused))
        left_out += len(whole) - len(focused)
    return left_out


def positive_inputs() -> list[tuple[str, Any, str]]:
    found = []
    for entry in ENTRIES:
        if skip_reason(entry) is not None or "jld:PositiveEvaluationTest" not in entry.get("@type", []):
            continue
        path = SUITE / entry["input"]
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            continue
        found.append((entry["@id"], document, BASE + entry["input"]))
    return found


def test_w3c_inputs() -> None:
    loader = suite_loader()
    nodes = 0
    left_out = 0
    for _name, document, base in positive_inputs():
        try:
            tree = expanded(document, loader, base)
            RdfWriter(EventLog(False)).write(tree)
        except (MicrocredError, RecursionError):
            continue
        for node in tree:
            if isinstance(node, dict):
                nodes += 1
                left_out += check_focused(node)
    assert nodes > 300
    assert left_out > 0


def test_sample_leaves_out_statements_about_other_nodes() -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    tree = expanded(document, DocumentLoader(), None)
    assert len(tree) == 1
    whole = RdfWriter(EventLog(False)).write(tree)
    focused = RdfWriter(EventLog(False)).write_focused(tree[0], UNUSED)
    subject = subject_of(tree[0])
    assert subject is not None and subject.startswith("<urn:credential:")
    assert {q for q in whole if q[0] == subject} <= set(focused)
    assert len(focused) < len(whole) / 2
    assert check_focused(tree[0]) > 0


@pytest.mark.parametrize(
    "node",
    [
        {
            "@id": "relative",
            "https://example.org/p": [
                {"@value": "a"},
                {"@id": "https://example.org/o", "https://example.org/q": [{"@value": "b"}]},
            ],
        },
        {
            "https://example.org/p": [
                {"@value": "a", "@language": "en"},
                {"@id": "_:x", "https://example.org/q": [{"@value": "b"}]},
            ]
        },
        {
            "@id": "_:x",
            "https://example.org/p": [
                {"@id": "_:x", "https://example.org/q": [{"@value": "b", "@language": "en"}]}
            ],
        },
        {
            "@id": "https://example.org/s",
            "@type": ["https://example.org/T"],
            "https://example.org/p": [{"@list": [{"@value": "a"}]}],
            "@reverse": {
                "https://example.org/r": [
                    {"@id": "https://example.org/o", "https://example.org/q": [{"@value": 1}]}
                ]
            },
        },
        {
            "@id": "https://example.org/s",
            "https://example.org/p": [
                {
                    "@id": "https://example.org/o",
                    "https://example.org/p": [{"@value": "c"}],
                    "https://example.org/q": [{"@value": "not a tag", "@language": "e n"}],
                }
            ],
        },
    ],
)
def test_small_nodes(node: dict[str, Any]) -> None:
    check_focused(node)
