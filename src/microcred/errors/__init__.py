"""The microcred error tree.

Every exception microcred raises on purpose is a :class:`MicrocredError`. Each class carries a stable,
machine-readable ``code`` (never renamed once released) and, where it helps, the JSON path or field that
caused it. Third-party exceptions (cryptography, requests, pydantic, rdflib, jwcrypto keys handed in) are
wrapped where they enter microcred, with the original kept as ``__cause__``.

Verification never raises for a bad credential: it returns a :class:`~microcred.verification.results.VerificationResult`.
Exceptions are for bad input to issuing/conversion, I/O failures, and programmer misuse.

The classes live in one module per layer (``base``, ``parsing``, ``model``, ``jsonld``, ``keys``, ``signing``,
``jose``, ``status``, ``batch``, ``stack``); import them from here.
"""

from __future__ import annotations

from .base import (
    InputError,
    MappingWarning,
    MicrocredError,
    MicrocredWarning,
    UsageError,
    VerificationError,
)
from .batch import (
    BatchOutputExistsError,
    BatchWorkerError,
    ClusterUnavailableError,
    CsvColumnError,
)
from .jose import (
    JwsError,
    SdJwtError,
)
from .jsonld import (
    CanonicalizationError,
    ContextIntegrityError,
    ContextLimitError,
    DocumentLoaderError,
    FetchDeniedError,
    FetchError,
    JsonLdError,
    SafeModeError,
    UnknownDocumentError,
    WorkLimitExceededError,
)
from .keys import (
    DidDocumentError,
    InvalidDidError,
    InvalidPublicKeyError,
    InvalidPublicKeyLengthError,
    InvalidVerificationMethodError,
    KeyLengthError,
    KeyMaterialError,
    ResolutionError,
    TrustAnchorError,
    UnsupportedDidMethodError,
    UnsupportedKeyTypeError,
    UnsupportedPublicKeyTypeError,
    VerificationMethodNotFoundError,
)
from .model import (
    BakedBadgeError,
    MappingError,
    ModelValidationError,
    ShapeValidationError,
    VocabularyError,
)
from .parsing import (
    Base64UrlError,
    DuplicateKeyError,
    InputTooLargeError,
    JsonNumberError,
    JsonParseError,
    JsonUnicodeError,
    NestingTooDeepError,
)
from .signing import (
    NonConformingCredentialError,
    SignerCertificateError,
    SignerError,
    SignerSignatureError,
    SignerUnavailableError,
    SigningError,
    UnsupportedFormatError,
)
from .stack import (
    StackCircularError,
    StackDuplicatePartError,
    StackError,
    StackLearnerMismatchError,
    StackPartInvalidError,
    StackPartUnreadableError,
    StackRuleError,
    StackTooManyPartsError,
)
from .status import (
    StatusEntryNotFoundError,
    StatusListError,
    StatusListFullError,
    StatusListLengthError,
    StatusListNotFoundError,
    StatusListTooLargeError,
    StatusRegistryError,
    StatusTransitionError,
    TokenStatusListError,
)


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


__all__ = [
    "BakedBadgeError",
    "Base64UrlError",
    "BatchOutputExistsError",
    "BatchWorkerError",
    "CanonicalizationError",
    "ClusterUnavailableError",
    "ContextIntegrityError",
    "ContextLimitError",
    "CsvColumnError",
    "DidDocumentError",
    "DocumentLoaderError",
    "DuplicateKeyError",
    "FetchDeniedError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "InvalidDidError",
    "InvalidPublicKeyError",
    "InvalidPublicKeyLengthError",
    "InvalidVerificationMethodError",
    "JsonLdError",
    "JsonNumberError",
    "JsonParseError",
    "JsonUnicodeError",
    "JwsError",
    "KeyLengthError",
    "KeyMaterialError",
    "MappingError",
    "MappingWarning",
    "MicrocredError",
    "MicrocredWarning",
    "ModelValidationError",
    "NestingTooDeepError",
    "NonConformingCredentialError",
    "ResolutionError",
    "SafeModeError",
    "SdJwtError",
    "ShapeValidationError",
    "SignerCertificateError",
    "SignerError",
    "SignerSignatureError",
    "SignerUnavailableError",
    "SigningError",
    "StackCircularError",
    "StackDuplicatePartError",
    "StackError",
    "StackLearnerMismatchError",
    "StackPartInvalidError",
    "StackPartUnreadableError",
    "StackRuleError",
    "StackTooManyPartsError",
    "StatusEntryNotFoundError",
    "StatusListError",
    "StatusListFullError",
    "StatusListLengthError",
    "StatusListNotFoundError",
    "StatusListTooLargeError",
    "StatusRegistryError",
    "StatusTransitionError",
    "TokenStatusListError",
    "TrustAnchorError",
    "UnknownDocumentError",
    "UnsupportedDidMethodError",
    "UnsupportedFormatError",
    "UnsupportedKeyTypeError",
    "UnsupportedPublicKeyTypeError",
    "UsageError",
    "VerificationError",
    "VerificationMethodNotFoundError",
    "VocabularyError",
    "WorkLimitExceededError",
    "all_error_classes",
]
