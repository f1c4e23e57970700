"""Securing a credential: the format, the signer (HSM, smart card, remote seal) and the VC Data Model MUSTs
``issue()`` enforces before it signs."""

from __future__ import annotations

from .base import InputError, MicrocredError


class UnsupportedFormatError(InputError):
    """The securing format is unknown or not allowed."""

    code = "UNSUPPORTED_FORMAT"


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
