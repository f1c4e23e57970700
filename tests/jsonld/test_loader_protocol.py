"""Any loader that follows the JsonLdLoader protocol works, and so does a pyld document loader (issue 12.6)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred import verify
from microcred.errors import DocumentLoaderError, UnknownDocumentError
from microcred.issuer import issue
from microcred.jsonld import ContextLimits, DocumentLoader, JsonLdLoader, canonicalize, resolve_loader
from microcred.jsonld.contexts import bundled_document
from microcred.keys import Key

V2 = "https://www.w3.org/ns/credentials/v2"
CTX = "https://example.org/custom/v1"
CUSTOM = {"@context": {"nickname": "https://schema.org/alternateName"}}
DOCUMENT = {"@context": [V2, CTX], "@id": "urn:a", "nickname": "Ana"}
NOW = "2026-01-15T12:00:00Z"


class DictLoader:
    """A loader written against the protocol only (no microcred base class)."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.calls: list[str] = []

    def load(self, url: str) -> Any:
        self.calls.append(url)
        if url in self.documents:
            return self.documents[url]
        return bundled_document(url)  # raises UnknownDocumentError for anything else


def pyld_loader(documents: dict[str, Any]) -> Any:
    """A pyld-style document loader: ``(url, options) -> RemoteDocument``, failing with pyld's error."""
    from pyld.jsonld import JsonLdError as PyldError

    def load(url: str, options: Any) -> dict[str, Any]:
        if url not in documents:
            raise PyldError(
                "not found", "jsonld.LoadDocumentError", {"url": url}, code="loading document failed"
            )
        return {"contextUrl": None, "documentUrl": url, "document": documents[url]}

    return load


def test_the_classes_follow_the_protocol() -> None:
    assert isinstance(DocumentLoader(), JsonLdLoader)
    assert isinstance(DictLoader({}), JsonLdLoader)
    assert not isinstance(pyld_loader({}), JsonLdLoader)


def test_an_object_with_load_is_adapted() -> None:
    mine = DictLoader({CTX: CUSTOM})
    loader = resolve_loader(mine)
    assert isinstance(loader, DocumentLoader)
    assert "schema.org/alternateName" in canonicalize(DOCUMENT, loader=mine)
    assert CTX in mine.calls
    with pytest.raises(UnknownDocumentError):
        canonicalize({**DOCUMENT, "@context": [V2, "https://example.org/missing"]}, loader=mine)


def test_a_pyld_document_loader_is_adapted() -> None:
    documents = {V2: bundled_document(V2), CTX: CUSTOM}
    assert "schema.org/alternateName" in canonicalize(DOCUMENT, loader=pyld_loader(documents))
    # pyld's own error becomes "not served", naming the URL
    with pytest.raises(UnknownDocumentError, match="custom/v1"):
        canonicalize(DOCUMENT, loader=pyld_loader({V2: bundled_document(V2)}))


def test_a_pyld_loader_may_return_json_text() -> None:
    import json

    documents = {V2: json.dumps(bundled_document(V2)), CTX: json.dumps(CUSTOM)}
    assert "schema.org/alternateName" in canonicalize(DOCUMENT, loader=pyld_loader(documents))


def test_a_pyld_loader_that_returns_no_remote_document() -> None:
    with pytest.raises(DocumentLoaderError, match="RemoteDocument"):
        canonicalize(DOCUMENT, loader=lambda url, options: {"documentUrl": url})


def test_the_adapter_asks_once_per_url() -> None:
    mine = DictLoader({CTX: CUSTOM})
    loader = resolve_loader(mine)
    canonicalize(DOCUMENT, loader=loader)
    canonicalize(DOCUMENT, loader=loader)
    assert mine.calls.count(CTX) == 1


def test_the_adapter_keeps_the_context_limits_of_the_object() -> None:
    mine = DictLoader({CTX: CUSTOM})
    mine.context_limits = ContextLimits(max_terms=3)  # type: ignore[attr-defined]
    assert resolve_loader(mine).context_limits.max_terms == 3
    assert (
        resolve_loader(pyld_loader({}), context_limits=ContextLimits(max_work=7)).context_limits.max_work == 7
    )


def test_issue_and_verify_with_protocol_and_pyld_loaders(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    credential = {
        "@context": [V2, CTX],
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "nickname": "Ana"},
    }
    signed = issue(credential, key, loader=DictLoader({CTX: CUSTOM}), now=NOW)
    assert isinstance(signed, dict)
    documents = {url: bundled_document(url) for url in DocumentLoader().urls()} | {CTX: CUSTOM}
    assert verify(signed, loader=pyld_loader(documents), now=NOW).verified
    assert not verify(signed, loader=DictLoader({}), now=NOW).verified


def test_anything_else_is_refused() -> None:
    with pytest.raises(DocumentLoaderError, match="load"):
        resolve_loader(42)  # type: ignore[arg-type]
