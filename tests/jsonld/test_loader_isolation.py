"""Processed contexts never leak between document loaders (issue 11 item 1).

A cached processing result is reused only where the loader at hand serves the very documents it was computed
from; a context a loader does not serve fails for that loader, whatever ran before in the process.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from microcred import verify
from microcred.errors import UnknownDocumentError
from microcred.issuer import issue
from microcred.jsonld import DocumentLoader, canonicalize
from microcred.keys import Key
from microcred.verification.results import VerificationResult

NOW = "2026-01-15T12:00:00Z"
V2 = "https://www.w3.org/ns/credentials/v2"
CTX = "https://example.org/tenant/v1"
CONTEXT = {"@context": {"@protected": True, "nickname": "https://schema.org/alternateName"}}
OTHER = {"@context": {"@protected": True, "nickname": "https://example.org/evil#alias"}}


def credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": [V2, CTX],
        "id": "urn:uuid:7c1d3a8e-1b1f-4a51-9a47-0c7b6c3e2f10",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "nickname": "Ana"},
    }


def proof_codes(result: VerificationResult) -> list[str]:
    return [c.code for c in result.checks if c.name == "proof"]


@pytest.fixture
def signed(keys: dict[str, Key]) -> dict[str, Any]:
    key = keys["Ed25519"]
    out = issue(credential(str(key.controller)), key, loader=DocumentLoader({CTX: CONTEXT}), now=NOW)
    assert isinstance(out, dict)
    return out


def test_the_issue_sequence_in_one_process(signed: dict[str, Any]) -> None:
    # the loader that signed it verifies it (and fills the caches)
    assert verify(signed, loader=DocumentLoader({CTX: CONTEXT}), now=NOW).verified
    # the bundled loader does not serve CTX: the context is unavailable, not verified
    bundled_only = verify(signed, now=NOW)
    assert not bundled_only.verified
    assert "CONTEXT_UNAVAILABLE" in proof_codes(bundled_only)
    # another loader serving other content at CTX must not reuse the first processing
    other = verify(signed, loader=DocumentLoader({CTX: OTHER}), now=NOW)
    assert not other.verified
    assert "PROOF_SIGNATURE_INVALID" in proof_codes(other)
    # and the first loader still verifies it
    assert verify(signed, loader=DocumentLoader({CTX: CONTEXT}), now=NOW).verified


def test_a_context_listed_inline_with_a_url_is_not_reused_by_another_loader() -> None:
    document = {"@context": [V2, CTX, {"x": "https://example.org/x"}], "@id": "urn:a", "nickname": "Ana"}
    assert "schema.org" in canonicalize(document, loader=DocumentLoader({CTX: CONTEXT}))
    with pytest.raises(UnknownDocumentError, match="tenant"):
        canonicalize(document)
    assert "evil" in canonicalize(document, loader=DocumentLoader({CTX: OTHER}))


def test_a_nested_remote_context_is_checked_too() -> None:
    outer = "https://example.org/outer"
    document = {"@context": outer, "@id": "urn:a", "nickname": "Ana"}
    first = DocumentLoader({outer: {"@context": [CTX]}, CTX: CONTEXT})
    assert "schema.org" in canonicalize(document, loader=first)
    # same outer document object, different nested one
    second = DocumentLoader({outer: first.load(outer), CTX: OTHER})
    assert "evil" in canonicalize(document, loader=second)
    with pytest.raises(UnknownDocumentError):
        canonicalize(document, loader=DocumentLoader({outer: first.load(outer)}))


def test_a_scoped_context_naming_a_url_is_checked_against_the_loader() -> None:
    scoped = {"@context": {"Thing": {"@id": "https://example.org/Thing", "@context": CTX}}}
    outer = "https://example.org/scoped"
    document = {"@context": outer, "@id": "urn:a", "@type": "Thing", "nickname": "Ana"}
    assert "schema.org" in canonicalize(document, loader=DocumentLoader({outer: scoped, CTX: CONTEXT}))
    assert "evil" in canonicalize(document, loader=DocumentLoader({outer: scoped, CTX: OTHER}))
    with pytest.raises(UnknownDocumentError):
        canonicalize(document, loader=DocumentLoader({outer: scoped}))


def test_a_document_changed_in_place_is_processed_again() -> None:
    mine: dict[str, Any] = {"@context": {"nickname": "https://schema.org/alternateName"}}
    loader = DocumentLoader({CTX: mine})
    document = {"@context": [CTX], "@id": "urn:a", "nickname": "Ana"}
    assert "schema.org" in canonicalize(document, loader=loader)
    mine["@context"]["nickname"] = "https://example.org/changed"
    assert "example.org/changed" in canonicalize(document, loader=loader)


def test_loaders_in_threads_never_see_each_others_contexts() -> None:
    document = {"@context": [V2, CTX], "@id": "urn:a", "nickname": "Ana"}
    loaders = [DocumentLoader({CTX: CONTEXT}), DocumentLoader({CTX: OTHER}), DocumentLoader()]

    def run(i: int) -> str:
        try:
            return "schema" if "schema.org" in canonicalize(document, loader=loaders[i % 3]) else "evil"
        except UnknownDocumentError:
            return "unavailable"

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, range(60)))
    assert results == [("schema", "evil", "unavailable")[i % 3] for i in range(60)]
