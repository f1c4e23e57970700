"""The reduced document's RDF derived from the one shared expansion equals expanding it again (issue 19 item 1).

Every case runs both ways: :func:`restated_from_shared_expansion` (from the whole document's recorded expansion)
and :func:`restated_by_expansion` (the reduced document expanded afresh). Where the derivation applies it must
give the same answer; the cases it must leave to the expansion say so.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.jsonld import DocumentLoader
from microcred.jsonld import shared_expansion as shared
from microcred.jsonld.problems import EventLog
from microcred.jsonld.processor import expand_shared
from microcred.jsonld.reduced_expansion import reduced_node
from microcred.verification import signed_members
from microcred.verification.signed_members import (
    CREDENTIAL_MEMBERS,
    PROOF_MEMBERS,
    restated_by_expansion,
    restated_from_shared_expansion,
)

V2 = "https://www.w3.org/ns/credentials/v2"
VC = "https://www.w3.org/2018/credentials#"
EX = "https://example.org/"
MARKER = "https://w3id.org/microcred/verifier#thisNode"
LOADER = DocumentLoader()
DERIVED, UNDERIVED = "derived", "underived"


def both(document: Any, members: dict[str, str], loader: DocumentLoader = LOADER) -> tuple[Any, Any]:
    """(derived answer or UNDERIVED, answer by expansion), each in its own verification scope."""
    with shared.shared_expansions():
        fast = restated_from_shared_expansion(copy.deepcopy(document), members, loader)
    with shared.shared_expansions():
        slow = restated_by_expansion(copy.deepcopy(document), members, loader)
    return (UNDERIVED if fast is signed_members._UNDERIVED else fast), slow


def credential(**extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": [V2],
        "id": "urn:uuid:2a9d6a0e-0b7c-4e55-8d2c-5b7f1c9e3d40",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2027-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana"},
    }
    document.update(extra)
    return document


def with_context(extra: dict[str, Any], **members: Any) -> dict[str, Any]:
    document = credential(**members)
    document["@context"] = [V2, extra]
    return document


ID = "urn:uuid:2a9d6a0e-0b7c-4e55-8d2c-5b7f1c9e3d40"
UNTIL = {"@id": VC + "validUntil", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}

#: name -> (document, members, expected answer, derived or left to the expansion)
CASES: dict[str, tuple[Any, dict[str, str], Any, str]] = {
    "plain credential": (credential(), CREDENTIAL_MEMBERS, [], DERIVED),
    "full IRI key": (credential(**{VC + "validUntil": "2030-01-01T00:00:00Z"}), CREDENTIAL_MEMBERS, ["validUntil"], DERIVED),
    "alias, same type mapping": (with_context({"until": UNTIL}, until="2030-01-01T00:00:00Z"), CREDENTIAL_MEMBERS, ["validUntil"], DERIVED),
    "alias with another type mapping": (with_context({"until": {"@id": VC + "validUntil", "@type": "@id"}}, until="urn:x:1"), CREDENTIAL_MEMBERS, ["validUntil"], DERIVED),
    "alias listed after the member (same array)": (with_context({"zz": {"@id": VC + "credentialSubject", "@type": "@id"}}, zz="did:example:other"), CREDENTIAL_MEMBERS, ["credentialSubject"], DERIVED),
    "@nest block": (with_context({"meta": "@nest"}, meta={"validUntil": "2030-01-01T00:00:00Z"}), CREDENTIAL_MEMBERS, ["validUntil"], DERIVED),
    "@nest block of a member term": (with_context({"meta": "@nest"}, meta={"issuer": "did:example:x"}), CREDENTIAL_MEMBERS, ["issuer"], DERIVED),
    "@included with the credential's id": (credential(**{"@included": [{"id": ID, "type": "VerifiableCredential", "validUntil": "2030-01-01T00:00:00Z"}]}), CREDENTIAL_MEMBERS, ["validUntil"], DERIVED),
    "@included with another id": (credential(**{"@included": [{"id": "urn:x:2", "type": "VerifiableCredential", "validUntil": "2030-01-01T00:00:00Z"}]}), CREDENTIAL_MEMBERS, [], DERIVED),
    "@reverse": (credential(**{"@reverse": {EX + "holds": {"id": "did:example:h"}}}), CREDENTIAL_MEMBERS, [], DERIVED),
    "@reverse of a member's property": (credential(**{"@reverse": {EX + "p": {"id": "did:example:h", "@reverse": {VC + "issuer": {"id": ID}}}}}), CREDENTIAL_MEMBERS, ["issuer"], DERIVED),
    "blank node top": ({k: v for k, v in credential().items() if k != "id"}, CREDENTIAL_MEMBERS, [], DERIVED),
    "blank node top, restated": ({k: v for k, v in credential(**{VC + "issuer": {"id": "did:example:y"}}).items() if k != "id"}, CREDENTIAL_MEMBERS, ["issuer"], DERIVED),
    "relative id": (credential(id="relative"), CREDENTIAL_MEMBERS, None, DERIVED),
    "members in an array": (credential(credentialSubject=[{"id": "did:example:a"}, {"id": "did:example:b"}]), CREDENTIAL_MEMBERS, [], DERIVED),
    "restated twice": (credential(**{VC + "validUntil": "2030-01-01T00:00:00Z", VC + "issuer": "urn:x:i"}), CREDENTIAL_MEMBERS, ["issuer", "validUntil"], DERIVED),
    "a member term aliased to @type": ({"@context": {"@vocab": EX, "kind": "@type"}, "id": EX + "n", "kind": EX + "T", "p": "v"}, {"kind": EX + "kind"}, [], UNDERIVED),
    "a member term aliased to @id": ({"@context": {"@vocab": EX, "ident": "@id"}, "ident": EX + "n", "p": "v"}, {"ident": EX + "ident"}, [], UNDERIVED),
    "a reverse-property member": ({"@context": {"@vocab": EX, "r": {"@reverse": EX + "r"}}, "id": EX + "n", "r": {"id": EX + "m"}, "p": "v"}, {"r": EX + "r"}, [], DERIVED),
    "a reverse-property member next to @reverse": ({"@context": {"@vocab": EX, "r": {"@reverse": EX + "r"}}, "id": EX + "n", "@reverse": {EX + "s": {"id": EX + "o"}}, "r": {"id": EX + "m"}}, {"r": EX + "r"}, [], DERIVED),
    "colliding @reverse (an error either way)": ({"@context": {"@vocab": EX, "r": {"@reverse": EX + "r"}}, "id": EX + "n", "r": {"id": EX + "m"}, "@reverse": {EX + "s": {"id": EX + "o"}}}, {"r": EX + "r"}, [], UNDERIVED),
    "top-level @graph": ({"@context": {"@vocab": EX}, "@graph": [{"id": EX + "n", "p": "v"}]}, {"p": EX + "p"}, [], UNDERIVED),
    "top-level @graph with an id": ({"@context": {"@vocab": EX}, "@id": EX + "g", "@graph": [{"@id": EX + "n", "p": "v"}], "p": "w"}, {"p": EX + "p"}, [], DERIVED),
    "the marker key in the document": (credential(**{MARKER: "x"}), CREDENTIAL_MEMBERS, [], UNDERIVED),
    "the marker on another node": (credential(**{"@included": [{"id": "urn:x:o", MARKER: "x"}]}), CREDENTIAL_MEMBERS, [], UNDERIVED),
    "the marker defined as an IRI": (with_context({MARKER: {"@id": MARKER, "@type": "@id"}}), CREDENTIAL_MEMBERS, None, DERIVED),
    "a member JSON-LD cannot read": (credential(validUntil={"@value": {"x": 1}}), CREDENTIAL_MEMBERS, [], UNDERIVED),
    "the rest unreadable without a member": ({"@context": {"@vocab": EX, "p": {"@type": "@id"}}, "id": EX + "n", "p": {"@value": {"x": 1}}}, {"q": EX + "q"}, None, UNDERIVED),
    "type-scoped context": ({"@context": {"@vocab": EX, "T": {"@id": EX + "T", "@context": {"q": {"@id": EX + "p", "@type": "@id"}}}}, "id": EX + "n", "@type": "T", "p": "v", "q": EX + "o"}, {"p": EX + "p"}, ["p"], DERIVED),
    "value object top": ({"@context": {"@vocab": EX}, "@value": "x", "p": "v"}, {"p": EX + "p"}, None, UNDERIVED),
    "proof options": ({"@context": [V2], "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2026-01-01T00:00:00Z", "verificationMethod": "did:key:z6Mk#z6Mk", "proofPurpose": "assertionMethod"}, PROOF_MEMBERS, [], DERIVED),
    "proof options, expires restated": ({"@context": [V2, {"expiry2": {"@id": "https://w3id.org/security#expiration", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}}], "id": "urn:x:p", "type": "DataIntegrityProof", "expiry2": "2020-01-01T00:00:00Z", "proofPurpose": "assertionMethod"}, PROOF_MEMBERS, ["expires"], DERIVED),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    document, members, expected, how = CASES[name]
    fast, slow = both(document, members)
    assert slow == expected
    if how == DERIVED:
        assert fast == slow
    else:
        assert fast == UNDERIVED


def test_the_shared_record_is_not_changed() -> None:
    document = credential(**{"@reverse": {EX + "p": {"id": "did:example:h"}}})
    with shared.shared_expansions():
        expand_shared(document, LOADER, EventLog(False))
        found = shared.lookup(document, LOADER)
        assert found is not None
        before = json.dumps(found.expanded)
        node = reduced_node(found, CREDENTIAL_MEMBERS, MARKER, "node")
        assert node is not None and VC + "issuer" not in node and MARKER in node
        assert json.dumps(found.expanded) == before


def test_outside_a_verification_nothing_is_derived() -> None:
    assert (
        restated_from_shared_expansion(credential(), CREDENTIAL_MEMBERS, LOADER) is signed_members._UNDERIVED
    )


# -- the W3C JSON-LD toRdf inputs, every top-level key (and every other key) removed ---------------------------------
SUITE = Path(__file__).resolve().parents[1] / "suites" / "jsonld-api"


def suite_documents() -> list[tuple[str, Any]]:
    out = []
    for path in sorted((SUITE / "toRdf").glob("*-in.jsonld")):
        try:
            out.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except json.JSONDecodeError:
            continue
    return out


def test_w3c_to_rdf_inputs_both_ways() -> None:
    from .test_jsonld_conformance import suite_loader

    loader = suite_loader()
    derived = 0
    for name, document in suite_documents():
        if not isinstance(document, dict):
            continue
        keys = [k for k in document if k != "@context"]
        choices = [{k: EX + "x"} for k in keys] + [{k: EX + "x" for k in keys[::2]}]
        for members in choices:
            fast, slow = both(document, members, loader)
            if fast != UNDERIVED:
                assert fast == slow, (name, sorted(members))
                derived += 1
    assert derived > 300
