"""Context processing is bounded (issue 11 item 3): contexts, term definitions, inline size, work."""

from __future__ import annotations

from typing import Any

import pytest

from microcred import verify
from microcred.errors import ContextLimitError, UsageError
from microcred.issuer import issue
from microcred.jsonld import ContextLimits, DocumentLoader, canonicalize
from microcred.jsonld.processor import jsonld_to_quads
from microcred.keys import Key

V2 = "https://www.w3.org/ns/credentials/v2"
NOW = "2026-01-15T12:00:00Z"


def document(context: Any) -> dict[str, Any]:
    return {"@context": context, "@id": "urn:a", "https://schema.org/name": "Ana"}


def small_contexts(n: int) -> list[Any]:
    return [V2, *({f"unused{i}": f"https://example.org/unused{i}"} for i in range(n))]


def many_terms(n: int) -> list[Any]:
    return [V2, {f"unused{i}": f"https://example.org/unused{i}" for i in range(n)}]


def scoped_terms(n: int) -> list[Any]:
    return [V2, {f"t{i}": {"@id": f"urn:t{i}", "@context": {"x": "urn:x"}} for i in range(n)}]


def nodes(n: int) -> dict[str, Any]:
    return {
        "@context": V2,
        "@id": "urn:a",
        "https://schema.org/knows": [
            {"@context": {f"t{i}": f"urn:t{i}"}, "@id": f"urn:s{i}"} for i in range(n)
        ],
    }


def limit_of(exc: pytest.ExceptionInfo[ContextLimitError]) -> str:
    assert exc.value.code == "JSONLD_CONTEXT_LIMIT"
    return str(exc.value.details["limit"])


@pytest.mark.parametrize(
    ("name", "build", "limit"),
    [
        ("many inline contexts", lambda: document(small_contexts(6_000)), "max_contexts"),
        ("a large inline context", lambda: document(many_terms(30_000)), "max_context_bytes"),
        ("scoped contexts on every term", lambda: document(scoped_terms(5_000)), "max_work"),
        ("an inline context on every node", lambda: nodes(6_000), "max_contexts"),
    ],
)
def test_the_default_limits_refuse_hostile_contexts(name: str, build: Any, limit: str) -> None:
    with pytest.raises(ContextLimitError) as exc:
        jsonld_to_quads(build(), DocumentLoader())
    assert limit_of(exc) == limit


def test_a_remote_context_with_too_many_terms() -> None:
    url = "https://example.org/huge"
    loader = DocumentLoader({url: {"@context": many_terms(60_000)[1]}})
    with pytest.raises(ContextLimitError) as exc:
        jsonld_to_quads(document([V2, url]), loader)
    assert limit_of(exc) == "max_terms"


def test_the_same_input_under_the_limits_is_processed() -> None:
    assert "schema.org/name" in canonicalize(document(small_contexts(1_000)))
    assert "schema.org/name" in canonicalize(document(many_terms(10_000)))


@pytest.mark.parametrize(
    ("limits", "limit"),
    [
        (ContextLimits(max_contexts=3), "max_contexts"),
        (ContextLimits(max_terms=10), "max_terms"),
        (ContextLimits(max_context_bytes=100), "max_context_bytes"),
        (ContextLimits(max_work=100), "max_work"),
    ],
)
def test_each_limit_is_configurable(limits: ContextLimits, limit: str) -> None:
    doc = document(small_contexts(5))
    assert canonicalize(doc)  # within the defaults
    with pytest.raises(ContextLimitError) as exc:
        canonicalize(doc, loader=DocumentLoader(context_limits=limits))
    assert limit_of(exc) == limit
    with pytest.raises(ContextLimitError):
        jsonld_to_quads(doc, DocumentLoader(), context_limits=limits)


def test_cached_contexts_count_as_much_as_fresh_ones() -> None:
    """The verdict does not depend on what ran before: a cache hit charges what processing cost."""
    doc = document(small_contexts(20))
    tight = ContextLimits(max_contexts=10)
    canonicalize(doc)  # warm every cache
    with pytest.raises(ContextLimitError):
        canonicalize(doc, loader=DocumentLoader(context_limits=tight))
    # the bundled VC 2.0 context alone defines a few hundred terms, cached or not
    with pytest.raises(ContextLimitError) as exc:
        canonicalize(document([V2]), loader=DocumentLoader(context_limits=ContextLimits(max_terms=50)))
    assert limit_of(exc) == "max_terms"


@pytest.mark.parametrize("field", ["max_contexts", "max_terms", "max_context_bytes", "max_work"])
@pytest.mark.parametrize("value", [-1, True, 1.5, "10"])
def test_limits_must_be_non_negative_integers(field: str, value: Any) -> None:
    with pytest.raises(UsageError, match=field):
        ContextLimits(**{field: value})


def test_verify_reports_the_limit_as_a_failed_proof_check(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    credential = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = issue(credential, key, now=NOW)
    assert isinstance(signed, dict)
    assert verify(signed, now=NOW).verified
    hostile = {**signed, "@context": small_contexts(6_000)}
    result = verify(hostile, now=NOW)
    assert not result.verified
    proof = [c for c in result.checks if c.name == "proof"]
    assert [c.code for c in proof] == ["JSONLD_CONTEXT_LIMIT"]
    assert proof[0].status.value == "failed"


def test_an_enveloped_credential_reports_the_limit_in_its_schema_check(keys: dict[str, Key]) -> None:
    key = keys["P-256"]
    credential = {
        "@context": small_contexts(6_000),
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    with pytest.raises(ContextLimitError):  # issue() keeps the limits too
        issue(credential, key, format="vc+jwt", now=NOW)
    lenient = DocumentLoader(context_limits=ContextLimits(max_contexts=100_000))
    token = issue(credential, key, format="vc+jwt", now=NOW, loader=lenient)
    result = verify(token, now=NOW)
    assert not result.verified
    assert [(c.status.value, c.code) for c in result.checks if c.name == "schema"] == [
        ("failed", "JSONLD_CONTEXT_LIMIT")
    ]
