"""``jws-2020``: the JsonWebSignature2020 Linked Data proof (W3C CCG "JSON Web Signature 2020", lds-jws2020).

Create Proof (as jsonld-signatures' LinkedDataSignature, which the CCG report follows):

1. proof options = ``type``, ``created``, ``verificationMethod``, ``proofPurpose`` (and ``expires``, ``domain``,
   ``challenge`` when asked for), under the document's ``@context``;
2. verify data = SHA-256(RDFC-1.0(proof options)) ‖ SHA-256(RDFC-1.0(document without proof));
3. ``jws`` = a detached JWS with unencoded payload (RFC 7797): protected header ``{"alg", "b64": false,
   "crit": ["b64"]}``; signing input = ASCII(BASE64URL(header) || ".") ‖ verify data; ``jws`` = header "..".
   signature.

Algorithms (§"Algorithms" of the report): Ed25519 ``EdDSA``, secp256k1 ``ES256K``, P-256 ``ES256``, P-384
``ES384``, RSA ``PS256``; the header's ``alg`` must be the one that fits the resolved key. The suite context
``https://w3id.org/security/suites/jws-2020/v1`` is put into the document's ``@context`` when issuing:
verifiers disagree when it is only in the proof.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from ..base64url import b64url_encode
from ..clock import format_datetime
from ..errors import JwsError, KeyMaterialError, MicrocredError, SigningError
from ..jsonld import canonicalize
from ..jsonld.contexts import JWS_2020
from ..jsonld.loader import DocumentLoader
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from ..verification.signed_members import restated_proof_check
from .base import EmbeddedProofSuite, ProofOptions, ProofVerification, VerifyOptions
from .jose import Jws, check_header, encode_header, parse_detached, reject, select_alg
from .jose import verify_signature as verify_jws_signature
from .json_ld_checks import canonicalization_check
from .proof_checks import proof_option_checks, proof_structure_checks, resolve_method

if TYPE_CHECKING:
    from ..keys import Key

#: Key type -> the JOSE alg JsonWebSignature2020 uses with it.
ALGORITHMS: dict[str, str] = {
    "Ed25519": "EdDSA",
    "secp256k1": "ES256K",
    "P-256": "ES256",
    "P-384": "ES384",
    "RSA": "PS256",
}
#: The members of the proof microcred writes, in this order.
_ORDER = ("type", "id", "created", "expires", "verificationMethod", "proofPurpose", "domain", "challenge")


class JsonWebSignature2020(EmbeddedProofSuite):
    """JsonWebSignature2020: detached ``b64:false`` JWS over the hashes of the canonical proof options and document."""

    name: ClassVar[str] = "jws-2020"
    proof_type: ClassVar[str] = "JsonWebSignature2020"
    required_context: ClassVar[str | None] = JWS_2020

    @staticmethod
    def verify_data(unsecured: dict[str, Any], proof: dict[str, Any], loader: DocumentLoader) -> bytes:
        """Step 2: SHA-256(canonical proof options) ‖ SHA-256(canonical document).

        The proof options are the proof without ``jws`` (and ``proofValue``/``signatureValue``) under the document's
        ``@context``, or under the proof's own ``@context`` when it has one (jsonld-signatures' rule).
        """
        options = {k: v for k, v in proof.items() if k not in ("jws", "proofValue", "signatureValue")}
        options.setdefault("@context", unsecured.get("@context"))
        document = {k: v for k, v in unsecured.items() if k != "proof"}
        canonical_options = canonicalize(options, loader=loader)
        canonical_document = canonicalize(document, loader=loader)
        return (
            hashlib.sha256(canonical_options.encode()).digest()
            + hashlib.sha256(canonical_document.encode()).digest()
        )

    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """A JsonWebSignature2020 proof: a detached JWS over the canonicalized proof options and document."""
        alg = ALGORITHMS.get(key.key_type)
        if alg is None or alg not in key.allowed_algs:
            supported = ", ".join(f"{kt} ({a})" for kt, a in ALGORITHMS.items())
            raise KeyMaterialError(
                f"JsonWebSignature2020 signs with {supported}; not this {key.key_type} key"
            )
        vm = options.verification_method or key.kid
        if not vm:
            raise SigningError("jws-2020 needs a verification method id (the key's kid)")
        if not isinstance(unsecured.get("@context"), str | list):
            raise SigningError(
                "jws-2020 secures JSON-LD documents: the document has no @context", path="$.@context"
            )
        values: dict[str, Any] = {
            "type": self.proof_type,
            "id": options.proof_id,
            "created": format_datetime(options.created_at().replace(microsecond=0)),
            "expires": format_datetime(options.expires) if options.expires else None,
            "verificationMethod": vm,
            "proofPurpose": options.proof_purpose,
            "domain": options.domain,
            "challenge": options.challenge,
        }
        proof = {k: values[k] for k in _ORDER if values[k] is not None}
        if options.previous_proof is not None:
            proof["previousProof"] = options.previous_proof
        # Step 3: the detached JWS with unencoded payload (RFC 7797 §5.2 / §6).
        protected = encode_header({"alg": alg, "b64": False, "crit": ["b64"]})
        signing_input = protected.encode("ascii") + b"." + self.verify_data(unsecured, proof, options.loader)
        proof["jws"] = f"{protected}..{b64url_encode(key.sign(signing_input, alg))}"
        return proof

    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        """Verify one JsonWebSignature2020 proof (the detached JWS), with the shared proof checks."""
        failures = proof_structure_checks(proof)
        detached = self._parse_jws(proof.get("jws"))
        if isinstance(detached, Check):
            failures.append(detached)
        method = resolve_method(proof, options)
        if isinstance(method, Check):
            return ProofVerification([*failures, method])
        failures += proof_option_checks(proof, method, options)
        if failures or isinstance(detached, Check):
            return ProofVerification(failures, method)
        header = detached.header
        try:
            alg = select_alg(header, method.key, allowed=set(ALGORITHMS.values()))
            if ALGORITHMS.get(method.key.key_type) != alg:
                raise JwsError(
                    f"JsonWebSignature2020 uses {ALGORITHMS.get(method.key.key_type)} with this key, not {alg}",
                    reason=CheckCode.ALG_KEY_MISMATCH,
                )
        except JwsError as exc:
            return ProofVerification([reject(exc)], method)
        restated = restated_proof_check(proof, unsecured.get("@context"), options.loader)
        if restated is not None:  # the signed option is not where the checks above read it
            return ProofVerification([restated], method)
        try:
            data = self.verify_data(unsecured, proof, options.loader)
        except MicrocredError as exc:  # verification never raises for a bad credential
            return ProofVerification([canonicalization_check(exc)], method)
        try:
            verify_jws_signature(detached.over(data), method.key, alg)
        except JwsError as exc:
            return ProofVerification([reject(exc, verificationMethod=method.id)], method)
        msg = f"JsonWebSignature2020 ({alg}) verified with {method.id}"
        return ProofVerification(
            [Check.ok(CheckName.PROOF, CheckCode.PROOF_VALID, msg, verificationMethod=method.id, alg=alg)],
            method,
        )

    @staticmethod
    def _parse_jws(value: Any) -> Jws | Check:
        """A detached JWS ``header..signature`` with ``b64: false`` and ``crit: ["b64"]`` (RFC 7797 §5.2, §6)."""
        if not isinstance(value, str):
            return Check.fail(
                CheckName.PROOF,
                CheckCode.PROOF_MALFORMED,
                "a JsonWebSignature2020 proof needs a 'jws' string",
            )
        try:
            jws = parse_detached(value)
            check_header(jws.header, understood_crit={"b64"}, allow_unencoded=True)
            if jws.header.get("b64") is not False:
                raise JwsError(
                    "JsonWebSignature2020 needs b64:false in the JWS header", reason=CheckCode.B64_INVALID
                )
        except JwsError as exc:
            return reject(exc)
        return jws
