"""The Data Integrity JCS pipeline shared by eddsa-jcs-2022 and ecdsa-jcs-2019.

vc-di-eddsa 1.0 §3.3 and vc-di-ecdsa 1.0 §3.3 define the JCS cryptosuites with the same steps as the RDFC ones
(Create Proof 3.3.1, Verify Proof 3.3.2, Transformation 3.3.3, Hashing 3.3.4, Proof Configuration 3.3.5, Proof
Serialization 3.3.6, Proof Verification 3.3.7); only the transformation and the proof configuration differ: both
are the JSON Canonicalization Scheme (RFC 8785) of the JSON instead of RDFC-1.0 of its RDF, and the proof carries
the document's ``@context`` (§3.3.1 step 5; §3.3.5 step 3 signs it with the proof configuration).

microcred's rule that the JSON a reader sees is exactly what was signed holds here by construction (the signed
bytes are the JCS of the JSON itself); what a JCS proof does not secure is the JSON-LD meaning. So the document and
the proof options must still pass JSON-LD safe mode (VC DI 1.0 §2.4.3: no undefined term, no relative IRI, no
dropped value) exactly as for the RDFC suites -- the same ``DATA_LOSS_DETECTION_ERROR`` -- and the proof's
``@context`` must be the document's ``@context`` (the spec allows a prefix, §3.3.2 step 3; microcred requires
equality so that no context a reader sees is unsigned: ``PROOF_CONTEXT_MISMATCH``). RFC 8785 §3.2.2.3 writes
numbers as IEEE 754 doubles, so an integer beyond 2^53 would be signed as another number than the one a reader
sees: such a document is refused (I-JSON, RFC 7493 §2.2), never signed or verified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError, SigningError
from ..jsonld.canonicalize import HashAlgorithm, check_lossless
from ..jsonld.jcs import canonical_json
from ..jsonld.loader import DocumentLoader
from .base import ProofOptions
from .data_integrity import RdfcCryptosuite

if TYPE_CHECKING:
    from ..keys import Key


#: The largest integer every IEEE 754 double represents exactly (I-JSON, RFC 7493 §2.2).
MAX_EXACT_INTEGER = 2**53


def exact_numbers(value: Any, path: str = "$") -> None:
    """Raise :class:`InputError` at the first integer JCS would change (its magnitude is above 2^53)."""
    todo: list[tuple[Any, str]] = [(value, path)]
    while todo:
        item, where = todo.pop()
        if isinstance(item, dict):
            todo.extend((v, f"{where}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            todo.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_EXACT_INTEGER:
            raise InputError(
                f"{where}: the integer {item} is not exactly representable in JCS (beyond 2^53, RFC 7493 §2.2)",
                path=where,
            )


class JcsCryptosuite(RdfcCryptosuite):
    """A JCS-based Data Integrity cryptosuite: the RDFC pipeline with RFC 8785 in place of RDFC-1.0."""

    def transformation(
        self,
        unsecured: dict[str, Any],
        options: dict[str, Any],
        hash_algorithm: HashAlgorithm,
        loader: DocumentLoader,
    ) -> str:
        """§3.3.3: the JCS of the unsecured document (after the JSON-LD safe-mode check of VC DI §2.4.3)."""
        problem = self.suite_problem(options)
        if problem:  # PROOF_TRANSFORMATION_ERROR
            raise SigningError(f"{self.name} transformation: {problem}")
        check_lossless(unsecured, loader=loader)
        exact_numbers(unsecured)
        return canonical_json(unsecured)

    def proof_configuration(
        self,
        unsecured: dict[str, Any],
        options: dict[str, Any],
        hash_algorithm: HashAlgorithm,
        loader: DocumentLoader,
    ) -> str:
        """§3.3.5: the JCS of the proof options without ``proofValue``, with the document's ``@context``."""
        proof_config = self.checked_proof_config(options)
        if "@context" in unsecured:  # §3.3.5 step 3
            proof_config["@context"] = unsecured["@context"]
        check_lossless(proof_config, loader=loader)
        exact_numbers(proof_config)
        return canonical_json(proof_config)

    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """§3.3.1 Create Proof: the RDFC steps, and the proof carries the document's ``@context`` (step 5)."""
        proof = super().create_proof(unsecured, key, options)
        value = proof.pop("proofValue")
        proof["@context"] = unsecured["@context"]
        proof["proofValue"] = value
        return proof
