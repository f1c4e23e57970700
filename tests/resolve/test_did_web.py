"""did:web: DID-to-URL mapping, and resolution through an injected (offline) fetcher."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import (
    DidDocumentError,
    InvalidDidError,
    InvalidVerificationMethodError,
    MicrocredError,
    ResolutionError,
    VerificationMethodNotFoundError,
)
from microcred.fetcher import FetchedResource, StaticFetcher
from microcred.keys import Key
from microcred.resolve import DidWebResolver, default_resolver, did_web_to_url

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "did-web"
MAPPING = json.loads((VECTORS / "url-mapping.json").read_text())
DID = "did:web:registrar.example.edu:issuers:42"
URL = "https://registrar.example.edu/issuers/42/did.json"


@pytest.mark.parametrize("case", MAPPING["valid"], ids=[c["did"] for c in MAPPING["valid"]])
def test_url_mapping(case: dict[str, str]) -> None:
    assert did_web_to_url(case["did"]) == case["url"]


@pytest.mark.parametrize("case", MAPPING["invalid"], ids=[c["why"] for c in MAPPING["invalid"]])
def test_invalid_did_web(case: dict[str, str]) -> None:
    with pytest.raises(InvalidDidError):
        did_web_to_url(case["did"])


def document(keys: dict[str, Key], **extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [
            {
                "id": "#key-1",
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": keys["Ed25519"].public_key_multibase,
            },
            {
                "id": f"{DID}#key-2",
                "type": "JsonWebKey",
                "controller": DID,
                "publicKeyJwk": {k: v for k, v in keys["P-256"].to_jwk().items() if k != "kid"},
            },
        ],
        "assertionMethod": ["#key-1", f"{DID}#key-2"],
        "authentication": [
            "#key-1",
            {
                "id": "#key-3",
                "type": "JsonWebKey2020",
                "controller": DID,
                "publicKeyJwk": {k: v for k, v in keys["P-384"].to_jwk().items() if k != "kid"},
            },
        ],
        **extra,
    }


def resolver_for(doc: Any, url: str = URL) -> DidWebResolver:
    return DidWebResolver(StaticFetcher({url: json.dumps(doc) if not isinstance(doc, str | bytes) else doc}))


def test_resolves_methods_and_relationships(keys: dict[str, Key]) -> None:
    resolver = resolver_for(document(keys))
    one = resolver.resolve(f"{DID}#key-1")
    assert one.id == f"{DID}#key-1" and one.type == "Multikey" and one.controller == DID
    assert one.relationships == {"assertionMethod", "authentication"}
    assert one.key.thumbprint() == keys["Ed25519"].thumbprint() and one.key.kid == f"{DID}#key-1"
    assert one.document["id"] == "#key-1"
    two = resolver.resolve(f"{DID}#key-2")
    assert two.relationships == {"assertionMethod"} and two.key.key_type == "P-256"
    three = resolver.resolve(f"{DID}#key-3")  # embedded in a relationship
    assert three.relationships == {"authentication"} and three.key.key_type == "P-384"
    assert resolver.resolve_did(DID)["id"] == DID


def test_method_not_authorised_for_assertion(keys: dict[str, Key]) -> None:
    method = resolver_for(document(keys)).resolve(f"{DID}#key-3")
    assert "assertionMethod" not in method.relationships


def test_document_id_must_match(keys: dict[str, Key]) -> None:
    doc = document(keys, id="did:web:evil.example")
    with pytest.raises(DidDocumentError, match=r"evil\.example"):
        resolver_for(doc).resolve(f"{DID}#key-1")


def test_controller_must_be_the_document(keys: dict[str, Key]) -> None:
    doc = document(keys)
    doc["verificationMethod"][0]["controller"] = "did:web:evil.example"
    with pytest.raises(InvalidVerificationMethodError, match="controller"):
        resolver_for(doc).resolve(f"{DID}#key-1")


def test_unknown_fragment(keys: dict[str, Key]) -> None:
    with pytest.raises(VerificationMethodNotFoundError):
        resolver_for(document(keys)).resolve(f"{DID}#key-9")
    with pytest.raises(VerificationMethodNotFoundError):
        resolver_for(document(keys)).resolve(DID)  # did:web needs the fragment


def test_duplicate_ids_are_ambiguous(keys: dict[str, Key]) -> None:
    doc = document(keys)
    doc["verificationMethod"].append({**doc["verificationMethod"][1], "id": "#key-1"})
    with pytest.raises(DidDocumentError, match="share the id"):
        resolver_for(doc).resolve(f"{DID}#key-1")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", DidDocumentError),
        (b'{"id": "x", "id": "y"}', DidDocumentError),
        (b"[1, 2]", DidDocumentError),
        (b'{"verificationMethod": []}', DidDocumentError),
    ],
)
def test_malformed_documents(body: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        resolver_for(body).resolve(f"{DID}#key-1")


def test_private_key_in_document_is_refused(keys: dict[str, Key]) -> None:
    doc = document(keys)
    doc["verificationMethod"][1]["publicKeyJwk"] = keys["P-256"].to_jwk(private=True)
    with pytest.raises(InvalidVerificationMethodError, match="private key material"):
        resolver_for(doc).resolve(f"{DID}#key-2")


def test_fetch_failures_are_resolution_errors() -> None:
    with pytest.raises(ResolutionError, match="cannot fetch") as info:
        DidWebResolver(StaticFetcher({})).resolve(f"{DID}#key-1")
    assert info.value.details["cause"] == "FETCH_DENIED"


class RecordingFetcher:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.calls: list[tuple[str, str]] = []

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        self.calls.append((url, accept))
        return FetchedResource(url=url, content=self.body)


def test_fetches_the_mapped_https_url_with_did_media_types(keys: dict[str, Key]) -> None:
    fetcher = RecordingFetcher(json.dumps(document(keys)).encode())
    DidWebResolver(fetcher).resolve(f"{DID}#key-1")
    [(url, accept)] = fetcher.calls
    assert url == URL and "application/did+json" in accept


def test_hardened_fetcher_is_used_only_when_given(keys: dict[str, Key]) -> None:
    with pytest.raises(MicrocredError, match="network access"):
        default_resolver().resolve(f"{DID}#key-1")
    fetcher = StaticFetcher({URL: json.dumps(document(keys))})
    assert default_resolver(fetcher).resolve(f"{DID}#key-1").key.key_type == "Ed25519"


def test_hardened_fetcher_refuses_http_and_private_hosts() -> None:
    from microcred.fetcher import HardenedFetcher

    fetcher = HardenedFetcher(resolve_host=lambda host: ["10.0.0.1"])
    with pytest.raises(ResolutionError, match="non-public"):
        DidWebResolver(fetcher).resolve("did:web:intranet.example#key-1")
