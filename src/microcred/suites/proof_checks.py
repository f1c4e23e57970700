"""Checks every embedded proof gets, whatever its cryptosuite (VC Data Integrity 1.0 §4.4 Verify Proof).

* the proof's ``verificationMethod`` is dereferenced through the injected resolver; a method that cannot be
  resolved is ``error`` (could not check), not ``failed`` (VC DI §4.6 "Retrieve Verification Method");
* the ``proofPurpose`` is the one the verifier expects and the method is authorised for it by its controller
  (VC DI §4.4 step 9: "proof purpose ... does not match" -> PROOF_VERIFICATION_ERROR);
* ``created`` / ``expires`` are valid XML Schema dateTimeStamps; an expired proof fails unless the policy says
  otherwise; ``domain`` / ``challenge`` match what the verifier expects (VC DI §4.4 steps 10-12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..clock import format_datetime, parse_datetime
from ..errors import InputError, MicrocredError
from ..results import Check
from .base import VerifyOptions

if TYPE_CHECKING:
    from ..resolve import VerificationMethod


def resolve_method(proof: dict[str, Any], options: VerifyOptions) -> VerificationMethod | Check:
    """Dereference ``proof.verificationMethod``; a :class:`Check` (``error``/``failed``) when that fails."""
    vm_id = proof.get("verificationMethod")
    if isinstance(vm_id, dict):  # an embedded method object is not trusted: use its id
        vm_id = vm_id.get("id")
    if not isinstance(vm_id, str) or not vm_id:
        return Check.fail("proof", "VERIFICATION_METHOD_MISSING", "the proof names no verificationMethod")
    try:
        return options.resolver.resolve(vm_id)
    except MicrocredError as exc:
        return Check.error("proof", "VERIFICATION_METHOD_UNRESOLVED", f"cannot resolve {vm_id}: {exc}", code=exc.code)


def proof_option_checks(
    proof: dict[str, Any], method: VerificationMethod, options: VerifyOptions
) -> list[Check]:
    """Purpose, relationship, dates, domain and challenge; failures only (an empty list means all good)."""
    policy = options.policy
    out: list[Check] = []
    purpose = proof.get("proofPurpose")
    if purpose != policy.proof_purpose:
        out.append(
            Check.fail(
                "proof",
                "PROOF_PURPOSE_MISMATCH",
                f"proofPurpose is {purpose!r}; the verifier expects {policy.proof_purpose!r}",
            )
        )
    elif purpose not in method.relationships:
        out.append(
            Check.fail(
                "proof",
                "PROOF_PURPOSE_NOT_AUTHORIZED",
                f"{method.id} is not listed under {purpose} by its controller {method.controller}",
            )
        )
    now = options.now()
    for member in ("created", "expires"):
        value = proof.get(member)
        if value is None:
            continue
        try:
            instant = parse_datetime(value, path=f"proof.{member}") if isinstance(value, str) else None
        except InputError:
            instant = None
        if instant is None:
            out.append(Check.fail("proof", "PROOF_DATE_INVALID", f"proof {member} {value!r} is not a dateTimeStamp"))
        elif member == "created" and instant > now + policy.clock_skew:
            out.append(
                Check.fail("proof", "PROOF_CREATED_IN_FUTURE", f"proof created {format_datetime(instant)} is in the future")
            )
        elif member == "expires" and policy.check_proof_expires and instant <= now - policy.clock_skew:
            out.append(Check.fail("proof", "PROOF_EXPIRED", f"proof expired at {format_datetime(instant)}"))
    if policy.domain is not None:
        domain = proof.get("domain")
        domains = domain if isinstance(domain, list) else [domain]
        if policy.domain not in domains:
            out.append(Check.fail("proof", "PROOF_DOMAIN_MISMATCH", f"proof domain {domain!r} is not {policy.domain!r}"))
    if policy.challenge is not None and proof.get("challenge") != policy.challenge:
        out.append(Check.fail("proof", "PROOF_CHALLENGE_MISMATCH", "proof challenge does not match the expected one"))
    return out
