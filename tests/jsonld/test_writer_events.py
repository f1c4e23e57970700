"""The lossless check without the RDF writer gives the writer's verdict and messages (issue 19 item 1).

``check_jsonld_lossless`` skips the RDF writer unless :func:`writer_may_report` says it could report something
expansion did not. Every JSON-LD object of the adversarial corpus (credentials, proofs, JOSE payloads), every
JSON-LD document under tests/ and every W3C toRdf input goes through both it and the old way (``jsonld_to_quads``
in safe mode): the outcome (no error, or the error's class, code, message, path and details) must be the same.
The shapes only the writer reports are checked one by one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import MicrocredError, SafeModeError
from microcred.jsonld import DocumentLoader, check_lossless
from microcred.jsonld import shared_expansion as shared
from microcred.jsonld.context_processing import ContextProcessor
from microcred.jsonld.expansion import Expander
from microcred.jsonld.problems import EventLog
from microcred.jsonld.processor import check_jsonld_lossless, initial_context, jsonld_to_quads
from microcred.jsonld.writer_events import writer_may_report

TESTS = Path(__file__).resolve().parents[1]
V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://example.org/"
LOADER = DocumentLoader()


def outcome(run: Callable[[], Any]) -> Any:
    try:
        run()
    except MicrocredError as exc:
        return (type(exc).__name__, exc.code, str(exc), exc.path, json.dumps(exc.details, sort_keys=True))
    except Exception as exc:  # the writer's own (a non-finite number): the same either way
        return (type(exc).__name__, str(exc))
    return "ok"


def both(document: Any, loader: DocumentLoader = LOADER) -> tuple[Any, Any]:
    old = outcome(lambda: jsonld_to_quads(document, loader, safe=True))
    new = outcome(lambda: check_jsonld_lossless(document, loader))
    assert_marked(document, loader)
    return old, new


def assert_marked(document: Any, loader: DocumentLoader = LOADER) -> bool:
    """Expansion marks (``EventLog.writer_shapes``) every document the walk would send to the writer: when it
    reported nothing and marked nothing, ``writer_may_report`` finds nothing. Returns the mark."""
    events = EventLog(True)
    expander = Expander(ContextProcessor(loader, events, None), events, None)
    try:
        expanded = expander.expand_document(initial_context(None), document)
    except (MicrocredError, RecursionError):
        return events.writer_shapes
    if not events.problems and not events.writer_shapes:
        assert not writer_may_report(expanded)
    return events.writer_shapes


def json_ld_objects(value: Any) -> Iterator[dict[str, Any]]:
    """``value`` and every object inside it with an ``@context`` (and each of those without its ``proof``)."""
    if isinstance(value, dict):
        if "@context" in value:
            yield value
            if "proof" in value:
                yield {k: v for k, v in value.items() if k != "proof"}
        for inner in value.values():
            yield from json_ld_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from json_ld_objects(inner)


def jwt_payloads(text: str) -> Iterator[Any]:
    for token in text.replace("~", ".").split():
        parts = token.split(".")
        for part in parts[1:2]:
            try:
                yield json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
            except (ValueError, binascii.Error):
                continue


def corpus_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted((TESTS / "adversarial" / "cases").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            values = [json.loads(text)]
        except ValueError:
            values = list(jwt_payloads(text))
        for value in values:
            for document in json_ld_objects(value):
                yield path.name, document


@pytest.mark.parametrize("scoped", [False, True], ids=["alone", "in a verification"])
def test_the_attack_corpus_both_ways(scoped: bool) -> None:
    counts: Counter[str] = Counter()
    for name, document in corpus_documents():
        if scoped:
            with shared.shared_expansions():
                old, new = both(document)
        else:
            old, new = both(document)
        assert new == old, name
        counts["ok" if old == "ok" else "error"] += 1
    assert counts["ok"] >= 300 and counts["error"] >= 30, counts


def test_test_data_both_ways() -> None:
    counts: Counter[str] = Counter()
    for path in sorted([*TESTS.rglob("*.json"), *TESTS.rglob("*.jsonld")]):
        if "node_modules" in path.parts or "cases" in path.parts or "jsonld-api" in path.parts:
            continue
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for document in json_ld_objects(value):
            old, new = both(document)
            assert new == old, path.name
            counts["ok" if old == "ok" else "error"] += 1
    assert counts["ok"] >= 100, counts


def test_w3c_to_rdf_inputs_both_ways() -> None:
    from .test_jsonld_conformance import suite_loader

    loader = suite_loader()
    counts: Counter[str] = Counter()
    for path in sorted((TESTS / "suites" / "jsonld-api" / "toRdf").glob("*-in.jsonld")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        old, new = both(document, loader)
        assert new == old, path.name
        counts["ok" if old == "ok" else "error"] += 1
    assert counts["ok"] >= 100 and counts["error"] >= 100, counts


def credential(context: Any = None, **extra: Any) -> dict[str, Any]:
    return {
        "@context": [V2] if context is None else [V2, context],
        "id": "urn:uuid:2a9d6a0e-0b7c-4e55-8d2c-5b7f1c9e3d40",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", **extra},
    }


#: Shapes that only the RDF writer reports (expansion keeps them without an event), and the writer's event code.
WRITER_ONLY = {
    "a node typed @json": (credential(**{"@type": "@json", EX + "p": "x"}), "relative object reference"),
    "a type mapping that is absolute but not a well-formed IRI": (
        credential({"t": {"@id": EX + "t", "@type": "http://example.org/a#b#c"}}, t="x"),
        "relative object reference",
    ),
    "a property-valued index on a blank node property": (
        credential({"byIndex": {"@id": EX + "i", "@container": "@index", "@index": "_:b"}}, byIndex={"k": {"id": EX + "n"}}),
        "blank node predicate",
    ),
    "a property-valued index on a malformed IRI": (
        credential({"byIndex": {"@id": EX + "i", "@container": "@index", "@index": "http://example.org/a#b#c"}}, byIndex={"k": {"id": EX + "n"}}),
        "relative predicate reference",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WRITER_ONLY))
def test_what_only_the_writer_reports_is_still_reported(name: str) -> None:
    document, code = WRITER_ONLY[name]
    old, new = both(document)
    assert new == old
    assert assert_marked(document)  # expansion marked it for the writer
    with pytest.raises(SafeModeError) as raised:
        check_lossless(document, loader=LOADER)
    assert raised.value.details["jsonld_code"] == code


@pytest.mark.parametrize(
    "value",
    [float("inf"), float("nan"), 10**400, {"@value": {"a": float("nan")}, "@type": "@json"}],
    ids=["infinity", "nan", "huge integer", "json literal that is not JSON"],
)
def test_values_the_writer_cannot_write_still_reach_it(value: Any) -> None:
    document = credential({"n": {"@id": EX + "n"}}, n=value)
    old, new = both(document)
    assert new == old
    assert assert_marked(document)


@pytest.mark.parametrize(
    ("extra", "marked"),
    [
        ({"n": 10**21}, True),  # the writer's xsd:double of it: not exact
        ({"n": 10**21 - 1}, False),
        ({"n": -(10**21)}, True),
        ({"n": 1.5, "b": True, "s": "x"}, False),
        ({"v": {"@value": 10**22}}, True),  # a value object, the long way
        ({"v": {"@value": "x", "@type": EX + "d"}}, False),
        ({"v": {"@value": {"a": 1}, "@type": "@json"}}, True),
        ({"j": {"a": 1}}, True),  # a term typed @json
        ({"@type": ["@json"]}, True),
        ({"@type": [EX + "T"]}, False),
    ],
)
def test_expansion_marks_exactly_the_shapes_it_leaves_to_the_writer(
    extra: dict[str, Any], marked: bool
) -> None:
    context = {
        "n": EX + "n",
        "b": EX + "b",
        "s": EX + "s",
        "v": EX + "v",
        "j": {"@id": EX + "j", "@type": "@json"},
    }
    document = credential(context, **extra)
    for _ in range(2):  # the second time, the types come from the context's cache
        assert assert_marked(document) is marked


def test_a_clean_credential_skips_the_writer() -> None:
    from microcred.jsonld.processor import expand_shared

    with shared.shared_expansions():
        events = EventLog(True)
        expanded = expand_shared(credential(), LOADER, events)
        again = EventLog(True)
        assert expand_shared(credential(), LOADER, again) is not expanded  # (another document: not shared)
    assert not writer_may_report(expanded) and not events.writer_shapes and not again.writer_shapes
    assert writer_may_report([{"@id": "relative"}])
    assert writer_may_report([{"@id": EX + "n", "_:p": [{"@value": "x"}]}])
    assert writer_may_report([{"@id": EX + "n", "@reverse": {"_:p": [{"@id": EX + "m"}]}}])
    assert writer_may_report([{"@id": EX + "n", EX + "p": [{"@list": [{"@value": 1.5, "@type": "rel"}]}]}])
    assert writer_may_report([{"@id": EX + "g", "@graph": [{"@type": ["@json"]}]}])


#: Every event and error ``to_rdf`` can report, as ``writer_events`` was checked against (its docstring): the call
#: sites (``events.warn``, ``jsonld_error``, ``resource``) and their codes. A new one means reading it again.
WRITER_REPORTS = [
    ("jsonld_error", "invalid rdfDirection"),
    ("jsonld_error", "invalid value object value"),
    ("resource", "relative object reference"),
    ("resource", "relative subject reference"),
    ("warn", "<code>"),
    ("warn", "blank node predicate"),
    ("warn", "relative graph reference"),
    ("warn", "relative object reference"),
    ("warn", "relative predicate reference"),
]


def test_the_writer_reports_what_writer_events_was_checked_against() -> None:
    import ast

    from microcred.jsonld import to_rdf

    tree = ast.parse((Path(to_rdf.__file__).parent / "to_rdf.py").read_text(encoding="utf-8"))
    found = []
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        position = {"warn": 0, "jsonld_error": 0, "resource": 1}.get(name)
        if position is None or len(call.args) <= position:
            continue
        code = call.args[position]
        found.append((name, code.value if isinstance(code, ast.Constant) else "<code>"))
    assert sorted(found) == WRITER_REPORTS


def test_a_shared_expansion_hands_on_its_mark() -> None:
    from microcred.jsonld.processor import expand_shared

    document = credential({"n": {"@id": EX + "n"}}, n=10**400)
    clean = credential()
    with shared.shared_expansions():
        first, second, third = EventLog(True), EventLog(True), EventLog(True)
        expanded = expand_shared(document, LOADER, first)
        assert expand_shared(document, LOADER, second) is expanded  # replayed, with its mark
        expand_shared(clean, LOADER, third)
        expand_shared(clean, LOADER, third)
    assert first.writer_shapes and second.writer_shapes and not third.writer_shapes
    expected = outcome(lambda: jsonld_to_quads(document, LOADER, safe=True))
    assert expected != "ok"
    with shared.shared_expansions():  # the writer still runs, the second time too, and fails as before
        assert outcome(lambda: check_jsonld_lossless(document, LOADER)) == expected
        assert outcome(lambda: check_jsonld_lossless(document, LOADER)) == expected
