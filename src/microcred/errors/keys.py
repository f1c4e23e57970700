"""Keys (JWK, Multikey, PEM, trust anchors) and their resolution: DIDs (did:key, did:jwk, did:web) and
verification methods (Controlled Identifiers / DID Core)."""

from __future__ import annotations

from .base import MicrocredError


class KeyMaterialError(MicrocredError, ValueError):
    """A key is malformed, of an unsupported type, or unfit for the requested use."""

    code = "KEY_INVALID"


class TrustAnchorError(KeyMaterialError):
    """A trust anchor given to the verifier is not a certificate (not PEM, not DER, an unreadable file)."""

    code = "TRUST_ANCHOR_INVALID"


class KeyLengthError(KeyMaterialError):
    """Key bytes have the wrong length for their type (did:key ``invalidPublicKeyLength``)."""

    code = "KEY_LENGTH_INVALID"


class UnsupportedKeyTypeError(KeyMaterialError):
    """The key type (JWK kty/crv, multicodec header, certificate key) is not one microcred supports."""

    code = "KEY_TYPE_UNSUPPORTED"


class ResolutionError(MicrocredError):
    """A DID or verification method could not be resolved."""

    code = "RESOLUTION_FAILED"


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
