"""The microcred error tree.

Every exception microcred raises on purpose is a :class:`MicrocredError`. Each class carries a stable,
machine-readable ``code`` (never renamed once released) and, where it helps, the JSON path or field that
caused it. Third-party exceptions (cryptography, requests, pydantic, rdflib, jwcrypto keys handed in) are
wrapped where they enter microcred, with the original kept as ``__cause__``.

Verification never raises for a bad credential: it returns a :class:`~microcred.verification.results.VerificationResult`.
Exceptions are for bad input to issuing/conversion, I/O failures, and programmer misuse.
"""

from __future__ import annotations

from typing import Any


class MicrocredError(Exception):
    """Base class of all microcred errors."""

    code: str = "MICROCRED_ERROR"

    def __init__(self, message: str, *, path: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.details = dict(details or {})

    def __str__(self) -> str:
        if self.path:
            return f"{self.message} (at {self.path})"
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON: ``code``, ``message`` and, when known, ``path`` and ``details``."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.path:
            out["path"] = self.path
        if self.details:
            out["details"] = self.details
        return out


# --- programmer misuse -------------------------------------------------------------------------------------
class UsageError(MicrocredError, ValueError):
    """An API was called with arguments that cannot work (wrong type, unknown option)."""

    code = "USAGE_ERROR"


# --- bad input ---------------------------------------------------------------------------------------------
class InputError(MicrocredError, ValueError):
    """Input data is malformed or does not meet a requirement; ``path`` names the field."""

    code = "INVALID_INPUT"


class JsonParseError(InputError):
    """Input that is not strict JSON (RFC 8259)."""

    code = "JSON_PARSE_ERROR"


class DuplicateKeyError(JsonParseError):
    """A JSON object with the same member twice (RFC 8259 §4 leaves it undefined; microcred refuses it)."""

    code = "DUPLICATE_JSON_KEY"


class JsonNumberError(JsonParseError):
    """A JSON number no parser can hold exactly: an integer of more than 4300 digits, or one that overflows a
    double (``1e400``); RFC 8259 §6 lets implementations set such limits, I-JSON (RFC 7493 §2.2) requires them."""

    code = "JSON_NUMBER_OUT_OF_RANGE"


class JsonUnicodeError(JsonParseError):
    """JSON text that is not I-JSON Unicode (RFC 7493 §2.1): a lone UTF-16 surrogate in a string, or a byte order
    mark (RFC 8259 §8.1) where the format forbids one."""

    code = "JSON_INVALID_UNICODE"


class Base64UrlError(InputError):
    """Text that is not (strict, unpadded, canonical) base64url (RFC 4648 §5, RFC 7515 §2)."""

    code = "BASE64URL_ERROR"


class InputTooLargeError(InputError):
    """Input larger than the configured byte limit."""

    code = "INPUT_TOO_LARGE"


class BakedBadgeError(InputError):
    """A PNG or SVG image that should carry a baked Open Badge does not (or carries it malformed)."""

    code = "BAKED_BADGE_INVALID"


class NestingTooDeepError(InputError):
    """JSON nested deeper than the configured depth limit."""

    code = "NESTING_TOO_DEEP"


class ModelValidationError(InputError):
    """The facts of a micro-credential do not fit the model; ``details['errors']`` lists every field."""

    code = "MODEL_INVALID"


class VocabularyError(ModelValidationError):
    """A controlled value is not in its vocabulary; the message lists allowed values."""

    code = "VOCABULARY_VALUE_UNKNOWN"


class MappingError(InputError):
    """A JSON-LD document cannot be mapped to or from the ELM model."""

    code = "ELM_MAPPING_ERROR"


class MicrocredWarning(UserWarning):
    """Base class of the warnings microcred emits (something was kept or left out, nothing failed)."""


class MappingWarning(MicrocredWarning):
    """Reading or writing ELM kept something unusual (a concept outside the bundled vocabularies, a
    credential that misses Annex I elements) or could not carry a statement over."""


class UnsupportedFormatError(InputError):
    """The securing format is unknown or not allowed."""

    code = "UNSUPPORTED_FORMAT"


# --- JSON-LD -----------------------------------------------------------------------------------------------
class DocumentLoaderError(MicrocredError):
    """A JSON-LD document (context) could not be loaded."""

    code = "DOCUMENT_LOADER_ERROR"


class UnknownDocumentError(DocumentLoaderError):
    """A URL was requested that the offline loader does not serve."""

    code = "DOCUMENT_NOT_BUNDLED"


class ContextIntegrityError(DocumentLoaderError):
    """A bundled context's bytes do not match its pinned sha256."""

    code = "CONTEXT_HASH_MISMATCH"


class FetchError(DocumentLoaderError):
    """The hardened fetcher could not retrieve a resource (network, status, size, content type)."""

    code = "FETCH_FAILED"


class FetchDeniedError(FetchError):
    """The hardened fetcher refused a URL (not https, not allow-listed, private address, redirect)."""

    code = "FETCH_DENIED"


class JsonLdError(InputError):
    """JSON-LD processing by microcred's own processor (:mod:`microcred.jsonld`) failed; the JSON-LD 1.1 error
    code is in ``details["jsonld_code"]``."""

    code = "JSONLD_ERROR"


class SafeModeError(JsonLdError):
    """JSON-LD safe mode: a term, type or IRI would be dropped or left relative (data would go unsigned)."""

    code = "JSONLD_SAFE_MODE_VIOLATION"


class ContextLimitError(JsonLdError):
    """JSON-LD context processing gave up: the document needs more contexts, terms or work than the limits allow."""

    code = "JSONLD_CONTEXT_LIMIT"


class CanonicalizationError(MicrocredError):
    """RDFC-1.0 canonicalization failed (e.g. the work limit was reached)."""

    code = "CANONICALIZATION_ERROR"


class WorkLimitExceededError(CanonicalizationError):
    """RDFC-1.0 gave up: the dataset needs more work than the limit allows (e.g. a poison graph)."""

    code = "CANONICALIZATION_WORK_LIMIT"


# --- keys, DIDs, signing -----------------------------------------------------------------------------------
class KeyMaterialError(MicrocredError, ValueError):
    """A key is malformed, of an unsupported type, or unfit for the requested use."""

    code = "KEY_INVALID"


class TrustAnchorError(KeyMaterialError):
    """A trust anchor given to the verifier is not a certificate (not PEM, not DER, an unreadable file)."""

    code = "TRUST_ANCHOR_INVALID"


class ResolutionError(MicrocredError):
    """A DID or verification method could not be resolved."""

    code = "RESOLUTION_FAILED"


class KeyLengthError(KeyMaterialError):
    """Key bytes have the wrong length for their type (did:key ``invalidPublicKeyLength``)."""

    code = "KEY_LENGTH_INVALID"


class UnsupportedKeyTypeError(KeyMaterialError):
    """The key type (JWK kty/crv, multicodec header, certificate key) is not one microcred supports."""

    code = "KEY_TYPE_UNSUPPORTED"


class InvalidDidError(ResolutionError):
    """A DID or DID URL is malformed for its method (did:key / did:jwk / did:web ``invalidDid``)."""

    code = "INVALID_DID"


class UnsupportedDidMethodError(ResolutionError):
    """No configured resolver handles this DID method or URL (did:web needs an explicit fetcher)."""

    code = "DID_METHOD_UNSUPPORTED"


class DidDocumentError(ResolutionError):
    """A fetched DID / controller document is malformed or its ``id`` does not match the DID."""

    code = "DID_DOCUMENT_INVALID"


class VerificationMethodNotFoundError(ResolutionError):
    """The DID document has no verification method with that id."""

    code = "VERIFICATION_METHOD_NOT_FOUND"


class InvalidVerificationMethodError(ResolutionError):
    """A verification method is malformed: wrong controller, key unfit for its ``type``, private key."""

    code = "VERIFICATION_METHOD_INVALID"


class InvalidPublicKeyError(InvalidVerificationMethodError):
    """The public key in a DID is not a valid key of its type (did:key ``invalidPublicKey``)."""

    code = "INVALID_PUBLIC_KEY"


class InvalidPublicKeyLengthError(InvalidPublicKeyError):
    """did:key ``invalidPublicKeyLength``: the key bytes have the wrong length for the multicodec."""

    code = "INVALID_PUBLIC_KEY_LENGTH"


class UnsupportedPublicKeyTypeError(InvalidPublicKeyError):
    """The multicodec / JWK key type in a DID is not supported."""

    code = "UNSUPPORTED_PUBLIC_KEY_TYPE"


class SigningError(MicrocredError):
    """A credential could not be secured (bad input for the chosen format or key)."""

    code = "SIGNING_FAILED"


class SignerError(SigningError):
    """A :class:`~microcred.signers.Signer` (HSM, smart card, remote signing service) could not sign.

    No credential is emitted; ``details`` names the signer. Subclasses say why.
    """

    code = "SIGNER_FAILED"


class SignerUnavailableError(SignerError):
    """The signer could not be reached (module missing, token absent, service down or too slow)."""

    code = "SIGNER_UNAVAILABLE"


class SignerSignatureError(SignerError):
    """The signer returned a signature that does not verify with its public key (nothing was emitted)."""

    code = "SIGNER_BAD_SIGNATURE"


class SignerCertificateError(SignerError):
    """The signer's certificate does not certify its key, or does not belong to the credential's issuer."""

    code = "SIGNER_CERTIFICATE_MISMATCH"


class NonConformingCredentialError(SigningError):
    """``issue()`` refused to sign: the document breaks a MUST of the VC Data Model.

    ``path`` is the JSON path of the first violation; ``details['violations']`` lists each one with its rule
    code (``VCDM_...``, see docs/verification.md) and spec section.
    """

    code = "VC_DATA_MODEL_VIOLATION"


class JwsError(InputError):
    """A JWS / JWT is malformed or breaks the header policy (RFC 7515, RFC 7797, RFC 8725).

    ``reason`` is a stable sub-code (e.g. ``ALG_NONE``, ``CRIT_UNKNOWN``, ``SIGNATURE_INVALID``) that verifiers
    report as the ``proof`` check's code.
    """

    code = "JWS_INVALID"

    def __init__(self, message: str, *, reason: str = "JWS_INVALID", path: str | None = None) -> None:
        super().__init__(message, path=path, details={"reason": reason})
        self.reason = reason


class VerificationError(MicrocredError):
    """Raised by :meth:`VerificationResult.raise_for_status` when a credential is not verified."""

    code = "NOT_VERIFIED"


# --- status lists ------------------------------------------------------------------------------------------
class StatusListError(MicrocredError):
    """A status list or status entry is invalid, or the registry cannot do what was asked."""

    code = "STATUS_LIST_ERROR"


class StatusListFullError(StatusListError):
    """A status list has no free index left."""

    code = "STATUS_LIST_FULL"


class StatusListLengthError(StatusListError):
    """A status list is shorter than the minimum (Bitstring Status List §3.2 STATUS_LIST_LENGTH_ERROR)."""

    code = "STATUS_LIST_LENGTH_ERROR"


class StatusListTooLargeError(StatusListError):
    """A status list expands past the decompression cap (zip-bomb guard)."""

    code = "STATUS_LIST_TOO_LARGE"


class StatusListNotFoundError(StatusListError):
    """The status registry has no list with that URL."""

    code = "STATUS_LIST_NOT_FOUND"


class StatusEntryNotFoundError(StatusListError):
    """The status registry has no entry (of that purpose) for that credential id."""

    code = "STATUS_ENTRY_NOT_FOUND"


class StatusTransitionError(StatusListError):
    """A status change that is not allowed (e.g. reinstating a revocation, which is not reversible)."""

    code = "STATUS_TRANSITION_NOT_ALLOWED"


class StatusRegistryError(StatusListError):
    """The status registry's database cannot be opened or used (or its driver is not installed)."""

    code = "STATUS_REGISTRY_ERROR"


# --- SHACL -------------------------------------------------------------------------------------------------
class ShapeValidationError(MicrocredError):
    """SHACL validation could not run (bad shapes graph, unknown profile)."""

    code = "SHACL_ERROR"


def all_error_classes() -> list[type[MicrocredError]]:
    """Every error class in the tree (used by tests to check codes are unique)."""
    seen: list[type[MicrocredError]] = []
    stack: list[type[MicrocredError]] = [MicrocredError]
    while stack:
        cls = stack.pop()
        if cls not in seen:
            seen.append(cls)
            stack.extend(cls.__subclasses__())
    return seen


# --- batch issuance ----------------------------------------------------------------------------------------
class CsvColumnError(InputError):
    """A CSV column name does not map onto the micro-credential model, or a row does not fit the header."""

    code = "CSV_COLUMN_INVALID"


class BatchOutputExistsError(InputError):
    """Batch issuance would overwrite an output file (a repeated credential id, or an earlier run)."""

    code = "BATCH_OUTPUT_EXISTS"


class BatchWorkerError(MicrocredError):
    """A batch worker process died (killed, out of memory); the batch cannot go on."""

    code = "BATCH_WORKER_FAILED"


class ClusterUnavailableError(MicrocredError):
    """The Dask scheduler of a distributed batch cannot be reached (or the cluster cannot be started)."""

    code = "CLUSTER_UNAVAILABLE"


# --- SD-JWT (RFC 9901), SD-JWT VC, Token Status List -------------------------------------------------------
class SdJwtError(InputError):
    """An SD-JWT breaks a rule of RFC 9901 (or of SD-JWT VC); ``reason`` is the stable sub-code of the check."""

    code = "SD_JWT_INVALID"

    def __init__(self, message: str, *, reason: str = "SD_JWT_INVALID", path: str | None = None) -> None:
        super().__init__(message, path=path, details={"reason": reason})
        self.reason = reason


class TokenStatusListError(StatusListError):
    """A Token Status List (draft-ietf-oauth-status-list) is malformed or cannot be used."""

    code = "TOKEN_STATUS_LIST_INVALID"


# --- stacks (issue 16) -------------------------------------------------------------------------------------
class StackError(InputError):
    """A stack of micro-credentials cannot be built or is wrong; ``details`` name the part (index, id)."""

    code = "STACK_INVALID"


class StackPartUnreadableError(StackError):
    """A part is not a readable secured micro-credential."""

    code = "STACK_PART_UNREADABLE"


class StackPartInvalidError(StackError):
    """A part does not verify (signature, status, validity)."""

    code = "STACK_PART_INVALID"


class StackLearnerMismatchError(StackError):
    """The parts do not all belong to the same learner."""

    code = "STACK_LEARNER_MISMATCH"


class StackDuplicatePartError(StackError):
    """The same part (same bytes or same credential id) is given twice."""

    code = "STACK_PART_DUPLICATE"


class StackCircularError(StackError):
    """A stack contains itself (through another stack)."""

    code = "STACK_CIRCULAR"


class StackTooManyPartsError(StackError):
    """More parts than the configured limit."""

    code = "STACK_TOO_MANY_PARTS"


class StackRuleError(StackError):
    """A stacking rule (required parts, minimum ECTS, maximum age, allowed issuers) is not met."""

    code = "STACK_RULE_NOT_MET"
