"""The Data Integrity RDFC pipeline shared by eddsa-rdfc-2022, eddsa-2022, ecdsa-rdfc-2019 and Ed25519Signature2020.

The cryptosuite specs define the same steps, with the same numbers, for each RDFC suite (vc-di-eddsa 1.0 §3.2,
vc-di-ecdsa 1.0 §3.2): Create Proof (3.2.1), Verify Proof (3.2.2), Transformation (3.2.3), Hashing (3.2.4),
Proof Configuration (3.2.5), Proof Serialization (3.2.6) and Proof Verification (3.2.7). :class:`RdfcCryptosuite`
implements them once; a suite module only names its proof type / cryptosuite, the keys it accepts and, for
ECDSA, the hash that goes with the curve. The checks around the signature (proof shape, context, key type,
proofValue encoding, purpose, dates, domain, challenge) are in :mod:`.proof_checks` and :mod:`.proof_value`.

Canonicalization runs JSON-LD in safe mode (VC DI 1.0 §2.4.3 "Securing Data Losslessly"): a term the contexts do not
define is an error (``DATA_LOSS_DETECTION_ERROR``), never silently unsigned; the base URL is null.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from ..clock import format_datetime, parse_datetime
from ..errors import InputError, KeyMaterialError, MicrocredError, SigningError
from ..jsonld import canonicalize
from ..jsonld.canonicalize import HashAlgorithm, canonicalize_to_hash
from ..jsonld.context_cache import json_text_memo
from ..jsonld.contexts import CREDENTIALS_V2, DATA_INTEGRITY_V2
from ..jsonld.loader import DocumentLoader
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from ..verification.signed_members import restated_proof_check
from .base import EmbeddedProofSuite, ProofOptions, ProofVerification, VerifyOptions, context_urls
from .json_ld_checks import canonicalization_check, context_checks
from .proof_checks import (
    proof_option_checks,
    proof_structure_checks,
    resolve_method,
    verification_method_checks,
)
from .proof_value import decode_proof_value, encode_proof_value, proof_value_length_check

if TYPE_CHECKING:
    from ..keys import Key

DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"

#: Members of the proof options microcred writes, in the order the W3C test vectors show them.
_OPTION_ORDER = ("type", "id", "cryptosuite", "created", "expires", "verificationMethod", "proofPurpose")


class RdfcCryptosuite(EmbeddedProofSuite):
    """An RDFC-1.0 based proof suite: canonicalize, hash proof configuration and document, sign the hashes."""

    proof_type: ClassVar[str] = "DataIntegrityProof"
    required_context: ClassVar[str | None] = DATA_INTEGRITY_V2
    #: Any one of these in the document's ``@context`` defines the proof's terms (VC DI §2.4.2 Context Injection).
    suite_contexts: ClassVar[tuple[str, ...]] = (CREDENTIALS_V2, DATA_INTEGRITY_V2, DATA_INTEGRITY_V1)
    #: ``Key.key_type`` values the suite signs with, and the JOSE algorithm name of each (for ``Key.sign``).
    key_algorithms: ClassVar[dict[str, str]]
    #: Verification method types whose key the suite accepts.
    method_types: ClassVar[frozenset[str]] = frozenset({"Multikey", "JsonWebKey", "JsonWebKey2020"})

    # -- suite parameters ----------------------------------------------------------------------------------
    def contexts_to_add(self, document: dict[str, Any]) -> list[str]:
        """VC DI §2.4.2: add the suite context only when no context in the document defines the proof terms."""
        if self.required_context is None or any(u in context_urls(document) for u in self.suite_contexts):
            return []
        return [self.required_context]

    def hash_algorithm(self, key_type: str) -> HashAlgorithm:
        """The hash for both §3.2.4 hashes and RDFC-1.0's internal hash (SHA-256 unless the suite says otherwise)."""
        return "sha256"

    def suite_problem(self, options: dict[str, Any]) -> str | None:
        """§3.2.3 step 1 / §3.2.5 step 2: the options name this suite's ``type`` (and ``cryptosuite``)."""
        if options.get("type") != self.proof_type:
            return f"proof type is {options.get('type')!r}, not {self.proof_type!r}"
        if options.get("cryptosuite") != self.cryptosuite:
            return f"cryptosuite is {options.get('cryptosuite')!r}, not {self.cryptosuite!r}"
        return None

    # -- the algorithm steps -------------------------------------------------------------------------------
    def transformation(
        self,
        unsecured: dict[str, Any],
        options: dict[str, Any],
        hash_algorithm: HashAlgorithm,
        loader: DocumentLoader,
    ) -> str:
        """§3.2.3: the RDFC-1.0 serialized canonical form of the unsecured document."""
        self._check_transformation_options(options)
        return canonicalize(unsecured, hash_algorithm=hash_algorithm, loader=loader)

    def _check_transformation_options(self, options: dict[str, Any]) -> None:
        problem = self.suite_problem(options)
        if problem:  # PROOF_TRANSFORMATION_ERROR
            raise SigningError(f"{self.name} transformation: {problem}")

    def transformed_for_hashing(
        self,
        unsecured: dict[str, Any],
        options: dict[str, Any],
        hash_algorithm: HashAlgorithm,
        loader: DocumentLoader,
    ) -> str | bytes:
        """:meth:`transformation` as :meth:`hashing` takes it: the text, or (RDFC-1.0 in a batch worker, see
        :func:`~microcred.jsonld.canonicalize.canonicalize_to_hash`) its UTF-8 encoding. A suite with its own
        transformation (JCS) gets that one."""
        if type(self).transformation is not RdfcCryptosuite.transformation:
            return self.transformation(unsecured, options, hash_algorithm, loader)
        self._check_transformation_options(options)
        return canonicalize_to_hash(unsecured, hash_algorithm=hash_algorithm, loader=loader)

    def checked_proof_config(self, options: dict[str, Any]) -> dict[str, Any]:
        """Proof Configuration steps 1-2 (shared by the RDFC and JCS suites): the proof options without
        ``proofValue`` and ``@context``, their type and cryptosuite checked, ``created`` an XSD dateTime."""
        proof_config = {k: v for k, v in options.items() if k not in ("proofValue", "@context")}
        problem = self.suite_problem(proof_config)
        if problem:  # PROOF_GENERATION_ERROR
            raise SigningError(f"{self.name} proof configuration: {problem}")
        if "created" in proof_config:
            try:
                parse_datetime(proof_config["created"], assume_utc=True)
            except InputError as exc:
                raise SigningError(
                    f"{self.name} proof configuration: created {proof_config['created']!r} is not a dateTime"
                ) from exc
        return proof_config

    def proof_configuration(
        self,
        unsecured: dict[str, Any],
        options: dict[str, Any],
        hash_algorithm: HashAlgorithm,
        loader: DocumentLoader,
    ) -> str:
        """§3.2.5: the canonical proof options, without ``proofValue``, under the document's ``@context``."""
        proof_config = self.checked_proof_config(options)
        proof_config["@context"] = unsecured.get("@context")
        return canonicalize(proof_config, hash_algorithm=hash_algorithm, loader=loader)

    @staticmethod
    def hashing(
        transformed_document: str | bytes, canonical_proof_config: str, hash_algorithm: HashAlgorithm
    ) -> bytes:
        """§3.2.4: hash(canonicalProofConfig) ‖ hash(transformedDocument), UTF-8 encoded (the document may come
        encoded already)."""
        proof_config_hash = hashlib.new(hash_algorithm, canonical_proof_config.encode()).digest()
        document = (
            transformed_document if isinstance(transformed_document, bytes) else transformed_document.encode()
        )
        return proof_config_hash + hashlib.new(hash_algorithm, document).digest()

    def proof_serialization(self, hash_data: bytes, key: Key) -> bytes:
        """§3.2.6: the signature over the hash data (Ed25519 64 bytes; ECDSA P1363 r‖s)."""
        return key.sign(hash_data, self.key_algorithms[key.key_type])

    def proof_verification(self, hash_data: bytes, proof_bytes: bytes, key: Key) -> bool:
        """§3.2.7: the signature verifies with the verification method's public key."""
        return key.verify(hash_data, proof_bytes, self.key_algorithms[key.key_type])

    def hash_data(
        self, unsecured: dict[str, Any], options: dict[str, Any], key_type: str, loader: DocumentLoader
    ) -> bytes:
        """Steps 2-4 of §3.2.1 / 4-6 of §3.2.2: proof configuration, transformation, hashing.

        The proof configuration carries the document's own ``@context`` value, so both are canonicalized
        under one :func:`~microcred.jsonld.context_cache.json_text_memo`: the context's JSON text (the key
        of its processed form in the context cache) is written once."""
        algorithm = self.hash_algorithm(key_type)
        with json_text_memo():
            canonical_proof_config = self.proof_configuration(unsecured, options, algorithm, loader)
            transformed = self.transformed_for_hashing(unsecured, options, algorithm, loader)
        return self.hashing(transformed, canonical_proof_config, algorithm)

    # -- create ---------------------------------------------------------------------------------------------
    def proof_options(self, options: ProofOptions) -> dict[str, Any]:
        """The proof options (VC DI §2.1) for ``options``, in the order of the W3C test vectors."""
        values: dict[str, Any] = {
            "type": self.proof_type,
            "id": options.proof_id,
            "cryptosuite": self.cryptosuite,
            "created": format_datetime(options.created_at()),
            "expires": format_datetime(options.expires) if options.expires else None,
            "verificationMethod": options.verification_method,
            "proofPurpose": options.proof_purpose,
            "domain": options.domain,
            "challenge": options.challenge,
            "previousProof": options.previous_proof,
        }
        order = [*_OPTION_ORDER, *(k for k in values if k not in _OPTION_ORDER)]
        return {k: values[k] for k in order if values[k] is not None}

    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """§3.2.1 Create Proof."""
        if key.key_type not in self.key_algorithms:
            accepted = " or ".join(self.key_algorithms)
            raise KeyMaterialError(f"{self.name} signs with {accepted} keys, not {key.key_type}")
        if not options.verification_method:
            raise SigningError(f"{self.name} needs a verification method id (the key's kid)")
        if not isinstance(unsecured.get("@context"), str | list):
            raise SigningError(
                f"{self.name} secures JSON-LD documents: the document has no @context", path="$.@context"
            )
        proof = self.proof_options(options)
        hash_data = self.hash_data(unsecured, proof, key.key_type, options.loader)
        proof["proofValue"] = encode_proof_value(self.proof_serialization(hash_data, key))
        return proof

    # -- verify ---------------------------------------------------------------------------------------------
    def proof_shape_checks(self, unsecured: dict[str, Any], proof: dict[str, Any]) -> list[Check]:
        """VC DI §4.4 steps before the cryptography: the proof's members, its type/cryptosuite, the contexts."""
        failures = proof_structure_checks(proof)
        problem = self.suite_problem(proof)
        if problem:
            failures.append(
                Check.fail(CheckName.PROOF, CheckCode.PROOF_TYPE_MISMATCH, f"{self.name}: {problem}")
            )
        failures += context_checks(unsecured, proof, self.suite_contexts, self.name)
        return failures

    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        """§3.2.2 Verify Proof, with the DI verifier's checks around it (VC DI §4.4)."""
        failures = self.proof_shape_checks(unsecured, proof)
        proof_bytes = decode_proof_value(proof.get("proofValue"))
        if isinstance(proof_bytes, Check):
            failures.append(proof_bytes)
        method = resolve_method(proof, options)
        if isinstance(method, Check):
            return ProofVerification([*failures, method])
        key_failures = verification_method_checks(method, self.name, self.key_algorithms, self.method_types)
        failures += key_failures
        if isinstance(proof_bytes, bytes) and not key_failures:
            length = proof_value_length_check(proof_bytes, method.key.key_type)
            if length is not None:
                failures.append(length)
        failures += proof_option_checks(proof, method, options)
        if failures or not isinstance(proof_bytes, bytes):
            return ProofVerification(failures, method)
        options_without_value = {k: v for k, v in proof.items() if k != "proofValue"}
        restated = restated_proof_check(options_without_value, unsecured.get("@context"), options.loader)
        if restated is not None:  # the signed option is not where the checks above read it
            return ProofVerification([restated], method)
        try:
            hash_data = self.hash_data(unsecured, options_without_value, method.key.key_type, options.loader)
        except MicrocredError as exc:  # verification never raises for a bad credential
            return ProofVerification([canonicalization_check(exc)], method)
        if not self.proof_verification(hash_data, proof_bytes, method.key):
            msg = f"the {self.name} signature does not verify with {method.id}"
            return ProofVerification(
                [Check.fail(CheckName.PROOF, CheckCode.PROOF_SIGNATURE_INVALID, msg)], method
            )
        msg = f"{self.name} proof verified with {method.id}"
        return ProofVerification(
            [Check.ok(CheckName.PROOF, CheckCode.PROOF_VALID, msg, verificationMethod=method.id)], method
        )
