"""Does the sealing certificate belong to the credential's issuer? (the JAdES ``issuer`` check)

A JAdES seal names no DID: the signer is the subject of an X.509 certificate, so the link to the ELM issuer
(an ``Organisation``) is made through what both state about the organisation:

1. **Identifier** (decisive when both sides have one). The certificate subject's ``organizationIdentifier``
   (OID 2.5.4.97; ETSI EN 319 412-1 §5.1.4: ``VATES-A00000000`` = scheme ``VAT``, country ``ES``, reference
   ``A00000000``) is compared with the ``notation`` of the issuer's ``eIDASIdentifier``, ``registration``,
   ``vatIdentifier``, ``taxIdentifier`` and ``identifier``. It matches when a notation equals the whole value,
   or equals the reference (alone or after the country code) of a VAT / NTR / PSD / LEI value. When both sides
   carry identifiers and none matches, the check **fails** even if the names agree.
2. **Name** (when there is no identifier pair): the certificate's ``organizationName`` (O) equals one of the
   issuer's ``legalName`` values (case and white space ignored).
3. Otherwise nothing can be compared and the check is ``error`` (``ISSUER_UNCHECKED``): the seal may well be the
   issuer's, but microcred cannot tell.

The Europass EDC samples seal with a certificate whose organizationIdentifier is exactly the issuer's
``eIDASIdentifier.notation`` (``VATES-A00000000``), so rule 1 links them.
"""

from __future__ import annotations

import re
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

from .codes import CheckCode, CheckName
from .results import Check

ORGANIZATION_IDENTIFIER = ObjectIdentifier("2.5.4.97")
#: ELM Organisation properties that carry a (Legal)Identifier with a ``notation``.
IDENTIFIER_PROPERTIES = ("eIDASIdentifier", "registration", "vatIdentifier", "taxIdentifier", "identifier")
#: ETSI EN 319 412-1 §5.1.4 semantics identifiers: 3-letter scheme, 2-letter country, '-', reference.
_SEMANTIC = re.compile(r"^(VAT|NTR|PSD|LEI)([A-Z]{2}|XG|XE)-(.+)$")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _attributes(cert: x509.Certificate, oid: ObjectIdentifier) -> list[str]:
    return [str(a.value) for a in cert.subject.get_attributes_for_oid(oid) if str(a.value).strip()]


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def issuer_identifiers(issuer: dict[str, Any]) -> list[str]:
    """The ``notation`` of every identifier the ELM issuer states."""
    out: list[str] = []
    for prop in IDENTIFIER_PROPERTIES:
        for item in _items(issuer.get(prop)):
            notation = item.get("notation") if isinstance(item, dict) else None
            if isinstance(notation, str) and notation.strip():
                out.append(notation.strip())
    return out


def issuer_names(issuer: dict[str, Any]) -> list[str]:
    """Every ``legalName`` value (a language map, a string, or lists of those)."""
    out: list[str] = []
    for item in _items(issuer.get("legalName")):
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            out.extend(v for v in _items(value) if isinstance(v, str) and v.strip())
    return out


def identifier_matches(organization_identifier: str, notation: str) -> bool:
    """True if ``notation`` names the organisation the certificate's organizationIdentifier names."""
    oi, note = _norm(organization_identifier), _norm(notation)
    if oi == note:
        return True
    semantic = _SEMANTIC.match(organization_identifier.strip())
    if semantic is None:
        return False
    country, reference = semantic.group(2).casefold(), _norm(semantic.group(3))
    return note in (reference, country + reference)


def issuer_certificate_check(credential: dict[str, Any], certificate: x509.Certificate) -> Check:
    """The ``issuer`` check of a JAdES seal: the sealing certificate's subject is the credential's issuer."""
    issuer = credential.get("issuer")
    subject = certificate.subject.rfc4514_string()
    if not isinstance(issuer, dict):
        msg = "the issuer is only an identifier; nothing in it can be compared with the sealing certificate"
        return Check.error(CheckName.ISSUER, CheckCode.ISSUER_UNCHECKED, msg, certificateSubject=subject)
    org_ids = _attributes(certificate, ORGANIZATION_IDENTIFIER)
    notations = issuer_identifiers(issuer)
    if org_ids and notations:
        for oi in org_ids:
            for notation in notations:
                if identifier_matches(oi, notation):
                    msg = f"the seal's organizationIdentifier {oi} is the issuer's identifier {notation}"
                    return Check.ok(
                        CheckName.ISSUER,
                        CheckCode.ISSUER_CERTIFICATE_MATCHES,
                        msg,
                        certificateSubject=subject,
                        rule="identifier",
                    )
        msg = f"the seal's organizationIdentifier {', '.join(org_ids)} is none of the issuer's identifiers ({', '.join(notations)})"
        return Check.fail(
            CheckName.ISSUER,
            CheckCode.ISSUER_CERTIFICATE_MISMATCH,
            msg,
            certificateSubject=subject,
            rule="identifier",
        )
    org_names = _attributes(certificate, NameOID.ORGANIZATION_NAME)
    names = issuer_names(issuer)
    if org_names and names:
        wanted = {_norm(n) for n in names}
        for org in org_names:
            if _norm(org) in wanted:
                msg = f"the seal's organisation {org!r} is the issuer's legal name"
                return Check.ok(
                    CheckName.ISSUER,
                    CheckCode.ISSUER_CERTIFICATE_MATCHES,
                    msg,
                    certificateSubject=subject,
                    rule="name",
                )
        msg = f"the seal's organisation {', '.join(org_names)!r} is not the issuer's legal name ({'; '.join(names)})"
        return Check.fail(
            CheckName.ISSUER,
            CheckCode.ISSUER_CERTIFICATE_MISMATCH,
            msg,
            certificateSubject=subject,
            rule="name",
        )
    msg = (
        "neither an organizationIdentifier / identifier pair nor an organisation name / legalName pair "
        "links the sealing certificate to the issuer"
    )
    return Check.error(CheckName.ISSUER, CheckCode.ISSUER_UNCHECKED, msg, certificateSubject=subject)
