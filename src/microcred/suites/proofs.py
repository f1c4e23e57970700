"""Embedded proofs, proof sets and proof chains (VC Data Integrity 1.0 §4.2-§4.5).

These algorithms are the same for every embedded proof type; the per-suite work (transformation, hashing,
proof configuration, serialization) is in each :class:`~microcred.suites.base.EmbeddedProofSuite`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import SigningError, UsageError
from ..jsonio import copy_json
from ..verification.codes import CheckCode, CheckName
from ..verification.outcome import SecuringOutcome, Signer
from ..verification.results import Check
from .base import EmbeddedProofSuite, ProofOptions, VerifyOptions

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
    document: dict[str, Any],
    suite: EmbeddedProofSuite,
    key: Key,
    options: ProofOptions,
    *,
    owned: bool = False,
) -> dict[str, Any]:
    """Secure ``document`` with one more proof (VC Data Integrity §4.2 Add Proof, §4.3 Add Proof Set/Chain).

    ``document`` is copied first unless ``owned`` says it is the caller's own fresh copy, which the result may
    share (``issue()`` prepares one, so the credential is not copied twice per issue)."""
    if not suite.issuable:
        raise UsageError(f"{suite.name} is verify-only; it cannot be used to issue")
    doc = add_context(document if owned else copy_json(document), suite.contexts_to_add(document))
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
    A chained proof only counts as verified when every proof its ``previousProof`` names verified too (§2.1).
    """
    all_proofs = _as_list(document.get("proof"))
    verified: list[tuple[dict[str, Any], VerificationMethod]] = []
    if not all_proofs:
        return [Check.fail(CheckName.PROOF, CheckCode.PROOF_MISSING, "the document has no proof")], verified
    if len(all_proofs) > options.policy.max_proofs:
        msg = f"{len(all_proofs)} proofs; at most {options.policy.max_proofs} are examined"
        return [Check.fail(CheckName.PROOF, CheckCode.TOO_MANY_PROOFS, msg)], verified
    outcomes = [
        _verify_one(index, proof, all_proofs, document, options) for index, proof in enumerate(all_proofs)
    ]
    _fail_broken_chains(all_proofs, outcomes)
    if options.policy.skip_unsupported_proofs:
        _skip_unsupported(outcomes)
    checks = [check for outcome_checks, _ in outcomes for check in outcome_checks]
    for proof, (outcome_checks, method) in zip(all_proofs, outcomes, strict=True):
        if method is not None and outcome_checks and all(c.passed for c in outcome_checks):
            verified.append((proof, method))
    return checks, verified


def verify_proof_set(document: dict[str, Any], options: VerifyOptions) -> SecuringOutcome:
    """What the embedded proofs of ``document`` prove: its proof checks and one signer per verified proof."""
    checks, verified = verify_proofs(document, options)
    signers = [Signer(vm, proof_purpose=proof.get("proofPurpose")) for proof, vm in verified]
    credential = {k: v for k, v in document.items() if k != "proof"}
    return SecuringOutcome(credential, checks, signers=signers)


_Outcome = tuple[list[Check], "VerificationMethod | None"]


def _verify_one(
    index: int, proof: Any, all_proofs: list[Any], document: dict[str, Any], options: VerifyOptions
) -> _Outcome:
    label = _proof_label(index, proof)
    if not isinstance(proof, dict):
        return [
            Check.fail(
                CheckName.PROOF, CheckCode.PROOF_MALFORMED, f"proof #{index} is not an object", **label
            )
        ], None
    suite = options.suites.for_proof(proof)
    if suite is None:
        what = proof.get("cryptosuite") or proof.get("type")
        return [
            Check.error(
                CheckName.PROOF, CheckCode.PROOF_TYPE_UNSUPPORTED, f"unsupported proof type {what!r}", **label
            )
        ], None
    allowed = options.policy.allowed_formats
    if allowed is not None and suite.name not in allowed:
        msg = f"proof #{index} uses {suite.name}, which the policy does not allow"
        return [Check.fail(CheckName.PROOF, CheckCode.FORMAT_NOT_ALLOWED, msg, **label)], None
    # §4.5 step 3.1-3.3: a chained proof is verified over the document plus the proofs it names.
    input_document = {k: v for k, v in document.items() if k != "proof"}
    previous = _as_list(proof.get("previousProof"))
    if previous:
        by_id = {p.get("id"): p for p in all_proofs if isinstance(p, dict) and p.get("id")}
        missing = [pid for pid in previous if not isinstance(pid, str) or pid not in by_id]
        if missing:
            msg = f"proof #{index} names previousProof {missing}, which is not in the proof set"
            return [Check.fail(CheckName.PROOF, CheckCode.PREVIOUS_PROOF_MISSING, msg, **label)], None
        matching = [by_id[pid] for pid in previous]
        input_document["proof"] = matching[0] if len(matching) == 1 else matching
    outcome = suite.verify_proof(input_document, proof, options)
    return [_with_label(c, label) for c in outcome.checks], outcome.verification_method


def _fail_broken_chains(all_proofs: list[Any], outcomes: list[_Outcome]) -> None:
    """§2.1 previousProof: "all of which MUST also verify for the current proof to be considered verified"."""
    ok_ids = {
        p.get("id")
        for p, (c, _) in zip(all_proofs, outcomes, strict=True)
        if isinstance(p, dict) and _passed(c)
    }
    changed = True
    while changed:
        changed = False
        for index, proof in enumerate(all_proofs):
            checks, method = outcomes[index]
            if not isinstance(proof, dict) or not _passed(checks):
                continue
            broken = [pid for pid in _as_list(proof.get("previousProof")) if pid not in ok_ids]
            if broken:
                msg = f"proof #{index} chains to previousProof {broken}, which did not verify"
                check = Check.fail(
                    CheckName.PROOF, CheckCode.PREVIOUS_PROOF_NOT_VERIFIED, msg, **_proof_label(index, proof)
                )
                outcomes[index] = ([check], method)
                ok_ids.discard(proof.get("id"))
                changed = True


def _skip_unsupported(outcomes: list[_Outcome]) -> None:
    """VC Data Integrity §4.5: a verifier may verify the subset of a proof set it can.

    §4.5 step 3.4 appends a proof's result only "if no exceptions are raised"; a proof of a type this verifier has
    no cryptosuite for raises one, so it is left out, provided some other proof of the set verified (else nothing
    was verified). A proof that chains to it through ``previousProof`` has already failed above (§4.5: "any
    proof in that subset with a previousProof can only be considered verified if the proofs it references are
    also considered verified").
    """
    if not any(method is not None and _passed(checks) for checks, method in outcomes):
        return
    for index, (checks, _) in enumerate(outcomes):
        if [c.code for c in checks] == [CheckCode.PROOF_TYPE_UNSUPPORTED]:
            unsupported = checks[0]
            msg = (
                f"{unsupported.message}: skipped, another proof of the set verified (VC Data Integrity §4.5)"
            )
            outcomes[index] = (
                [Check.ok(CheckName.PROOF, CheckCode.PROOF_SKIPPED, msg, **unsupported.details)],
                None,
            )


def _passed(checks: list[Check]) -> bool:
    return bool(checks) and all(c.passed for c in checks)


def _with_label(check: Check, label: dict[str, Any]) -> Check:
    details = {**label, **check.details}
    return Check(check.name, check.status, check.code, check.message, details)
