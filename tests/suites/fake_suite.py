"""A keyless test suite (sha256 over the JSON) to exercise the proof-set/chain and verifier plumbing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from microcred.clock import format_datetime
from microcred.suites.base import EmbeddedProofSuite, ProofOptions, ProofVerification, VerifyOptions
from microcred.verification.results import Check


@dataclass(frozen=True)
class FakeMethod:
    id: str
    controller: str
    type: str = "Multikey"
    relationships: frozenset[str] = field(default_factory=lambda: frozenset({"assertionMethod"}))


def digest(unsecured: dict[str, Any], proof: dict[str, Any]) -> str:
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    data = json.dumps([unsecured, options], sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


class FakeSuite(EmbeddedProofSuite):
    name = "fake-2024"
    proof_type = "DataIntegrityProof"
    cryptosuite = "fake-2024"
    required_context = "https://w3id.org/security/data-integrity/v2"

    def create_proof(self, unsecured: dict[str, Any], key: Any, options: ProofOptions) -> dict[str, Any]:
        proof: dict[str, Any] = {
            "type": self.proof_type,
            "cryptosuite": self.cryptosuite,
            "created": format_datetime(options.created_at()),
            "verificationMethod": options.verification_method,
            "proofPurpose": options.proof_purpose,
        }
        if options.proof_id:
            proof["id"] = options.proof_id
        if options.previous_proof:
            proof["previousProof"] = options.previous_proof
        proof["proofValue"] = digest(unsecured, proof)
        return proof

    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        vm_id = str(proof.get("verificationMethod"))
        vm: Any = FakeMethod(id=vm_id, controller=vm_id.split("#")[0])  # duck-typed VerificationMethod
        if proof.get("proofValue") != digest(unsecured, proof):
            return ProofVerification([Check.fail("proof", "PROOF_INVALID", "digest mismatch")], vm)
        return ProofVerification([Check.ok("proof", "PROOF_VALID", "digest matches")], vm)
