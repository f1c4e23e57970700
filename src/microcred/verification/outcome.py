"""What a securing format proved about a credential: one outcome type for every format.

Every suite, embedded or enveloping, reports a :class:`SecuringOutcome`: the secured document as the signer
signed it, who signed it (:class:`Signer`: the verification method or certificate, for which proof purpose, and
when), the suite's own checks (``proof``, and ``format``/``trust`` where the format has them) and, for envelopes,
the time bounds the envelope adds. The verifier (:mod:`microcred.verification.verifier`) then runs the checks that
are the same for every format once: issuer, validity, status, data model.

How the signer is tied to the credential's issuer differs by specification; the suite names the rule in
:class:`IssuerBinding` and :mod:`microcred.verification.issuer` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .results import Check

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from ..resolve import VerificationMethod


class IssuerBinding(StrEnum):
    """Which rule ties a format's signer to the credential's ``issuer``."""

    #: VC DM 2.0 §4.7 / VC Data Integrity §4.6: a verified proof's verification method is controlled by the issuer.
    CONTROLLER = "controller"
    #: VC-JOSE-COSE §4.1.2: ``iss``, when present, MUST match the issuer; then :attr:`CONTROLLER`.
    JOSE_ISS = "jose-iss"
    #: VC-JWT 1.1 (VC DM 1.1 §6.3.1.2): ``iss`` is required, is the issuer and controls the ``kid``'s key.
    JWT_ISS = "jwt-iss"
    #: JAdES (ETSI TS 119 182-1) seals: the sealing certificate's subject names the ELM issuer.
    CERTIFICATE = "certificate"


@dataclass(frozen=True)
class Signer:
    """Who made one verified signature: with which verification method (or certificate), for what, when."""

    verification_method: VerificationMethod | None = None
    certificate: Certificate | None = None
    #: The proof purpose the key was checked for (an embedded proof's ``proofPurpose``).
    proof_purpose: Any = None
    #: When the signature says it was made (``created``, ``iat``, ``sigT``), if it says so.
    signed_at: datetime | None = None


@dataclass
class SecuringOutcome:
    """What verifying one secured credential proved (every suite returns this).

    The positional order (credential, checks, not_before, not_after, verification_method) is the historical
    :class:`EnvelopeVerification` one, which remains an alias.
    """

    #: The secured credential without its proof (None when it could not be read from the envelope).
    credential: dict[str, Any] | None
    #: The suite's checks: ``proof`` (one or more), and ``format`` / ``trust`` where the format has them.
    checks: list[Check]
    #: Envelope bounds (JWT ``nbf``/``exp``): folded into the ``validity`` check by the verifier.
    not_before: datetime | None = None
    not_after: datetime | None = None
    #: Envelopes: the verification method of the key that signed (also set when the signature failed).
    verification_method: VerificationMethod | None = None
    #: Envelopes sealed with X.509 (JAdES): the sealing certificate.
    certificate: Certificate | None = None
    #: Embedded proofs: one signer per proof that verified.
    signers: list[Signer] = field(default_factory=list)
    #: The rule the issuer step applies.
    binding: IssuerBinding = IssuerBinding.CONTROLLER
    #: JWT formats: the ``iss`` claim (None when absent).
    iss: Any = None

    @property
    def verified(self) -> bool:
        """True when the suite reported at least one check and all of its checks passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)

    def verified_signers(self, proof_purpose: str) -> list[Signer]:
        """The signers whose signature verified for ``proof_purpose`` (VC Data Integrity §4.6 step 8)."""
        if self.signers:
            return [s for s in self.signers if s.proof_purpose == proof_purpose]
        if self.verification_method is None and self.certificate is None:
            return []
        return [Signer(self.verification_method, self.certificate, proof_purpose)]


#: The historical name of :class:`SecuringOutcome` for enveloping suites.
EnvelopeVerification = SecuringOutcome
