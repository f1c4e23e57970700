"""What every securing format implements, and the options passed to them.

Two families, as the VC specs distinguish them:

* **Embedded proofs** (VC Data Integrity §2.1 "Proofs"; JsonWebSignature2020 and Ed25519Signature2020 follow the
  same pattern): the proof is a ``proof`` object inside the credential. An :class:`EmbeddedProofSuite` implements
  the cryptosuite's *create proof* and *verify proof* algorithms for one proof; proof sets and chains
  (``previousProof``) are handled once, for all of them, in :mod:`microcred.suites.proofs`.
* **Enveloping proofs** (VC-JOSE-COSE, VC-JWT 1.1, JAdES): the credential is the payload of a JWS. An
  :class:`EnvelopingSuite` turns a credential into a token (or JWS JSON object) and back.

Suites never raise for a bad credential: they report :class:`~microcred.verification.results.Check` entries in a
:class:`~microcred.suites.outcome.SecuringOutcome`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from ..clock import Clock, SystemClock
from ..fetcher import Fetcher
from ..jsonld.loader import DocumentLoader, default_loader
from ..verification.outcome import EnvelopeVerification as EnvelopeVerification
from ..verification.outcome import SecuringOutcome
from ..verification.policy import VerificationPolicy
from ..verification.results import Check

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from ..keys import Key
    from ..resolve import Resolver, VerificationMethod
    from .registry import SuiteRegistry


@dataclass(frozen=True)
class ProofOptions:
    """Options for creating a proof or token (VC Data Integrity §2.1 proof options)."""

    clock: Clock = field(default_factory=SystemClock)
    loader: DocumentLoader = field(default_factory=default_loader)
    proof_purpose: str = "assertionMethod"
    created: datetime | None = None
    expires: datetime | None = None
    domain: str | list[str] | None = None
    challenge: str | None = None
    verification_method: str | None = None
    proof_id: str | None = None
    previous_proof: str | list[str] | None = None
    #: JWT formats: lifetime of the token when the credential carries no validUntil/expirationDate.
    jwt_lifetime: timedelta | None = None
    #: Format-specific extras (e.g. ``{"jades_alg": "PS256"}``).
    extra: dict[str, Any] = field(default_factory=dict)

    def created_at(self) -> datetime:
        """The proof's ``created`` time: the one asked for, else the clock's now."""
        return self.created or self.clock.now()


@dataclass
class VerifyOptions:
    """Everything a suite needs to verify: injected I/O and the policy."""

    loader: DocumentLoader
    resolver: Resolver
    clock: Clock
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)
    trust_anchors: tuple[Certificate, ...] = ()
    fetcher: Fetcher | None = None
    #: The formats allowed to verify (proof sets look each proof's suite up here).
    suites: SuiteRegistry = field(default_factory=lambda: _default_suites())
    #: A :class:`microcred.trust.TrustedLists` (EU LOTL + national lists) for the JAdES ``trust`` check.
    trusted_lists: Any = None

    def now(self) -> datetime:
        """The verifier's current time (from its injected clock)."""
        return self.clock.now()


def _default_suites() -> SuiteRegistry:
    from .registry import default_registry

    return default_registry()


@dataclass
class ProofVerification:
    """The outcome of verifying one embedded proof."""

    checks: list[Check]
    verification_method: VerificationMethod | None = None

    @property
    def verified(self) -> bool:
        """True when the proof reported at least one check and all of them passed."""
        return bool(self.checks) and all(c.passed for c in self.checks)


def context_urls(document: dict[str, Any]) -> list[str]:
    """The string entries of a document's ``@context`` (in order)."""
    ctx = document.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    return [c for c in items if isinstance(c, str)]


class EmbeddedProofSuite(ABC):
    """One embedded proof type (a Data Integrity cryptosuite or a Linked Data signature suite)."""

    #: The format name users pass to ``issue(..., format=...)``, e.g. ``"eddsa-rdfc-2022"``.
    name: ClassVar[str]
    #: ``proof.type`` this suite handles, e.g. ``"DataIntegrityProof"`` or ``"JsonWebSignature2020"``.
    proof_type: ClassVar[str]
    #: ``proof.cryptosuite`` for DataIntegrityProof suites, else None.
    cryptosuite: ClassVar[str | None] = None
    #: Verify-only suites (legacy names) set this to False.
    issuable: ClassVar[bool] = True
    #: Context that must be in the document's ``@context`` for this proof type (added when issuing).
    required_context: ClassVar[str | None] = None

    def contexts_to_add(self, document: dict[str, Any]) -> list[str]:
        """Context URLs to append to ``document["@context"]`` before signing (default: ``required_context``)."""
        if self.required_context is None or self.required_context in context_urls(document):
            return []
        return [self.required_context]

    def handles(self, proof: dict[str, Any]) -> bool:
        """True if ``proof`` is of this suite's type (and cryptosuite)."""
        if proof.get("type") != self.proof_type:
            return False
        return self.cryptosuite is None or proof.get("cryptosuite") == self.cryptosuite

    @abstractmethod
    def create_proof(self, unsecured: dict[str, Any], key: Key, options: ProofOptions) -> dict[str, Any]:
        """Create a proof over ``unsecured`` (the document without this proof); return the proof object."""

    @abstractmethod
    def verify_proof(
        self, unsecured: dict[str, Any], proof: dict[str, Any], options: VerifyOptions
    ) -> ProofVerification:
        """Verify one ``proof`` over ``unsecured`` (the document without this proof)."""


class EnvelopingSuite(ABC):
    """A format where the credential is the payload of a signature envelope."""

    name: ClassVar[str]
    #: VC data model the payload must follow: ``"v1"`` (VC-JWT 1.1, JAdES/EDC) or ``"v2"`` (VC-JOSE-COSE).
    data_model: ClassVar[str]
    issuable: ClassVar[bool] = True

    @abstractmethod
    def issue(self, credential: dict[str, Any], key: Key, options: ProofOptions) -> str | dict[str, Any]:
        """Secure ``credential``; return a compact token or a JWS JSON object."""

    @abstractmethod
    def verify(self, secured: str | dict[str, Any], options: VerifyOptions) -> SecuringOutcome:
        """Check the envelope and say what it proved (never raises for bad input)."""
