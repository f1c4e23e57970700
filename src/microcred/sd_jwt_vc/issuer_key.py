"""Issuer verification key discovery and validation for SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc §2.5).

Three mechanisms, chosen by what the Issuer-signed JWT carries:

* ``x5c`` (§2.5 "Inline X.509 Certificates"): the key is the end-entity certificate's; the chain must lead to one
  of the verifier's trust anchors (``trust`` check); ``iss``, when present, must be a URI or DNS name of the
  certificate's subjectAltName (``issuer`` check).
* ``kid`` naming a verification method of a DID (microcred's DID mechanism, as §2.5 allows ecosystems to add):
  resolved through the injected resolver, listed under ``assertionMethod``, controlled by the DID in ``iss``.
* an HTTPS ``iss`` (§2.5 "JWT VC Issuer Metadata"): the key published in the issuer's metadata
  (:mod:`.issuer_metadata`), fetched through the injected fetcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509

from ..errors import MicrocredError
from ..keys import Key
from ..keys.x509 import certificate_public_key, load_certificate_chain, verify_chain
from ..suites import jose
from ..suites.base import VerifyOptions
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .issuer_metadata import key_from_issuer_metadata


@dataclass(frozen=True)
class IssuerKey:
    """The key that verifies the Issuer-signed JWT and what was established about it."""

    key: Key
    issuer: Check
    trust: Check | None = None


def _names(cert: x509.Certificate) -> set[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return set(san.get_values_for_type(x509.UniformResourceIdentifier)) | set(
        san.get_values_for_type(x509.DNSName)
    )


def _from_x5c(x5c: Any, iss: Any, options: VerifyOptions) -> IssuerKey | Check:
    try:
        chain = load_certificate_chain(x5c if isinstance(x5c, list) else [])
        key = Key(certificate_public_key(chain[0]), certificate_chain=chain[:1])
    except (MicrocredError, IndexError) as exc:
        return Check.fail(
            CheckName.PROOF, CheckCode.X5C_INVALID, f"x5c does not hold a usable certificate: {exc}"
        )
    if not options.trust_anchors:
        trust = Check.error(
            CheckName.TRUST, CheckCode.TRUST_ANCHOR_MISSING, "no trust anchor was given for the x5c chain"
        )
    else:
        ok, reason = verify_chain(chain, options.trust_anchors, options.now())
        trust = (
            Check.ok(CheckName.TRUST, CheckCode.TRUST_CHAIN_VALID, reason)
            if ok
            else Check.fail(CheckName.TRUST, CheckCode.TRUST_CHAIN_INVALID, reason)
        )
    if iss is None:
        issuer = Check.ok(
            CheckName.ISSUER,
            CheckCode.ISSUER_IS_CERTIFICATE_SUBJECT,
            f"issuer: {chain[0].subject.rfc4514_string()}",
        )
    elif isinstance(iss, str) and (iss in _names(chain[0]) or urlsplit(iss).hostname in _names(chain[0])):
        issuer = Check.ok(
            CheckName.ISSUER,
            CheckCode.ISSUER_MATCHES_CERTIFICATE,
            f"{iss} is named in the signing certificate",
        )
    else:
        issuer = Check.fail(
            CheckName.ISSUER,
            CheckCode.ISSUER_CERTIFICATE_MISMATCH,
            f"iss {iss!r} is not named in the certificate",
        )
    return IssuerKey(key, issuer, trust)


def discover_issuer_key(header: dict[str, Any], iss: Any, options: VerifyOptions) -> IssuerKey | Check:
    """Find and validate the issuer's key for a JWS header (§2.5); a failed/error ``proof`` check otherwise."""
    if "x5c" in header:
        return _from_x5c(header["x5c"], iss, options)
    kid = header.get("kid")
    if isinstance(iss, str) and iss.startswith("https://"):
        key = key_from_issuer_metadata(iss, kid, options)
        if isinstance(key, Check):
            return key
        return IssuerKey(
            key,
            Check.ok(CheckName.ISSUER, CheckCode.ISSUER_METADATA_KEY, f"the key is published by {iss} (§4)"),
        )
    if kid is None:
        return Check.fail(
            CheckName.PROOF, CheckCode.ISSUER_KEY_UNDETERMINED, "the header has neither x5c nor kid"
        )
    method = jose.resolve_signer(kid, options, relationship="assertionMethod")
    if isinstance(method, Check):
        return method
    if iss == method.controller:
        issuer = Check.ok(CheckName.ISSUER, CheckCode.ISSUER_KEY_MATCHES, f"{kid} is controlled by {iss}")
    else:
        issuer = Check.fail(
            CheckName.ISSUER,
            CheckCode.ISSUER_KEY_MISMATCH,
            f"{kid} is controlled by {method.controller}, not {iss!r}",
        )
    return IssuerKey(method.key, issuer)
