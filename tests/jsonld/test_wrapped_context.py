"""An embedded context object that wraps its definitions in "@context" (issue 11 item 5).

jsonld.js and PyLD take ``[..., {"@context": {...}}]`` as ``[..., {...}]`` (their context resolvers dereference an
``@context`` member of each context entry), and the W3C Data Integrity test suites sign credentials shaped so.
microcred does the same for an array entry whose only member is ``@context`` holding an object; safe mode and
protected terms apply to the wrapped definitions as to any others. The canonical form is PyLD's.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pyld import jsonld as pyld

from microcred import verify
from microcred.errors import JsonLdError, SafeModeError
from microcred.issuer import issue
from microcred.jsonld import DocumentLoader, canonicalize
from microcred.keys import Key

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
NOW = "2026-01-15T12:00:00Z"
WRAPPED = {"@context": {"name": "https://schema.org/name", "Person": "https://schema.org/Person"}}


def credential(issuer: str, context: list[Any]) -> dict[str, Any]:
    return {
        "@context": context,
        "id": "urn:uuid:0b5e8f3c-6a7d-4f2e-9c1b-3d4e5f6a7b8c",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "type": "Person", "name": "Ana"},
    }


def pyld_canonical(document: dict[str, Any]) -> str:
    loader = DocumentLoader()
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    return str(pyld.normalize(copy.deepcopy(document), options))


def test_the_wrapped_object_is_the_context_as_pyld_reads_it() -> None:
    document = credential("did:example:issuer", [V2, WRAPPED])
    canonical = canonicalize(document)
    assert "<https://schema.org/name>" in canonical
    assert "<https://schema.org/Person>" in canonical
    assert canonical == pyld_canonical(document)
    assert canonical == canonicalize(credential("did:example:issuer", [V2, WRAPPED["@context"]]))


def test_a_credential_with_a_wrapped_context_is_signed_and_verified(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signed = issue(credential(str(key.controller), [V2, WRAPPED]), key, now=NOW)
    assert isinstance(signed, dict)
    assert signed["@context"][1] == WRAPPED
    assert verify(signed, now=NOW).verified
    tampered = copy.deepcopy(signed)
    tampered["@context"][1]["@context"]["name"] = "https://schema.org/alternateName"
    assert not verify(tampered, now=NOW).verified


def test_safe_mode_applies_to_the_wrapped_definitions() -> None:
    # VC 1.1 has no @vocab: a term the wrapped context does not define is dropped, so safe mode refuses it
    document = credential("did:example:issuer", [V1, WRAPPED])
    document["issuanceDate"] = document.pop("validFrom")
    document["credentialSubject"]["nickname"] = "A"
    with pytest.raises(SafeModeError, match="nickname"):
        canonicalize(document)


def test_a_wrapped_context_cannot_redefine_a_protected_term() -> None:
    wrapped = {"@context": {"VerifiableCredential": "https://example.org/NotAVc"}}
    document = credential("did:example:issuer", [V2, wrapped])
    with pytest.raises(JsonLdError) as exc:
        canonicalize(document)
    assert exc.value.details["jsonld_code"] == "protected term redefinition"


@pytest.mark.parametrize(
    ("context", "code"),
    [
        # other members next to the wrapper would be ignored by jsonld.js and PyLD: refused, not dropped
        (
            [V2, {"@context": WRAPPED["@context"], "other": "https://example.org/other"}],
            "keyword redefinition",
        ),
        # a wrapped URL or array is not a context object
        ([V2, {"@context": "https://example.org/ctx"}], "keyword redefinition"),
        # a lone wrapper (not in an array) stays an error, as W3C toRdf test er56 requires
        ({"@context": WRAPPED["@context"]}, "keyword redefinition"),
        # one level only
        ([V2, {"@context": WRAPPED}], "keyword redefinition"),
    ],
)
def test_other_shapes_stay_errors(context: Any, code: str) -> None:
    with pytest.raises(JsonLdError) as exc:
        canonicalize({"@context": context, "@id": "urn:a", "name": "Ana"})
    assert exc.value.details["jsonld_code"] == code
