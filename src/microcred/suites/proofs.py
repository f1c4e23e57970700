"""Embedded proofs, proof sets and proof chains (VC Data Integrity 1.0 §4.2-§4.5).

These algorithms are the same for every embedded proof type; the per-suite work (transformation, hashing,
proof configuration, serialization) is in each :class:`~microcred.suites.base.EmbeddedProofSuite`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from ..errors import SigningError, UsageError
from ..results import Check
from .base import EmbeddedProofSuite, ProofOptions, VerifyOptions
from .registry import suite_for_proof

if TYPE_CHECKING:
    from ..keys import Key
    from ..resolve import VerificationMethod


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def add_context(document: dict[str, Any], urls: list[str]) -> dict[str, Any]:
    """Return a copy of ``document`` with ``urls`` appended to its ``@context`` (if not present)."""
    if not urls:
        return document
    out = dict(document)
    ctx = _as_list(out.get("@context"))
    out["@context"] = ctx + [u for u in urls if u not in ctx]
    return out


def add_proof(
    document: dict[str, Any], suite: EmbeddedProofSuite, key: Key, options: ProofOptions
) -> dict[str, Any]:
    """Secure ``document`` with one more proof (VC Data Integrity §4.2 Add Proof, §4.3 Add Proof Set/Chain)."""
    if not suite.issuable:
        raise UsageError(f"{suite.name} is verify-only; it cannot be used to issue")
    doc = add_context(copy.deepcopy(document), suite.contexts_to_add(document))
    # §4.3 step 1-2: all existing proofs form the proof set the new proof joins.
    all_proofs = _as_list(doc.pop("proof", None))
    input_document = dict(doc)
    # §4.3 step 3: a proof chain signs over the proofs named by previousProof.
    previous_ids = _as_list(options.previous_proof)
    if previous_ids:
        by_id = {p.get("id"): p for p in all_proofs if isinstance(p, dict) and p.get("id")}
        missing = [pid for pid in previous_ids if pid not in by_id]
        if missing:
            raise SigningError(f"previousProof {missing} not found among the document's proofs")
        matching = [by_id[pid] for pid in previous_ids]
        input_document["proof"] = matching[0] if len(matching) == 1 else matching
    proof = suite.create_proof(input_document, key, options)
    # §4.2 step 3: the proof must name its type, verification method and purpose.
    for member in ("type", "verificationMethod", "proofPurpose"):
        if member not in proof:
            raise SigningError(f"{suite.name} produced a proof without {member}")
    # §4.2 step 4-5: domain and challenge must be what was asked for.
    if options.domain is not None and proof.get("domain") != options.domain:
        raise SigningError("proof domain does not match the requested domain")
    if options.challenge is not None and proof.get("challenge") != options.challenge:
        raise SigningError("proof challenge does not match the requested challenge")
    all_proofs.append(proof)
    doc["proof"] = all_proofs[0] if len(all_proofs) == 1 else all_proofs
    return doc


def _proof_label(index: int, proof: Any) -> dict[str, Any]:
    label: dict[str, Any] = {"index": index}
    if isinstance(proof, dict):
        for member in ("id", "type", "cryptosuite", "verificationMethod"):
            if isinstance(proof.get(member), str):
                label[member] = proof[member]
    return label


def verify_proofs(
    document: dict[str, Any], options: VerifyOptions
) -> tuple[list[Check], list[tuple[dict[str, Any], VerificationMethod]]]:
    """Verify every proof of ``document`` (VC Data Integrity §4.5 Verify Proof Sets and Chains).

    Returns one or more ``proof`` checks per proof, and (proof, verification method) for each proof that verified.
    """
    all_proofs = _as_list(document.get("proof"))
    checks: list[Check] = []
    verified: list[tuple[dict[str, Any], VerificationMethod]] = []
    if not all_proofs:
        return [Check.fail("proof", "PROOF_MISSING", "the document has no proof")], verified
    if len(all_proofs) > options.policy.max_proofs:
        msg = f"{len(all_proofs)} proofs; at most {options.policy.max_proofs} are examined"
        return [Check.fail("proof", "TOO_MANY_PROOFS", msg)], verified
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    allowed = options.policy.allowed_formats
    for index, proof in enumerate(all_proofs):
        label = _proof_label(index, proof)
        if not isinstance(proof, dict):
            checks.append(Check.fail("proof", "PROOF_MALFORMED", f"proof #{index} is not an object", **label))
            continue
        suite = suite_for_proof(proof)
        if suite is None:
            what = proof.get("cryptosuite") or proof.get("type")
            checks.append(Check.error("proof", "PROOF_TYPE_UNSUPPORTED", f"unsupported proof type {what!r}", **label))
            continue
        if allowed is not None and suite.name not in allowed:
            msg = f"proof #{index} uses {suite.name}, which the policy does not allow"
            checks.append(Check.fail("proof", "FORMAT_NOT_ALLOWED", msg, **label))
            continue
        # §4.5 step 3.1-3.2: a chained proof is verified over the document plus the proofs it names.
        input_document = dict(unsecured)
        previous = _as_list(proof.get("previousProof"))
        if previous:
            by_id = {p.get("id"): p for p in all_proofs if isinstance(p, dict) and p.get("id")}
            missing = [pid for pid in previous if not isinstance(pid, str) or pid not in by_id]
            if missing:
                msg = f"proof #{index} names previousProof {missing}, which is not in the proof set"
                checks.append(Check.fail("proof", "PREVIOUS_PROOF_MISSING", msg, **label))
                continue
            matching = [by_id[pid] for pid in previous]
            input_document["proof"] = matching[0] if len(matching) == 1 else matching
        outcome = suite.verify_proof(input_document, proof, options)
        checks.extend(_with_label(c, label) for c in outcome.checks)
        if outcome.verified and outcome.verification_method is not None:
            verified.append((proof, outcome.verification_method))
    return checks, verified


def _with_label(check: Check, label: dict[str, Any]) -> Check:
    details = {**label, **check.details}
    return Check(check.name, check.status, check.code, check.message, details)
