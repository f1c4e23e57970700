"""Checks every embedded proof gets, whatever its cryptosuite (VC Data Integrity 1.0 §2.1 and §4.4 Verify Proof).

* the proof has the members §4.4 step 4 requires (``type``, ``verificationMethod``, ``proofPurpose``), each of the
  shape §2.1 gives it (strings, or sets of strings for ``domain`` and ``previousProof``);
* the proof's ``verificationMethod`` is dereferenced through the injected resolver; a method that cannot be
  resolved is ``error`` (could not check), not ``failed`` (Controlled Identifiers 1.0 §3.3 "Retrieve Verification
  Method"); the method returned must be the one asked for, and its key must fit the cryptosuite;
* the ``proofPurpose`` is the one the verifier expects and the method is authorised for it by its controller
  (VC DI §4.4 step 5: "proof purpose ... does not match" -> PROOF_VERIFICATION_ERROR);
* ``created`` / ``expires`` are valid XML Schema dateTimes (§2.1; a value without an offset is read as UTC, as
  §2.1 allows); a proof created in the future or expired fails unless the policy says otherwise; ``domain`` /
  ``challenge`` match what the verifier expects (§4.4 steps 6-7).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..clock import format_datetime, parse_datetime
from ..errors import InputError, MicrocredError
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .base import VerifyOptions

if TYPE_CHECKING:
    from ..resolve import VerificationMethod


def _strings(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(isinstance(v, str) and v for v in items)


def proof_structure_checks(proof: dict[str, Any]) -> list[Check]:
    """VC DI §4.4 step 4 (required members) and the §2.1 shapes; failures only."""
    out: list[Check] = []
    missing = [m for m in ("type", "verificationMethod", "proofPurpose") if m not in proof]
    if missing:
        msg = f"the proof lacks {', '.join(missing)} (VC Data Integrity §4.4 step 4)"
        out.append(Check.fail(CheckName.PROOF, CheckCode.PROOF_MALFORMED, msg, missing=missing))
    for member in ("type", "verificationMethod", "proofPurpose", "cryptosuite", "id", "challenge", "nonce"):
        if member in proof and not (isinstance(proof[member], str) and proof[member]):
            out.append(
                Check.fail(
                    CheckName.PROOF, CheckCode.PROOF_MALFORMED, f"proof {member} must be a non-empty string"
                )
            )
    for member in ("domain", "previousProof"):
        if member in proof and not _strings(proof[member]):
            msg = f"proof {member} must be a string or an array of strings"
            out.append(Check.fail(CheckName.PROOF, CheckCode.PROOF_MALFORMED, msg))
    return out


def resolve_method(proof: dict[str, Any], options: VerifyOptions) -> VerificationMethod | Check:
    """Dereference ``proof.verificationMethod``; a :class:`Check` (``error``/``failed``) when that fails."""
    vm_id = proof.get("verificationMethod")
    if isinstance(vm_id, dict):  # an embedded method object is not trusted: use its id
        vm_id = vm_id.get("id")
    if not isinstance(vm_id, str) or not vm_id:
        return Check.fail(
            CheckName.PROOF, CheckCode.VERIFICATION_METHOD_MISSING, "the proof names no verificationMethod"
        )
    try:
        method = options.resolver.resolve(vm_id)
    except MicrocredError as exc:
        return Check.error(
            CheckName.PROOF,
            CheckCode.VERIFICATION_METHOD_UNRESOLVED,
            f"cannot resolve {vm_id}: {exc}",
            cause=exc.code,
        )
    if not method.named_by(
        vm_id
    ):  # CID 1.0 §3.3 "Retrieve Verification Method": the id must be the one dereferenced
        msg = f"resolving {vm_id} returned a different verification method ({method.id})"
        return Check.fail(CheckName.PROOF, CheckCode.VERIFICATION_METHOD_ID_MISMATCH, msg)
    return method


def verification_method_checks(
    method: VerificationMethod, suite: str, key_types: Iterable[str], method_types: Iterable[str]
) -> list[Check]:
    """The resolved key fits the cryptosuite (e.g. Ed25519 for eddsa-rdfc-2022); failures only."""
    key_types, method_types = sorted(key_types), sorted(method_types)
    out: list[Check] = []
    if method.type not in method_types:
        msg = f"{suite} does not use {method.type} verification methods (use {', '.join(method_types)})"
        out.append(
            Check.fail(
                CheckName.PROOF, CheckCode.VERIFICATION_METHOD_TYPE_UNSUPPORTED, msg, methodType=method.type
            )
        )
    if method.key.key_type not in key_types:
        msg = f"{method.id} is a {method.key.key_type} key; {suite} needs {' or '.join(key_types)}"
        out.append(Check.fail(CheckName.PROOF, CheckCode.KEY_TYPE_MISMATCH, msg, keyType=method.key.key_type))
    return out


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
                CheckName.PROOF,
                CheckCode.PROOF_PURPOSE_MISMATCH,
                f"proofPurpose is {purpose!r}; the verifier expects {policy.proof_purpose!r}",
            )
        )
    elif purpose not in method.relationships:
        out.append(
            Check.fail(
                CheckName.PROOF,
                CheckCode.PROOF_PURPOSE_NOT_AUTHORIZED,
                f"{method.id} is not listed under {purpose} by its controller {method.controller}",
            )
        )
    now = options.now()
    for member in ("created", "expires"):
        value = proof.get(member)
        if value is None:
            continue
        try:
            instant: datetime | None = parse_datetime(value, assume_utc=True)
        except InputError:
            instant = None
        if instant is None:
            out.append(
                Check.fail(
                    CheckName.PROOF,
                    CheckCode.PROOF_DATE_INVALID,
                    f"proof {member} {value!r} is not a dateTimeStamp",
                )
            )
        elif member == "created" and instant > now + policy.clock_skew:
            out.append(
                Check.fail(
                    CheckName.PROOF,
                    CheckCode.PROOF_CREATED_IN_FUTURE,
                    f"proof created {format_datetime(instant)} is in the future",
                )
            )
        elif member == "expires" and policy.check_proof_expires and instant <= now - policy.clock_skew:
            out.append(
                Check.fail(
                    CheckName.PROOF, CheckCode.PROOF_EXPIRED, f"proof expired at {format_datetime(instant)}"
                )
            )
    if policy.domain is not None:
        domain = proof.get("domain")
        domains = domain if isinstance(domain, list) else [domain]
        if policy.domain not in domains:
            out.append(
                Check.fail(
                    CheckName.PROOF,
                    CheckCode.PROOF_DOMAIN_MISMATCH,
                    f"proof domain {domain!r} is not {policy.domain!r}",
                )
            )
    if policy.challenge is not None and proof.get("challenge") != policy.challenge:
        out.append(
            Check.fail(
                CheckName.PROOF,
                CheckCode.PROOF_CHALLENGE_MISMATCH,
                "proof challenge does not match the expected one",
            )
        )
    return out
