"""``CheckName``: the concern a :class:`~microcred.verification.results.Check` is about.

One name per concern of the verify path (format, proof, issuer, validity, status, schema, trust), plus the
concerns of JAdES time-stamps, presentations, SD-JWT VC disclosures and stacks. docs/verification.md documents
every member.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class CheckName(StrEnum):
    """The concern a check is about (``result.check(name)``), in the order results list them."""

    FORMAT = "format"
    PROOF = "proof"
    ISSUER = "issuer"
    VALIDITY = "validity"
    STATUS = "status"
    SCHEMA = "schema"
    TRUST = "trust"
    #: JAdES baseline-T/LT/LTA: one check per RFC 3161 time-stamp token (ETSI TS 119 182-1 §5.3).
    TIMESTAMP = "timestamp"
    #: vp+jwt presentations: one check per enveloped credential, and the holder binding.
    CREDENTIAL = "credential"
    HOLDER = "holder"
    #: Presentations: VC DM 2.0 §4.13 data model rules (microcred.presentation).
    PRESENTATION = "presentation"
    #: SD-JWT VC: the disclosures (RFC 9901 §7.1) and the key binding JWT (§7.3).
    DISCLOSURES = "disclosures"
    #: Stacks (issue 16): the parts, their learner, digests, totals and the stacking rules.
    STACK = "stack"
