"""An example embedded-proof suite: the whole of what a new securing format needs (docs/architecture.md).

``example-jcs-2025`` is a toy but real signature suite: a ``DataIntegrityProof`` whose ``proofValue`` is an
Ed25519 signature over SHA-256(proof configuration) || SHA-256(document), both serialized as sorted, compact JSON
(JCS-like; not RFC 8785, so not ``eddsa-jcs-2022``: never use it for real credentials). It shows the contract of
:class:`~microcred.suites.base.EmbeddedProofSuite`: ``create_proof`` returns the proof object, ``verify_proof``
returns one :class:`~microcred.suites.base.ProofVerification` and never raises; proof sets, chains, the issuer,
validity, status and data model steps come from the pipeline. Registering it is one line::

    SUITES = default_registry().with_suites(ExampleJcs2025())
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from microcred.clock import format_datetime
from microcred.keys import Key
from microcred.suites.base import EmbeddedProofSuite, ProofOptions, ProofVerification, VerifyOptions
from microcred.suites.proof_checks import (
    proof_option_checks,
    proof_structure_checks,
    resolve_method,
    verification_method_checks,
)
from microcred.suites.proof_value import decode_proof_value, encode_proof_value
from microcred.verification.results import Check


def _digest(value: dict[str, Any]) -> bytes:
    serialized = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(serialized.encode("utf-8")).digest()


class ExampleJcs2025(EmbeddedProofSuite):
    """A DataIntegrityProof with cryptosuite ``example-jcs-2025`` (Ed25519 over sorted compact JSON)."""

    name: ClassVar[str] = "example-jcs-2025"
    proof_type: ClassVar[str] = "DataIntegrityProof"
    cryptosuite: ClassVar[str | None] = "example-jcs-2025"
    required_context: ClassVar[str | None] = "https://w3id.org/security/data-integrity/v2"

    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """Proof configuration, then the signature over both hashes (the VC DI §4.2 createProof contract)."""
        proof: dict[str, Any] = {
            "type": self.proof_type,
            "cryptosuite": self.cryptosuite,
            "created": format_datetime(options.created_at()),
            "verificationMethod": options.verification_method or key.kid,
            "proofPurpose": options.proof_purpose,
        }
        if options.previous_proof:
            proof["previousProof"] = options.previous_proof
        signature = key.sign(_digest(proof) + _digest(unsecured), "EdDSA")
        return {**proof, "proofValue": encode_proof_value(signature)}

    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        """The shared proof checks (structure, key, purpose, dates), then the signature."""
        failures = proof_structure_checks(proof)
        signature = decode_proof_value(proof.get("proofValue"))
        if isinstance(signature, Check):
            failures.append(signature)
        method = resolve_method(proof, options)
        if isinstance(method, Check):
            return ProofVerification([*failures, method])
        failures += verification_method_checks(method, self.name, {"Ed25519"}, {"Multikey", "JsonWebKey"})
        failures += proof_option_checks(proof, method, options)
        if failures or not isinstance(signature, bytes):
            return ProofVerification(failures, method)
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        if not method.key.verify(_digest(config) + _digest(unsecured), signature, "EdDSA"):
            msg = f"the {self.name} signature does not verify with {method.id}"
            return ProofVerification([Check.fail("proof", "PROOF_SIGNATURE_INVALID", msg)], method)
        return ProofVerification([Check.ok("proof", "PROOF_VALID", f"{self.name} proof verified")], method)
