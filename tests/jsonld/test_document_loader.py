"""The offline document loader: bundled contexts, caller documents, opt-in fetching, pyld interface."""

from __future__ import annotations

import threading

import pytest
from pyld import jsonld

from microcred.errors import DocumentLoaderError, FetchDeniedError, UnknownDocumentError
from microcred.fetcher import StaticFetcher
from microcred.jsonld.contexts import bundled_document
from microcred.jsonld.loader import DocumentLoader, resolve_loader

V2 = "https://www.w3.org/ns/credentials/v2"


def test_serves_bundled_contexts(loader: DocumentLoader) -> None:
    assert loader.load(V2)["@context"]["@protected"] is True
    assert V2 in loader.urls()


def test_unknown_url_names_the_url(loader: DocumentLoader) -> None:
    with pytest.raises(UnknownDocumentError, match=r"https://evil\.example/ctx"):
        loader.load("https://evil.example/ctx")


def test_without_bundled_contexts_nothing_is_served() -> None:
    with pytest.raises(UnknownDocumentError):
        DocumentLoader(bundled=False).load(V2)


def test_caller_documents_take_precedence() -> None:
    mine = {"@context": {"x": "https://example.org/x"}}
    loader = DocumentLoader({"https://example.org/ctx": mine})
    assert loader.load("https://example.org/ctx") is mine
    assert resolve_loader({"https://example.org/ctx": mine}).load("https://example.org/ctx") is mine


def test_fetching_only_for_allow_listed_urls() -> None:
    fetcher = StaticFetcher({"https://example.org/ctx/a": '{"@context": {"a": "https://example.org/a"}}'})
    loader = DocumentLoader(fetcher=fetcher, allow_urls=["https://example.org/ctx/"])
    assert loader.load("https://example.org/ctx/a")["@context"]["a"] == "https://example.org/a"
    with pytest.raises(UnknownDocumentError, match="allow-list"):
        loader.load("https://other.example/ctx")
    with pytest.raises(FetchDeniedError):
        loader.load("https://example.org/ctx/b")  # allowed, but the fetcher has nothing


def test_allow_urls_without_fetcher_is_misuse() -> None:
    with pytest.raises(DocumentLoaderError):
        DocumentLoader(allow_urls=["https://example.org/"])


def test_pyld_interface_expands_offline(loader: DocumentLoader) -> None:
    doc = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"id": "did:example:2"},
    }
    expanded = jsonld.expand(doc, {"documentLoader": loader})
    assert expanded[0]["@type"] == ["https://www.w3.org/2018/credentials#VerifiableCredential"]


def test_pyld_unknown_context_fails(loader: DocumentLoader) -> None:
    doc = {"@context": "https://unknown.example/ctx", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, {"documentLoader": loader})


def test_pyld_cannot_corrupt_the_shared_copy(loader: DocumentLoader) -> None:
    before = repr(bundled_document(V2))
    remote = loader(V2, {})
    remote["document"]["@context"]["id"] = "tampered"
    assert repr(bundled_document(V2)) == before


def test_concurrent_loads_share_one_parse() -> None:
    url = "https://w3id.org/security/suites/jws-2020/v1"
    loader = DocumentLoader()
    seen: list[int] = []

    def work() -> None:
        for _ in range(50):
            seen.append(id(loader.load(url)))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1
