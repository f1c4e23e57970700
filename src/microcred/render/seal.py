"""The seal as the verifier found it: what a certificate says about who sealed the credential.

A printed certificate is only a picture of the credential; what it can honestly say is what verification found
(:class:`~microcred.verification.results.VerificationResult`): whether every check passed, the securing format,
the issuer the proof was checked against, the verification method or the seal certificate's subject, and each
check in the words of the Europass verification concepts (FORMAT, SEAL, OWNER, EXPIRY, REVOCATION).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..verification.results import VerificationResult

#: Europass verification concepts in plain words (http://data.europa.eu/snb/verification/25831c2).
CONCEPT_WORDS: dict[str, str] = {
    "FORMAT": "Format: the credential is well formed",
    "SEAL": "Seal: the electronic seal or signature is intact",
    "OWNER": "Owner: the issuer named in the credential sealed it",
    "EXPIRY": "Expiry: the credential is within its validity period",
    "REVOCATION": "Revocation: the issuer has not revoked or suspended it",
    "ACCREDITATION": "Accreditation: the issuer is accredited",
}

#: How each check status reads.
STATUS_WORDS: dict[str, str] = {"passed": "passed", "failed": "FAILED", "error": "could not be checked"}


@dataclass(frozen=True)
class CheckLine:
    """One verification check as people read it."""

    concept: str
    words: str
    status: str
    message: str


@dataclass(frozen=True)
class SealInfo:
    """What verification says about the credential's seal."""

    verified: bool
    format: str | None
    issuer_id: str | None
    issuer_name: str | None
    sealed_by: str | None
    checks: tuple[CheckLine, ...]
    trust_anchor: str | None = None

    @property
    def verdict(self) -> str:
        """One sentence: verified, or not."""
        if self.verified:
            return "Verified: the seal is intact and every check passed."
        return "NOT VERIFIED: do not rely on this credential."


def _issuer(credential: dict[str, Any] | None) -> tuple[str | None, str | None]:
    issuer = (credential or {}).get("issuer")
    if isinstance(issuer, str):
        return issuer, None
    if not isinstance(issuer, dict):
        return None, None
    ident = issuer.get("id") if isinstance(issuer.get("id"), str) else None
    name = issuer.get("legalName") or issuer.get("name")
    if isinstance(name, dict):
        name = next((v for v in name.values() if isinstance(v, str)), None)
    elif isinstance(name, list):
        name = next((v.get("@value") for v in name if isinstance(v, dict)), None)
    return ident, name if isinstance(name, str) else None


def _sealed_by(result: VerificationResult) -> str | None:
    for check in result.checks:
        if check.name in ("proof", "trust") and check.passed:
            for key in ("certificateSubject", "subject", "verificationMethod", "kid"):
                value = check.details.get(key)
                if isinstance(value, str) and value:
                    return value
    return None


def _anchor(result: VerificationResult) -> str | None:
    for check in result.checks:
        anchor = check.details.get("anchor")
        if check.name == "trust" and check.passed and isinstance(anchor, str):
            level = check.details.get("level")
            return f"{anchor} (JAdES {level})" if isinstance(level, str) else anchor
    return None


def seal_info(result: VerificationResult) -> SealInfo:
    """The :class:`SealInfo` of a verification result."""
    ident, name = _issuer(result.credential)
    lines = []
    for check in result.checks:
        concept = check.concept or check.name.upper()
        words = CONCEPT_WORDS.get(concept, concept.capitalize())
        lines.append(CheckLine(concept, words, STATUS_WORDS.get(check.status.value, ""), check.message))
    return SealInfo(
        verified=result.verified,
        format=result.format,
        issuer_id=ident,
        issuer_name=name,
        sealed_by=_sealed_by(result),
        checks=tuple(lines),
        trust_anchor=_anchor(result),
    )
