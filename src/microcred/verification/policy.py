"""What a verifier requires beyond "the signature is valid" (:class:`VerificationPolicy`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


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
    #: A proof set may hold proofs of types microcred does not verify next to ones it does. VC Data Integrity
    #: §4.5 lets a verifier verify the subset it can ("if no exceptions are raised, append ... to
    #: verificationResults"): such a proof is reported as ``PROOF_SKIPPED`` (passed) when another proof of the
    #: set verified and no verified proof chains to it. False: every proof must be verifiable
    #: (``PROOF_TYPE_UNSUPPORTED``, error).
    skip_unsupported_proofs: bool = True
