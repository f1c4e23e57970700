"""Verification results as data.

A :class:`VerificationResult` holds one :class:`Check` per concern (``format``, ``proof`` (one per proof),
``issuer``, ``validity``, ``status``, ``schema``, ``trust``). Each check is ``passed``, ``failed`` (checked and
wrong) or ``error`` (could not be decided: missing key, unreachable status list, no trust anchor).
``verified`` is true only when there is at least one proof check and every check passed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..errors import VerificationError
from .codes import CheckCode, CheckName


class CheckStatus(StrEnum):
    """``passed`` (checked and fine), ``failed`` (checked and wrong), ``error`` (could not be decided)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


#: Check names used by microcred, with the Europass (EDCI) verification concept each one corresponds to.
#: EDCI reports FORMAT, SEAL, OWNER, EXPIRY, REVOCATION and ACCREDITATION
#: (http://data.europa.eu/snb/verification/25831c2).
EUROPASS_CONCEPTS: dict[str, str] = {
    CheckName.FORMAT: "FORMAT",
    CheckName.SCHEMA: "FORMAT",
    CheckName.PROOF: "SEAL",
    CheckName.TRUST: "SEAL",
    CheckName.TIMESTAMP: "SEAL",
    CheckName.ISSUER: "OWNER",
    CheckName.VALIDITY: "EXPIRY",
    CheckName.STATUS: "REVOCATION",
    "accreditation": "ACCREDITATION",  # no accreditation check yet; EDCI reports one
}

#: The concerns of a credential's result, in the order results list them.
CHECK_NAMES: tuple[CheckName, ...] = (
    CheckName.FORMAT,
    CheckName.PROOF,
    CheckName.ISSUER,
    CheckName.VALIDITY,
    CheckName.STATUS,
    CheckName.SCHEMA,
    CheckName.TIMESTAMP,
    CheckName.TRUST,
)


@dataclass(frozen=True)
class Check:
    """The outcome of one verification concern."""

    name: str
    status: CheckStatus
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def concept(self) -> str | None:
        """The matching Europass verification concept (FORMAT, SEAL, OWNER, EXPIRY, REVOCATION, ACCREDITATION)."""
        return EUROPASS_CONCEPTS.get(self.name)

    @property
    def passed(self) -> bool:
        """True when the check passed."""
        return self.status is CheckStatus.PASSED

    @classmethod
    def ok(cls, name: str, code: str, message: str, **details: Any) -> Check:
        """A passed check."""
        return cls(name, CheckStatus.PASSED, code, message, details)

    @classmethod
    def fail(cls, name: str, code: str, message: str, **details: Any) -> Check:
        """A failed check (checked, and wrong)."""
        return cls(name, CheckStatus.FAILED, code, message, details)

    @classmethod
    def error(cls, name: str, code: str, message: str, **details: Any) -> Check:
        """A check that could not be decided (``error``)."""
        return cls(name, CheckStatus.ERROR, code, message, details)

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON: name, status, code, message, the Europass concept and details."""
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status.value,
            "code": self.code,
            "message": self.message,
        }
        if self.concept:
            out["concept"] = self.concept
        if self.details:
            out["details"] = _jsonable(self.details)
        return out


@dataclass
class VerificationResult:
    """What :func:`microcred.verify` found. ``verified`` is derived from the checks, never set by hand."""

    format: str | None
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    source: str | None = None
    #: For a presentation: one nested result per credential it carries (in order).
    credentials: list[VerificationResult] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """At least one ``proof`` check, every check passed, and every nested credential verified."""
        has_proof = any(c.name == CheckName.PROOF for c in self.checks)
        own = has_proof and all(c.status is CheckStatus.PASSED for c in self.checks)
        return own and all(r.verified for r in self.credentials)

    @property
    def errors(self) -> list[Check]:
        """Checks that failed or could not be decided."""
        return [c for c in self.checks if c.status is not CheckStatus.PASSED]

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def by_name(self, name: str) -> list[Check]:
        """Every check called ``name``."""
        return [c for c in self.checks if c.name == name]

    def check(self, name: str) -> Check:
        """The first check called ``name``; ``KeyError`` if there is none."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def add(self, checks: Check | Iterable[Check]) -> None:
        """Add one check or several."""
        if isinstance(checks, Check):
            self.checks.append(checks)
        else:
            self.checks.extend(checks)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON: ``verified``, ``format``, ``source`` and the checks."""
        out: dict[str, Any] = {"verified": self.verified, "format": self.format}
        if self.source is not None:
            out["source"] = self.source
        out["checks"] = [c.to_dict() for c in self.checks]
        if self.credentials:
            out["credentials"] = [r.to_dict() for r in self.credentials]
        return out

    def to_json(self, **kwargs: Any) -> str:
        """The result as JSON text (``kwargs`` go to :func:`json.dumps`)."""
        return json.dumps(self.to_dict(), **kwargs)

    def raise_for_status(self) -> VerificationResult:
        """Return self if verified, else raise :class:`~microcred.errors.VerificationError`."""
        if not self.verified:
            nested = [c for r in self.credentials for c in r.errors]  # a presentation's credentials
            bad = (
                self.errors
                or nested
                or [Check.error(CheckName.PROOF, CheckCode.NO_PROOF, "no proof was checked")]
            )
            summary = "; ".join(f"{c.name}: {c.status.value} ({c.code}) {c.message}" for c in bad)
            raise VerificationError(f"credential not verified: {summary}", details=self.to_dict())
        return self

    def summary(self) -> str:
        """A short human-readable report, one line per check."""
        marks = {CheckStatus.PASSED: "ok  ", CheckStatus.FAILED: "FAIL", CheckStatus.ERROR: "??  "}
        head = f"{'VERIFIED' if self.verified else 'NOT VERIFIED'} ({self.format or 'unknown format'})"
        if self.source:
            head = f"{self.source}: {head}"
        lines = [head]
        for c in self.checks:
            lines.append(f"  [{marks[c.status]}] {c.name:<9} {c.code}: {c.message}")
        for i, nested in enumerate(self.credentials):
            inner = nested.summary().splitlines()
            lines.append(f"  credential #{i}: {inner[0]}")
            lines.extend(f"  {line}" for line in inner[1:])
        return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
