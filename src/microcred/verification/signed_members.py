"""Does the JSON a verifier reads say what was signed? (statements restated outside their own member)

The verifier reads ``validUntil``, ``credentialStatus``, ``issuer`` ... and a proof's ``expires``, ``domain`` ... as
JSON members. An RDF-based proof (Data Integrity with RDFC-1.0, JsonWebSignature2020) secures the RDF statements,
not the JSON: the same statement can be written under the member's full IRI, under an alias from an appended
inline context, inside an ``@included`` node object that has the credential's ``id``, or in an ``@nest`` block.
The signature still verifies, while a JSON reader no longer sees the statement (an expired credential looks
unexpired, a revoked one unchecked). VC Data Model 2.0 §6.1 serializes credentials as JSON-LD in compacted
document form, and §6.3 (Type-Specific Credential Processing) lets a verifier read them as plain JSON only when
they use the expected terms; the enveloping formats sign JSON whose JSON-LD meaning must be the same, so the rule
applies to every format.

:func:`restated_members` finds such statements: it removes the members from the document, marks the node with a
statement of its own, converts the rest to RDF and reports every member whose property still appears on the node.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import MicrocredError
from ..jsonld import shared_expansion
from ..jsonld.compacted_form import non_compact_members
from ..jsonld.loader import DocumentLoader
from ..jsonld.nquads import Quad
from ..jsonld.problems import EventLog
from ..jsonld.processor import expand_shared, jsonld_to_quads
from ..jsonld.reduced_expansion import reduced_quads
from .codes import CheckCode, CheckName
from .results import Check

VC = "https://www.w3.org/2018/credentials#"
SEC = "https://w3id.org/security#"

#: Members of a credential that the verifier's checks read, and the property each one states (VC 1.1 and 2.0).
CREDENTIAL_MEMBERS: dict[str, str] = {
    "issuer": VC + "issuer",
    "validFrom": VC + "validFrom",
    "validUntil": VC + "validUntil",
    "issuanceDate": VC + "issuanceDate",
    "expirationDate": VC + "expirationDate",
    "credentialStatus": VC + "credentialStatus",
    "credentialSubject": VC + "credentialSubject",
}

#: Members of an embedded proof that the verifier reads (VC Data Integrity 1.0 §2.1), and their properties.
PROOF_MEMBERS: dict[str, str] = {
    "created": "http://purl.org/dc/terms/created",
    "expires": SEC + "expiration",
    "domain": SEC + "domain",
    "challenge": SEC + "challenge",
    "nonce": SEC + "nonce",
    "proofPurpose": SEC + "proofPurpose",
    "verificationMethod": SEC + "verificationMethod",
    "previousProof": SEC + "previousProof",
    "cryptosuite": SEC + "cryptosuite",
}

#: What :func:`restated_members` reports when the document cannot be read without the members (its context makes
#: the rest depend on them).
UNREADABLE = "@context"

#: A property no context defines, stated on the document's node to find that node in the RDF.
_MARKER = "https://w3id.org/microcred/verifier#thisNode"
#: What :func:`restated_from_shared_expansion` returns when it cannot derive the answer.
_UNDERIVED: Any = object()


def restated_members(
    document: Mapping[str, Any], members: Mapping[str, str], loader: DocumentLoader
) -> list[str] | None:
    """The members of ``members`` whose property ``document`` states about itself *outside* that member.

    Returns ``[]`` when every such statement is made by its member and ``None`` when it cannot tell: ``document``
    is not JSON-LD this processor can read, or its node has no usable identifier (other checks report both).
    Returns ``[UNREADABLE]`` when the document can be read but not without those members (fail closed).

    Inside a verification (:func:`~microcred.jsonld.shared_expansion.shared_expansions`) the RDF of the reduced
    document is derived from the one expansion of ``document`` (:mod:`~microcred.jsonld.reduced_expansion`);
    whatever that cannot derive, :func:`restated_by_expansion` computes by expanding the reduced document.
    """
    found = restated_from_shared_expansion(document, members, loader)
    return restated_by_expansion(document, members, loader) if found is _UNDERIVED else found


def restated_from_shared_expansion(
    document: Mapping[str, Any], members: Mapping[str, str], loader: DocumentLoader
) -> Any:
    """:func:`restated_members` from the shared expansion of ``document``, or :data:`_UNDERIVED`."""
    if not shared_expansion.active() or type(document) is not dict or _MARKER in document:
        return _UNDERIVED
    try:
        found = shared_expansion.lookup(document, loader)
        if found is None:  # expanded now rather than by the compacted-form check that follows
            expand_shared(document, loader, EventLog(False))
            found = shared_expansion.lookup(document, loader)
        quads = None if found is None else reduced_quads(found, members, _MARKER, "node")
    except Exception:  # anything the derivation meets is left to the expansion below
        return _UNDERIVED
    if quads is None:
        return _UNDERIVED
    marker = f"<{_MARKER}>"
    nodes = {s for s, p, _, g in quads if p == marker and g == ""}
    if len(nodes) > 1:  # the marker on other nodes too: which is "first" depends on the order of quads
        return _UNDERIVED
    return _stated_on(quads, nodes.pop() if nodes else None, members)


def restated_by_expansion(
    document: Mapping[str, Any], members: Mapping[str, str], loader: DocumentLoader
) -> list[str] | None:
    """:func:`restated_members` by expanding ``document`` without ``members`` and with the marker."""
    reduced = {k: v for k, v in document.items() if k not in members}
    reduced[_MARKER] = "node"
    try:
        quads = jsonld_to_quads(reduced, loader, safe=False)
    except (MicrocredError, RecursionError):
        try:
            jsonld_to_quads(dict(document), loader, safe=False)
        except (MicrocredError, RecursionError):
            return None
        return [UNREADABLE]
    marker = f"<{_MARKER}>"
    return _stated_on(quads, next((s for s, p, _, g in quads if p == marker and g == ""), None), members)


def _stated_on(quads: list[Quad], node: str | None, members: Mapping[str, str]) -> list[str] | None:
    """The members whose property ``quads`` state about ``node`` in the default graph."""
    # e.g. a relative id: nothing about the node reaches the RDF, and neither does the member's statement
    if node is None:
        return None
    wanted = {f"<{iri}>": member for member, iri in members.items()}
    return sorted({wanted[p] for s, p, _, g in quads if s == node and g == "" and p in wanted})


def restated_credential_check(credential: Mapping[str, Any], loader: DocumentLoader) -> Check | None:
    """A failed ``schema`` check when the credential states a member the verifier reads somewhere else."""
    restated = restated_members(credential, CREDENTIAL_MEMBERS, loader)
    if not restated:
        return _compacted_form_check(credential, loader, CheckName.SCHEMA, "credential")
    return Check.fail(
        CheckName.SCHEMA,
        CheckCode.DATA_MODEL_INVALID,
        f"{_where(restated, 'credential')}: the JSON does not show what is secured, so validity and status are "
        "not checked",
        restated=restated,
    )


def restated_proof_check(proof: Mapping[str, Any], context: Any, loader: DocumentLoader) -> Check | None:
    """A failed ``proof`` check when the proof options state a member the verifier reads somewhere else."""
    options = {k: v for k, v in proof.items() if k not in ("proofValue", "jws", "signatureValue")}
    options.setdefault("@context", context)
    restated = restated_members(options, PROOF_MEMBERS, loader)
    if not restated:
        return _compacted_form_check(options, loader, CheckName.PROOF, "proof")
    return Check.fail(
        CheckName.PROOF,
        CheckCode.PROOF_MALFORMED,
        _where(restated, "proof"),
        restated=restated,
    )


def _compacted_form_check(
    document: Mapping[str, Any], loader: DocumentLoader, check: CheckName, what: str
) -> Check | None:
    """A failed ``NON_COMPACT_MEMBER`` check when a member name is not the one JSON-LD compaction would write
    (issue 11 item 6): a reader looking the claim up by its term would miss it or find a second spelling."""
    try:
        paths = non_compact_members(dict(document), loader)
    except (MicrocredError, RecursionError):
        return None  # not JSON-LD this processor reads: other checks report it
    if not paths:
        return None
    shown = ", ".join(paths[:5]) + (f" (and {len(paths) - 5} more)" if len(paths) > 5 else "")
    return Check.fail(
        check,
        CheckCode.NON_COMPACT_MEMBER,
        f"the {what} is not in compacted form: {shown} is not the member name its @context gives that property "
        "(a reader looking it up by its term would not find it)",
        paths=paths,
    )


def _where(restated: list[str], what: str) -> str:
    if restated == [UNREADABLE]:
        return f"the {what} cannot be read as JSON-LD without the members the verifier reads"
    return (
        f"the {what} states {', '.join(restated)} outside its own member (under a full IRI, an alias or in "
        "another node object)"
    )
