"""JSON-LD attacks on the embedded-proof formats: contexts, undefined terms, restated members, shapes.

The signature of an RDF-based proof covers the RDF, so each case either changes the RDF (the signature or safe
mode fails), cannot be processed (safe mode, work limit, caps) or keeps the RDF while hiding a statement from the
JSON the verifier reads (refused as restated members).
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_di_kit import Profile, duplicate_member, proof_of, signed
from .corpus_kit import (
    CRED,
    CREDENTIAL_ID,
    V1,
    V2,
    datetime_value,
)


def context_cases(c: Corpus, p: Profile, base: dict[str, Any]) -> None:
    fmt = p.fmt
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], "https://contexts.example/evil/v1"]
    c.add(
        fmt,
        "context-unknown-url",
        "context",
        "an extra context the offline loader does not serve (could not check)",
        doc,
        expect("proof", "error", "CONTEXT_UNAVAILABLE"),
    )
    doc = copy.deepcopy(base)
    del doc["@context"]
    c.add(
        fmt,
        "context-removed",
        "context",
        "the @context is removed: every term is undefined",
        doc,
        expect("proof", "failed", "DATA_LOSS_DETECTION_ERROR" if p.jws else "CONTEXT_MISSING"),
    )
    doc = copy.deepcopy(base)
    doc["@context"] = [V2 if p.model == "v1" else V1, *doc["@context"][1:]]
    c.add(
        fmt,
        "context-vc-version-swapped",
        "context",
        "the VC context swapped for the other VC version's (same URL shape, other definitions)",
        doc,
        expect("proof", "failed", "DATA_LOSS_DETECTION_ERROR" if p.jws else "CONTEXT_MISSING"),
    )
    doc = copy.deepcopy(base)
    doc["credentialSubject"]["@context"] = None
    c.add(
        fmt,
        "context-null-in-subject",
        "context",
        "'@context': null inside credentialSubject resets the terms",
        doc,
        expect("proof", "failed", "PROOF_TRANSFORMATION_ERROR"),
    )
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], {"name": "https://evil.example/vocab#name"}]
    code = p.bad_signature if p.model == "v1" else "PROOF_TRANSFORMATION_ERROR"
    note = (
        "an appended inline context redefines the claim term 'name' (unprotected in the inline context)"
        if p.model == "v1"
        else "an appended inline context redefines the protected VC 2.0 term 'name'"
    )
    c.add(fmt, "context-redefines-term", "context", note, doc, expect("proof", "failed", code))
    expired = signed(p, p.credential(**{p.end: "2026-01-12T00:00:00Z"}))
    doc = copy.deepcopy(expired)
    doc["@context"] = [
        *doc["@context"],
        {"expiry": {"@id": CRED + p.end, "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}},
    ]
    doc["expiry"] = doc.pop(p.end)
    c.add(
        fmt,
        "context-alias-hides-expiry",
        "context",
        f"an appended context aliases {p.end} as 'expiry' and the expired credential uses the alias: same RDF",
        doc,
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )


def term_cases(c: Corpus, p: Profile, base: dict[str, Any]) -> None:
    fmt, loss = p.fmt, expect("proof", "failed", "DATA_LOSS_DETECTION_ERROR")
    doc = copy.deepcopy(base)
    doc["credentialSubject"]["nickname"] = "Ana"
    c.add(
        fmt,
        "undefined-term",
        "undefined-term",
        "a claim under a term no context defines (JSON-LD would drop it)",
        doc,
        loss,
    )
    doc = copy.deepcopy(base)
    doc["credentialSubject"]["@nickname"] = "Ana"
    c.add(fmt, "keyword-like-term", "undefined-term", "a '@'-prefixed member that JSON-LD ignores", doc, loss)
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], {"nickname": None}]
    doc["credentialSubject"]["nickname"] = "Ana"
    c.add(
        fmt, "term-mapped-to-null", "undefined-term", "a term explicitly mapped to null, then used", doc, loss
    )
    doc = copy.deepcopy(base)
    doc["credentialSubject"]["id"] = "learners/ana"
    c.add(
        fmt,
        "relative-subject-id",
        "relative-iri",
        "credentialSubject.id is a relative IRI (no base to resolve it)",
        doc,
        loss,
    )
    doc = copy.deepcopy(base)
    doc["id"] = "credentials/42"
    c.add(fmt, "relative-credential-id", "relative-iri", "the credential id is a relative IRI", doc, loss)
    doc = copy.deepcopy(base)
    subject = doc["credentialSubject"]
    subject["https://schema.org/givenName"] = subject.pop("name")
    c.add(
        fmt,
        "claim-under-other-iri",
        "full-iri",
        "the name claim moved to another property's full IRI",
        doc,
        expect("proof", "failed", p.bad_signature),
    )
    doc = copy.deepcopy(base)
    subject = doc["credentialSubject"]
    subject["https://schema.org/name"] = subject.pop("name")
    c.add(
        fmt,
        "claim-as-own-full-iri",
        "full-iri",
        "the name claim written with its own full IRI: the same RDF statement, but not where a reader looks "
        "(credentialSubject.name), so not in compacted form (issue 11 item 6)",
        doc,
        expect("schema", "failed", "NON_COMPACT_MEMBER"),
    )
    doc = copy.deepcopy(base)
    doc["credentialSubject"] = dict(reversed(list(doc["credentialSubject"].items())))
    c.add(
        fmt,
        "control-members-reordered",
        "control",
        "neutral: the subject's members in another order are the same JSON object, so it verifies",
        doc,
        VERIFIED,
    )


def restated_cases(c: Corpus, p: Profile) -> None:
    """Statements the verifier reads from the JSON, restated elsewhere: the signature covers the RDF, not the JSON."""
    fmt = p.fmt
    expired = signed(p, p.credential(**{p.end: "2026-01-12T00:00:00Z"}))
    c.add(
        fmt,
        "expired",
        "validity",
        "the credential expired on 2026-01-12",
        expired,
        expect("validity", "failed", "EXPIRED"),
    )
    doc = copy.deepcopy(expired)
    doc[CRED + p.end] = datetime_value(doc.pop(p.end))
    c.add(
        fmt,
        "expiry-as-full-iri",
        "full-iri",
        f"the expired credential's {p.end} re-expressed as its full IRI: same RDF, hidden from a JSON reader",
        doc,
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    doc = copy.deepcopy(expired)
    doc["@included"] = [{"id": CREDENTIAL_ID, "type": "VerifiableCredential", p.end: doc.pop(p.end)}]
    c.add(
        fmt,
        "expiry-moved-to-included",
        "full-iri",
        f"the expired credential's {p.end} moved into an @included node with the credential's id: same RDF",
        doc,
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    doc = copy.deepcopy(signed(p))
    doc[CRED + "issuer"] = {"id": doc.pop("issuer")}
    c.add(
        fmt,
        "issuer-as-full-iri",
        "full-iri",
        "the issuer re-expressed as its full IRI: same RDF",
        doc,
        expect("schema", "failed", "DATA_MODEL_INVALID"),
    )
    doc = copy.deepcopy(signed(p))
    doc["type"] = [CRED + "VerifiableCredential"]
    c.add(
        fmt,
        "type-as-full-iri",
        "full-iri",
        "the type written as a full IRI: the VC context's type-scoped terms no longer apply",
        doc,
        expect("proof", "failed", "DATA_LOSS_DETECTION_ERROR"),
    )


def shape_cases(c: Corpus, p: Profile, base: dict[str, Any]) -> None:
    fmt = p.fmt
    doc = copy.deepcopy(base)
    doc["@context"] = [*doc["@context"], {"knows": {"@id": "https://schema.org/knows", "@type": "@id"}}]
    size = 14
    doc["credentialSubject"]["knows"] = [
        {"id": f"_:n{i}", "knows": [{"id": f"_:n{j}"} for j in range(size) if j != i]} for i in range(size)
    ]
    c.add(
        fmt,
        "blank-node-clique",
        "poison-graph",
        f"a clique of {size} blank nodes in the subject: RDFC-1.0 must give up, not hang",
        doc,
        expect("proof", "failed", "CANONICALIZATION_WORK_LIMIT"),
    )
    doc = copy.deepcopy(base)
    inner: dict[str, Any] = {"name": "bottom"}
    for _ in range(70):
        inner = {"description": inner}
    doc["credentialSubject"]["description"] = inner
    c.add(
        fmt,
        "nested-70-levels",
        "deep-nesting",
        "claims nested 70 levels deep (the policy allows 64)",
        doc,
        expect("format", "failed", "NESTING_TOO_DEEP"),
    )
    c.add(
        fmt,
        "nested-100000-levels",
        "deep-nesting",
        "100,000 nested arrays (generated at test time): refused by the parser, no recursion error",
        None,
        expect("format", "failed", "NESTING_TOO_DEEP"),
        generate={"kind": "deep-json", "depth": 100000},
    )
    c.add(
        fmt,
        "over-8-mib",
        "oversized",
        "the credential padded past the 8 MiB input limit (generated at test time, not committed)",
        None,
        expect("format", "failed", "INPUT_TOO_LARGE"),
        generate={
            "kind": "padded-json",
            "base": f"cases/{fmt}/control-valid.json",
            "bytes": 8 * 1024 * 1024 + 1,
        },
    )
    c.add(
        fmt,
        "wide-subject",
        "oversized",
        "20,000 extra claims added after signing (generated at test time): canonicalized and refused, no hang",
        None,
        expect("proof", "failed", p.bad_signature),
        generate={"kind": "wide-claims", "base": f"cases/{fmt}/control-valid.json", "count": 20000},
    )
    c.add(
        fmt,
        "duplicate-issuer",
        "duplicate-keys",
        "'issuer' written twice; a lax parser keeps the second",
        duplicate_member(base, "issuer", p.mallory.controller),
        expect("format", "failed", "DUPLICATE_JSON_KEY"),
    )
    value_member = "jws" if p.jws else "proofValue"
    c.add(
        fmt,
        f"duplicate-{value_member.lower()}",
        "duplicate-keys",
        f"the proof's {value_member} written twice",
        duplicate_member(
            base, value_member, "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk", inside_proof=True
        ),
        expect("format", "failed", "DUPLICATE_JSON_KEY"),
    )
    doc = copy.deepcopy(base)
    doc["proof"] = [
        proof_of(doc),
        {
            "type": "BbsBlsSignature2020",
            "proofPurpose": "assertionMethod",
            "verificationMethod": p.key.kid,
            "proofValue": "z1111",
        },
    ]
    c.add(
        fmt,
        "proof-set-with-unknown-proof",
        "control",
        "a proof set holding a proof type microcred does not know next to a valid proof (VC DI §4.5: skipped)",
        doc,
        VERIFIED,
    )
    c.add(
        fmt,
        "proof-set-with-unknown-proof-strict",
        "structure",
        "the same proof set when the policy wants every proof verified (could not check the unknown one)",
        doc,
        expect("proof", "error", "PROOF_TYPE_UNSUPPORTED"),
        options={"policy": {"skip_unsupported_proofs": False}},
    )
    doc = copy.deepcopy(base)
    proof_of(doc)["previousProof"] = "urn:uuid:0bf1bd5e-c8f4-4bd4-9bd0-7c2c6b4b4f00"
    c.add(
        fmt,
        "previous-proof-missing",
        "structure",
        "the proof chains to a proof that is not in the document",
        doc,
        expect("proof", "failed", "PREVIOUS_PROOF_MISSING"),
    )
    doc = copy.deepcopy(base)
    proof_of(doc)["type"] = "RsaSignature2018"
    c.add(
        fmt,
        "unknown-proof-type",
        "structure",
        "a proof type outside the allow-list",
        doc,
        expect("format", "failed", "UNSUPPORTED_FORMAT"),
    )
    c.add(
        fmt,
        "format-not-allowed",
        "structure",
        "a format the verifier's policy does not accept",
        base,
        expect("format", "failed", "FORMAT_NOT_ALLOWED"),
        options={"policy": {"allowed_formats": ["vc+jwt"]}},
    )
