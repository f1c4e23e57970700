"""What an application reads is what was signed: member names in compacted form (issue 11 item 6)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred import verify
from microcred.errors import JsonLdError
from microcred.issuer import issue
from microcred.jsonld import DocumentLoader, canonicalize
from microcred.jsonld.compacted_form import non_compact_members
from microcred.keys import Key
from microcred.verification.results import VerificationResult

V2 = "https://www.w3.org/ns/credentials/v2"
V1 = "https://www.w3.org/2018/credentials/v1"
NOW = "2026-01-15T12:00:00Z"
SCHEMA = {"schema": "https://schema.org/"}
VOCAB = {"@vocab": "https://example.org/vocab#"}


def credential(issuer: str = "did:example:issuer", context: list[Any] | None = None) -> dict[str, Any]:
    return {
        "@context": context or [V2],
        "id": "urn:uuid:2a9d6a0e-0b7c-4e55-8d2c-5b7f1c9e3d40",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana"},
    }


def rewritten(doc: dict[str, Any], old: str, new: str, where: str = "credentialSubject") -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node = out[where] if where else out
    node[new] = node.pop(old)
    return out


def members(doc: dict[str, Any]) -> list[str]:
    return non_compact_members(doc, DocumentLoader())


def test_a_compacted_credential_has_no_offending_member() -> None:
    assert members(credential()) == []


@pytest.mark.parametrize(
    ("name", "edit", "path"),
    [
        (
            "full IRI of a term",
            lambda d: rewritten(d, "name", "https://schema.org/name"),
            "$.credentialSubject['https://schema.org/name']",
        ),
        (
            "compact IRI of a term",
            lambda d: rewritten({**d, "@context": [V2, SCHEMA]}, "name", "schema:name"),
            "$.credentialSubject['schema:name']",
        ),
        (
            "keyword where the context has an alias",
            lambda d: rewritten(d, "id", "@id"),
            "$.credentialSubject['@id']",
        ),
        (
            "keyword at the top",
            lambda d: rewritten(d, "type", "@type", where=""),
            "$['@type']",
        ),
        (
            "a second term for the same IRI",
            lambda d: rewritten(
                {**d, "@context": [V2, {"fullName": "https://schema.org/name"}]}, "name", "fullName"
            ),
            "$.credentialSubject.fullName",
        ),
    ],
)
def test_a_member_compaction_would_not_write_is_reported(name: str, edit: Any, path: str) -> None:
    doc = edit(credential())
    assert canonicalize(doc) == canonicalize(credential())  # the same RDF: a signature would still verify
    assert members(doc) == [path]


def test_a_full_iri_where_the_vocabulary_makes_it_a_plain_name() -> None:
    doc = credential(context=[V2, VOCAB])
    doc["credentialSubject"]["level"] = "B2"
    assert members(doc) == []
    moved = rewritten(doc, "level", "https://example.org/vocab#level")
    assert canonicalize(moved) == canonicalize(doc)
    assert members(moved) == ["$.credentialSubject['https://example.org/vocab#level']"]


def test_a_second_spelling_of_the_same_property_is_reported() -> None:
    doc = credential()
    doc["credentialSubject"]["https://schema.org/name"] = "Eve"
    assert members(doc) == ["$.credentialSubject['https://schema.org/name']"]


def test_nodes_with_the_same_member_names_are_each_reported() -> None:
    # the findings are remembered per active context and tuple of member names: every node still gets its path
    doc = credential()
    doc["credentialSubject"] = [
        {"id": f"did:example:learner{i}", "https://schema.org/name": "Eve"} for i in range(3)
    ] + [{"id": "did:example:other", "name": "Ana"}]
    assert members(doc) == [f"$.credentialSubject[{i}]['https://schema.org/name']" for i in range(3)]
    assert members(credential()) == []
    assert members(doc) == [f"$.credentialSubject[{i}]['https://schema.org/name']" for i in range(3)]


def test_a_full_iri_without_a_term_or_prefix_is_compact() -> None:
    doc = credential()
    doc["credentialSubject"]["https://example.org/vocab#level"] = "B2"
    assert members(doc) == []
    # ... unless a prefix for it is defined: compaction writes the compact IRI
    doc["@context"] = [V2, {"ex": "https://example.org/vocab#"}]
    assert members(doc) == ["$.credentialSubject['https://example.org/vocab#level']"]
    doc["credentialSubject"]["ex:level"] = doc["credentialSubject"].pop("https://example.org/vocab#level")
    assert members(doc) == []


def test_scoped_contexts_apply_where_they_apply() -> None:
    # VC 1.1: "id" and "type" are aliased, the subject's claims come from the examples context
    doc = credential(context=[V1, "https://www.w3.org/2018/credentials/examples/v1"])
    doc["issuanceDate"] = doc.pop("validFrom")
    doc["credentialSubject"] = {
        "id": "did:example:learner",
        "degree": {"type": "BachelorDegree", "name": "BSc"},
    }
    assert members(doc) == []
    doc["credentialSubject"]["degree"]["@type"] = doc["credentialSubject"]["degree"].pop("type")
    assert members(doc) == ["$.credentialSubject.degree['@type']"]


def test_what_json_ld_cannot_read_raises() -> None:
    with pytest.raises(JsonLdError):
        members({"@context": {"@version": 2}, "name": "x"})


def proof_check(result: VerificationResult, name: str) -> list[tuple[str, str]]:
    return [(c.status.value, c.code) for c in result.checks if c.name == name]


@pytest.mark.parametrize("fmt", ["eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020", "vc+jwt"])
def test_verify_refuses_a_claim_moved_to_its_full_iri(fmt: str, keys: dict[str, Key]) -> None:
    key = keys["P-256"] if fmt != "eddsa-rdfc-2022" else keys["Ed25519"]
    doc = rewritten(credential(str(key.controller)), "name", "https://schema.org/name")
    assert verify(issue(credential(str(key.controller)), key, format=fmt, now=NOW), now=NOW).verified
    result = verify(issue(doc, key, format=fmt, now=NOW), now=NOW)
    assert not result.verified
    schema = [c for c in result.checks if c.name == "schema"]
    assert [c.code for c in schema] == ["NON_COMPACT_MEMBER"]
    assert "$.credentialSubject['https://schema.org/name']" in schema[0].message


def test_a_rewrite_after_signing_verifies_cryptographically_but_fails(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signed = issue(credential(str(key.controller)), key, now=NOW)
    assert isinstance(signed, dict)
    forged = rewritten(signed, "name", "https://schema.org/name")
    result = verify(forged, now=NOW)
    assert ("passed", "PROOF_VALID") in proof_check(result, "proof")
    assert ("failed", "NON_COMPACT_MEMBER") in proof_check(result, "schema")
    assert not result.verified


def test_a_proof_member_under_the_keyword_is_refused(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signed = issue(credential(str(key.controller)), key, now=NOW, proof_id="urn:uuid:6f1c8b4e-proof")
    assert isinstance(signed, dict)
    forged = copy.deepcopy(signed)
    forged["proof"]["@id"] = forged["proof"].pop("id")
    result = verify(forged, now=NOW)
    assert not result.verified
    assert ("failed", "NON_COMPACT_MEMBER") in proof_check(result, "proof")
