"""The VC Data Model MUSTs a document can break, one :class:`Rule` per stable code, and the :class:`Violation`.

Sections are those of the W3C Recommendations: VC Data Model 2.0 (15 May 2025,
https://www.w3.org/TR/vc-data-model-2.0/) and VC Data Model 1.1 (3 March 2022,
https://www.w3.org/TR/vc-data-model-1.1/). A rule that only one version states has ``None`` for the other.
docs/verification.md carries the same table (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..verification.codes import CheckCode

V2 = "https://www.w3.org/TR/vc-data-model-2.0/"
V1 = "https://www.w3.org/TR/vc-data-model-1.1/"


@dataclass(frozen=True)
class Rule:
    """One MUST of the data model: its stable ``code``, what it requires, and where each version states it."""

    code: str
    requirement: str
    v2: str | None  # "§4.3 Contexts" in VC DM 2.0, or None when 2.0 does not state it
    v1: str | None  # the same in VC DM 1.1


@dataclass(frozen=True)
class Violation:
    """A document breaks ``code`` at the JSON ``path``; ``rule_ref`` is the spec section it breaks."""

    code: str
    path: str
    message: str
    rule_ref: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form (in a failed ``schema`` check's details and in the issuing error)."""
        return {"code": self.code, "path": self.path, "message": self.message, "rule": self.rule_ref}


def _rules(*rows: tuple[str, str, str | None, str | None]) -> dict[str, Rule]:
    return {code: Rule(code, text, v2, v1) for code, text, v2, v1 in rows}


#: Every rule, by code (codes are stable: never renamed once released).
RULES: dict[str, Rule] = _rules(
    (CheckCode.VCDM_CONTEXT_MISSING, "@context is present", "§4.3 Contexts", "§4.1 Contexts"),
    (
        CheckCode.VCDM_CONTEXT_FIRST,
        "the first @context item is the base context of the version (credentials/v2 or credentials/v1)",
        "§4.3 Contexts",
        "§4.1 Contexts",
    ),
    (
        CheckCode.VCDM_CONTEXT_ITEM,
        "every later @context item is a URL or an object",
        "§4.3 Contexts",
        "§4.1 Contexts",
    ),
    (CheckCode.VCDM_ID_NOT_URL, "an id is a single URL", "§4.4 Identifiers", "§4.2 Identifiers"),
    (CheckCode.VCDM_TYPE_MISSING, "the credential has a type", "§4.5 Types", "§4.3 Types"),
    (
        CheckCode.VCDM_TYPE_NOT_VC,
        "the credential's type includes VerifiableCredential",
        "§4.5 Types",
        "§4.3 Types",
    ),
    (
        CheckCode.VCDM_TYPE_INVALID,
        "type values are terms or absolute URL strings",
        "§4.5 Types",
        "§4.3 Types",
    ),
    (
        CheckCode.VCDM_NAME_INVALID,
        "name is a string or a language value object (or a list of them)",
        "§4.6 Names and Descriptions",
        None,
    ),
    (
        CheckCode.VCDM_DESCRIPTION_INVALID,
        "description is a string or a language value object (or a list of them)",
        "§4.6 Names and Descriptions",
        None,
    ),
    (CheckCode.VCDM_ISSUER_MISSING, "the credential has an issuer", "§4.7 Issuer", "§4.5 Issuer"),
    (
        CheckCode.VCDM_ISSUER_INVALID,
        "issuer is a URL or an object whose id is a URL",
        "§4.7 Issuer",
        "§4.5 Issuer",
    ),
    (
        CheckCode.VCDM_SUBJECT_MISSING,
        "the credential has a credentialSubject",
        "§4.8 Credential Subject",
        "§4.4 Credential Subject",
    ),
    (
        CheckCode.VCDM_SUBJECT_INVALID,
        "credentialSubject is an object or a list of objects",
        "§4.8 Credential Subject",
        "§4.4 Credential Subject",
    ),
    (
        CheckCode.VCDM_SUBJECT_EMPTY,
        "credentialSubject holds at least one subject, each with at least one claim",
        "§4.8 Credential Subject",
        "§4.4 Credential Subject",
    ),
    (
        CheckCode.VCDM_VALID_FROM_INVALID,
        "validFrom is an XMLSCHEMA11-2 dateTimeStamp",
        "§4.9 Validity Period",
        None,
    ),
    (
        CheckCode.VCDM_VALID_UNTIL_INVALID,
        "validUntil is an XMLSCHEMA11-2 dateTimeStamp",
        "§4.9 Validity Period",
        None,
    ),
    (CheckCode.VCDM_VALIDITY_ORDER, "validUntil is not earlier than validFrom", "§4.9 Validity Period", None),
    (
        CheckCode.VCDM_ISSUANCE_DATE_MISSING,
        "a VC 1.1 credential has an issuanceDate",
        None,
        "§4.6 Issuance Date",
    ),
    (
        CheckCode.VCDM_ISSUANCE_DATE_INVALID,
        "issuanceDate is an XMLSCHEMA11-2 dateTime",
        None,
        "§4.6 Issuance Date",
    ),
    (
        CheckCode.VCDM_EXPIRATION_DATE_INVALID,
        "expirationDate is an XMLSCHEMA11-2 dateTime",
        None,
        "§4.8 Expiration",
    ),
    (
        CheckCode.VCDM_STATUS_INVALID,
        "credentialStatus is an object or a list of objects",
        "§4.10 Status",
        "§4.9 Status",
    ),
    (
        CheckCode.VCDM_STATUS_TYPE_MISSING,
        "every credentialStatus object has a type",
        "§4.10 Status",
        "§4.9 Status",
    ),
    (CheckCode.VCDM_STATUS_ID_MISSING, "a VC 1.1 credentialStatus object has an id", None, "§4.9 Status"),
    (
        CheckCode.VCDM_SCHEMA_INVALID,
        "credentialSchema is an object or a list of objects",
        "§4.11 Data Schemas",
        "§5.4 Data Schemas",
    ),
    (
        CheckCode.VCDM_SCHEMA_TYPE_MISSING,
        "every credentialSchema object has a type",
        "§4.11 Data Schemas",
        "§5.4 Data Schemas",
    ),
    (
        CheckCode.VCDM_SCHEMA_ID_INVALID,
        "every credentialSchema object has a URL id",
        "§4.11 Data Schemas",
        "§5.4 Data Schemas",
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_INVALID,
        "relatedResource is an object or a list of objects",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_ID_INVALID,
        "every relatedResource object has a URL id",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_ID_DUPLICATE,
        "relatedResource ids are unique",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_DIGEST_MISSING,
        "every relatedResource object has a digestSRI or a digestMultibase",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_DIGEST_INVALID,
        "digestSRI follows the SRI hash-expression grammar; digestMultibase is a multibase multihash",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_RELATED_RESOURCE_DIGEST_MISMATCH,
        "a retrieved related resource matches its digest",
        "§5.3 Integrity of Related Resources",
        None,
    ),
    (
        CheckCode.VCDM_REFRESH_SERVICE_INVALID,
        "refreshService is an object or a list of objects",
        "§5.4 Refreshing",
        "§5.5 Refreshing",
    ),
    (
        CheckCode.VCDM_REFRESH_SERVICE_TYPE_MISSING,
        "every refreshService object has a type",
        "§5.4 Refreshing",
        "§5.5 Refreshing",
    ),
    (
        CheckCode.VCDM_REFRESH_SERVICE_ID_MISSING,
        "a VC 1.1 refreshService object has a URL id",
        None,
        "§5.5 Refreshing",
    ),
    (
        CheckCode.VCDM_TERMS_OF_USE_INVALID,
        "termsOfUse is an object or a list of objects",
        "§5.5 Terms of Use",
        "§5.6 Terms of Use",
    ),
    (
        CheckCode.VCDM_TERMS_OF_USE_TYPE_MISSING,
        "every termsOfUse object has a type",
        "§5.5 Terms of Use",
        "§5.6 Terms of Use",
    ),
    (
        CheckCode.VCDM_EVIDENCE_INVALID,
        "evidence is an object or a list of objects",
        "§5.6 Evidence",
        "§5.7 Evidence",
    ),
    (
        CheckCode.VCDM_EVIDENCE_TYPE_MISSING,
        "every evidence object has a type",
        "§5.6 Evidence",
        "§5.7 Evidence",
    ),
)


def rule_ref(code: str, version: str | None) -> str:
    """The section that states rule ``code`` for a document of ``version`` ("v1", else VC DM 2.0)."""
    rule = RULES[code]
    if version == "v1" and rule.v1 is not None:
        return f"VC Data Model 1.1 {rule.v1}"
    if rule.v2 is not None:
        return f"VC Data Model 2.0 {rule.v2}"
    return f"VC Data Model 1.1 {rule.v1}"


def violation(code: str, path: str, message: str, version: str | None) -> Violation:
    """A :class:`Violation` of the registered rule ``code`` (a KeyError for an unknown code: a bug)."""
    return Violation(code, path, message, rule_ref(code, version))
