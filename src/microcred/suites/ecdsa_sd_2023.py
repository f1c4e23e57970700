"""ecdsa-sd-2023 (W3C Recommendation "Data Integrity ECDSA Cryptosuites v1.0" §3.4): selective disclosure.

The issuer adds a **base proof** (§3.4.1 Create Base Proof; §3.4.2 base proof transformation, §3.4.3 hashing,
§3.4.4 serialization): the document's canonical N-Quads with HMAC-derived blank node labels are split into the
statements the ``mandatory_pointers`` select and the rest; each non-mandatory statement is signed with a fresh
proof-scoped P-256 key, and the issuer's key signs proofHash ‖ proof-scoped public key ‖ mandatoryHash. The base
proof goes to the holder only: it carries the HMAC key. The holder derives a proof revealing chosen statements
(:func:`microcred.suites.ecdsa_sd_derive.derive`, §3.4.5-§3.4.6); a verifier verifies that **derived proof**
(§3.4.7 Verify Derived Proof, §3.4.8 createVerifyData). A base proof given to a verifier is a failed ``proof``
check, ``PROOF_BASE_NOT_VERIFIABLE``: it is not meant to be verified.

The issuer's key is P-256 (SHA-256 throughout, like the W3C vectors); the statement signatures are ECDSA P-256
over each N-Quad's UTF-8 bytes, IEEE P1363 ``r‖s``.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import InputError, KeyMaterialError, MicrocredError, SigningError
from ..jsonld.loader import DocumentLoader
from ..jsonld.processor import jsonld_to_quads
from ..keys import Key, base58btc_decode, base58btc_encode
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from ..verification.signed_members import restated_proof_check
from .base import ProofOptions, ProofVerification, VerifyOptions
from .data_integrity import RdfcCryptosuite
from .json_ld_checks import canonicalization_check
from .proof_checks import (
    proof_option_checks,
    resolve_method,
    verification_method_checks,
)
from .sd_primitives import (
    canonicalize_and_group,
    hmac_label_map_function,
    label_map_function,
    label_replacement_canonicalize,
)
from .sd_proof_value import (
    BASE_HEADER,
    BaseProofValue,
    DerivedProofValue,
    parse_derived_proof_value,
    proof_value_bytes,
    serialize_base_proof_value,
)

if TYPE_CHECKING:
    from ..resolve import VerificationMethod


def sha256(data: str | bytes) -> bytes:
    """SHA-256 of ``data`` (UTF-8 for text)."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).digest()


def multikey_bytes(key: Key) -> bytes:
    """The Multikey bytes (header + compressed point) of a P-256 key."""
    return base58btc_decode(key.public_key_multibase[1:], what="publicKeyMultibase")


class EcdsaSd2023(RdfcCryptosuite):
    """``DataIntegrityProof`` with ``cryptosuite: ecdsa-sd-2023`` (base proofs issued, derived proofs verified)."""

    name: ClassVar[str] = "ecdsa-sd-2023"
    cryptosuite: ClassVar[str | None] = "ecdsa-sd-2023"
    key_algorithms: ClassVar[dict[str, str]] = {"P-256": "ES256"}

    # -- §3.4.2-§3.4.4 the base proof ---------------------------------------------------------------------------
    @staticmethod
    def base_transformation(
        unsecured: dict[str, Any], mandatory_pointers: list[str], hmac_key: bytes, loader: DocumentLoader
    ) -> tuple[dict[int, str], dict[int, str]]:
        """§3.4.2: (mandatory, non-mandatory) HMAC-labelled canonical N-Quads, by index."""
        grouped = canonicalize_and_group(
            unsecured, hmac_label_map_function(hmac_key), {"mandatory": mandatory_pointers}, loader
        )
        group = grouped.groups["mandatory"]
        return group.matching, group.non_matching

    @staticmethod
    def base_hashing(canonical_proof_config: str, mandatory: dict[int, str]) -> tuple[bytes, bytes]:
        """§3.4.3: (proofHash, mandatoryHash)."""
        return sha256(canonical_proof_config), sha256("".join(mandatory.values()))

    @staticmethod
    def base_signature_data(proof_hash: bytes, public_key: bytes, mandatory_hash: bytes) -> bytes:
        """§3.4.4 step 4 (serializeSignData): proofHash ‖ publicKey ‖ mandatoryHash."""
        return proof_hash + public_key + mandatory_hash

    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """§3.4.1 Create Base Proof. ``options.extra``: ``mandatory_pointers`` (and, for tests only, the
        ``sd_hmac_key`` / ``sd_proof_key`` that are otherwise fresh random values)."""
        if key.key_type not in self.key_algorithms:
            raise KeyMaterialError(f"{self.name} signs with P-256 keys, not {key.key_type}")
        if not options.verification_method:
            raise SigningError(f"{self.name} needs a verification method id (the key's kid)")
        if not isinstance(unsecured.get("@context"), str | list):
            raise SigningError(f"{self.name} secures JSON-LD documents: no @context", path="$.@context")
        pointers = list(options.extra.get("mandatory_pointers") or [])
        hmac_key = options.extra.get("sd_hmac_key") or secrets.token_bytes(32)
        proof_key = options.extra.get("sd_proof_key") or Key.generate("P-256", did=None)
        proof = self.proof_options(options)
        canonical_config = self.proof_configuration(unsecured, proof, "sha256", options.loader)
        mandatory, non_mandatory = self.base_transformation(unsecured, pointers, hmac_key, options.loader)
        proof_hash, mandatory_hash = self.base_hashing(canonical_config, mandatory)
        public_key = multikey_bytes(proof_key)
        signatures = [proof_key.sign(line.encode(), "ES256") for line in non_mandatory.values()]
        data = self.base_signature_data(proof_hash, public_key, mandatory_hash)
        base_signature = key.sign(data, "ES256")
        value = BaseProofValue(base_signature, public_key, hmac_key, signatures, pointers)
        proof["proofValue"] = serialize_base_proof_value(value)
        return proof

    # -- §3.4.7-§3.4.8 the derived proof --------------------------------------------------------------------
    def create_verify_data(
        self,
        unsecured: dict[str, Any],
        proof: dict[str, Any],
        value: DerivedProofValue,
        loader: DocumentLoader,
    ) -> tuple[bytes, list[str], list[str], bytes]:
        """§3.4.8 createVerifyData: (proofHash, mandatory N-Quads, non-mandatory N-Quads, mandatoryHash)."""
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        proof_hash = sha256(self.proof_configuration(unsecured, options, "sha256", loader))
        quads = jsonld_to_quads(unsecured, loader)
        _, lines = label_replacement_canonicalize(quads, label_map_function(value.label_map))
        wanted = set(value.mandatory_indexes)
        mandatory = [line for i, line in enumerate(lines) if i in wanted]
        non_mandatory = [line for i, line in enumerate(lines) if i not in wanted]
        if len(wanted) != len(value.mandatory_indexes) or any(i >= len(lines) for i in wanted):
            raise InputError(
                f"mandatoryIndexes {value.mandatory_indexes} do not index the {len(lines)} statements"
            )
        return proof_hash, mandatory, non_mandatory, sha256("".join(mandatory))

    def _value(self, proof: dict[str, Any]) -> DerivedProofValue | Check:
        try:
            if proof_value_bytes(proof.get("proofValue"))[:3] == BASE_HEADER:
                msg = (
                    "this is an ecdsa-sd-2023 base proof, which the issuer gives the holder and which is not meant "
                    "to be verified: the holder derives a proof from it (microcred.derive) for a verifier"
                )
                return Check.fail(CheckName.PROOF, CheckCode.PROOF_BASE_NOT_VERIFIABLE, msg)
            return parse_derived_proof_value(proof.get("proofValue"))
        except InputError as exc:
            return Check.fail(
                CheckName.PROOF, CheckCode.PROOF_VALUE_INVALID, f"ecdsa-sd-2023 proofValue: {exc.message}"
            )

    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        """§3.4.7 Verify Derived Proof, with the DI verifier's checks around it (VC DI §4.4)."""
        failures = self.proof_shape_checks(unsecured, proof)
        value = self._value(proof)
        if isinstance(value, Check):
            failures.append(value)
        method = resolve_method(proof, options)
        if isinstance(method, Check):
            return ProofVerification([*failures, method])
        failures += verification_method_checks(method, self.name, self.key_algorithms, self.method_types)
        failures += proof_option_checks(proof, method, options)
        if failures or isinstance(value, Check):
            return ProofVerification(failures, method)
        restated = restated_proof_check(proof, unsecured.get("@context"), options.loader)
        if restated is not None:
            return ProofVerification([restated], method)
        return ProofVerification([self._verify_derived(unsecured, proof, value, method, options)], method)

    def _verify_derived(
        self,
        unsecured: dict[str, Any],
        proof: dict[str, Any],
        value: DerivedProofValue,
        method: VerificationMethod,
        options: VerifyOptions,
    ) -> Check:
        try:
            proof_hash, _, non_mandatory, mandatory_hash = self.create_verify_data(
                unsecured, proof, value, options.loader
            )
        except SigningError as exc:  # a blank node without a label
            return Check.fail(
                CheckName.PROOF, CheckCode.PROOF_LABEL_MAP_INVALID, f"ecdsa-sd-2023: {exc.message}"
            )
        except InputError as exc:
            return Check.fail(
                CheckName.PROOF, CheckCode.PROOF_MANDATORY_INDEXES_INVALID, f"ecdsa-sd-2023: {exc.message}"
            )
        except MicrocredError as exc:
            return canonicalization_check(exc)
        if len(value.signatures) != len(non_mandatory):
            msg = f"the proof has {len(value.signatures)} statement signatures for {len(non_mandatory)} statements"
            return Check.fail(CheckName.PROOF, CheckCode.PROOF_SIGNATURE_COUNT_MISMATCH, msg)
        data = self.base_signature_data(proof_hash, value.public_key, mandatory_hash)
        if not method.key.verify(data, value.base_signature, "ES256"):
            msg = f"the ecdsa-sd-2023 base signature does not verify with {method.id}"
            return Check.fail(CheckName.PROOF, CheckCode.PROOF_SIGNATURE_INVALID, msg)
        try:
            proof_key = Key.from_multibase("z" + base58btc_encode(value.public_key))
        except MicrocredError as exc:
            return Check.fail(
                CheckName.PROOF, CheckCode.PROOF_VALUE_INVALID, f"ecdsa-sd-2023 publicKey: {exc.message}"
            )
        bad = [
            i
            for i, (sig, line) in enumerate(zip(value.signatures, non_mandatory, strict=True))
            if not proof_key.verify(line.encode(), sig, "ES256")
        ]
        if bad:
            msg = f"{len(bad)} disclosed statement(s) do not match their signature (statements {bad})"
            return Check.fail(
                CheckName.PROOF, CheckCode.PROOF_STATEMENT_SIGNATURE_INVALID, msg, statements=bad
            )
        msg = f"ecdsa-sd-2023 derived proof verified with {method.id} ({len(non_mandatory)} selectively disclosed)"
        return Check.ok(CheckName.PROOF, CheckCode.PROOF_VALID, msg, verificationMethod=method.id)
