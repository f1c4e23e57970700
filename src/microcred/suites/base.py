"""What every securing format implements, and the options passed to them.

Two families, as the VC specs distinguish them:

* **Embedded proofs** (VC Data Integrity §2.1 "Proofs"; JsonWebSignature2020 and Ed25519Signature2020 follow the
  same pattern): the proof is a ``proof`` object inside the credential. An :class:`EmbeddedProofSuite` implements
  the cryptosuite's *create proof* and *verify proof* algorithms for one proof; proof sets and chains
  (``previousProof``) are handled once, for all of them, in :mod:`microcred.suites.proofs`.
* **Enveloping proofs** (VC-JOSE-COSE, VC-JWT 1.1, JAdES): the credential is the payload of a JWS. An
  :class:`EnvelopingSuite` turns a credential into a token (or JWS JSON object) and back.

Suites never raise for a bad credential: they report :class:`~microcred.results.Check` entries.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from ..clock import Clock, SystemClock
from ..fetcher import Fetcher
from ..jsonld.loader import DocumentLoader, default_loader
from ..results import Check

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from ..keys import Key
    from ..resolve import Resolver, VerificationMethod


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
        return self.created or self.clock.now()


@dataclass(frozen=True)
class VerificationPolicy:
    """What the verifier requires beyond "the signature is valid"."""

    #: Formats accepted; None accepts every registered format.
    allowed_formats: frozenset[str] | None = None
    #: Required ``proofPurpose`` of embedded proofs; the key must be listed under that relationship.
    proof_purpose: str = "assertionMethod"
    #: When set, an embedded proof must carry this ``domain`` / ``challenge``.
    domain: str | None = None
    challenge: str | None = None
    #: Treat a proof whose ``expires`` has passed as failed (VC Data Integrity §2.1 ``expires``).
    check_proof_expires: bool = True
    #: Allowed clock skew for validity and JWT time claims.
    clock_skew: timedelta = timedelta(0)
    #: Check ``credentialStatus`` entries (fetching the status list needs a fetcher or a preloaded list).
    check_status: bool = True
    #: Run SHACL validation with this profile (``"edc"``, ``"microcredential"``, ``"all"``) as part of ``schema``.
    shacl_profile: str | None = None
    #: Caps for hostile input.
    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    #: Embedded proofs: maximum number of proofs looked at.
    max_proofs: int = 16


@dataclass
class VerifyOptions:
    """Everything a suite needs to verify: injected I/O and the policy."""

    loader: DocumentLoader
    resolver: Resolver
    clock: Clock
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)
    trust_anchors: tuple[Certificate, ...] = ()
    fetcher: Fetcher | None = None
    #: A :class:`microcred.trust.TrustedLists` (EU LOTL + national lists) for the JAdES ``trust`` check.
    trusted_lists: Any = None

    def now(self) -> datetime:
        return self.clock.now()


@dataclass
class ProofVerification:
    """The outcome of verifying one embedded proof."""

    checks: list[Check]
    verification_method: VerificationMethod | None = None

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)


@dataclass
class EnvelopeVerification:
    """The outcome of verifying an enveloping proof (a JWS around the credential)."""

    #: The credential carried in the envelope (None when it could not be extracted).
    credential: dict[str, Any] | None
    #: ``proof`` (one), ``issuer`` and, for X.509-based formats, ``trust`` checks.
    checks: list[Check]
    #: JWT ``nbf`` / ``exp`` (or JAdES ``sigT`` bounds): folded into the ``validity`` check by the verifier.
    not_before: datetime | None = None
    not_after: datetime | None = None
    verification_method: VerificationMethod | None = None


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
    def verify(self, secured: str | dict[str, Any], options: VerifyOptions) -> EnvelopeVerification:
        """Check the envelope; never raises for bad input."""
