"""The XAdES enveloped signature of a trusted list (ETSI TS 119 612 §5.7.1), checked with signxml.

signxml (XML-DSig over lxml) verifies the references and the signature value. What it accepts is pinned:
exclusive or inclusive C14N 1.0 (what TS 119 612 lists use), RSA / ECDSA signatures with SHA-2, SHA-2 digests,
two references (the list, enveloped, and the XAdES SignedProperties; a third may cover the KeyInfo), one of
which must be the whole list, and the signing certificate
given in KeyInfo, which must be one of the certificates that may sign the list (for the LOTL, those of the
Official Journal or of a pivot; for a national list, those of its LOTL pointer). The list is then read from
the element the signature covers, never from the raw input.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import SignXMLException
from signxml.verifier import SignatureConfiguration, XMLVerifier

from .tsl_xml import NS, TrustedListError

ACCEPTED = SignatureConfiguration(
    require_x509=True,
    signature_methods=frozenset(
        {
            SignatureMethod.RSA_SHA256,
            SignatureMethod.RSA_SHA384,
            SignatureMethod.RSA_SHA512,
            SignatureMethod.SHA256_RSA_MGF1,
            SignatureMethod.SHA384_RSA_MGF1,
            SignatureMethod.SHA512_RSA_MGF1,
            SignatureMethod.ECDSA_SHA256,
            SignatureMethod.ECDSA_SHA384,
            SignatureMethod.ECDSA_SHA512,
        }
    ),
    digest_algorithms=frozenset({DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512}),
    ignore_ambiguous_key_info=False,
    expect_references=2,
)
CANONICALIZATIONS = frozenset(
    {
        CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0.value,
        CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0_WITH_COMMENTS.value,
        CanonicalizationMethod.CANONICAL_XML_1_0.value,
        CanonicalizationMethod.CANONICAL_XML_1_1.value,
    }
)


def signing_certificate(root: etree._Element) -> x509.Certificate | None:
    """The certificate in the list signature's KeyInfo (None when there is none or it is unreadable)."""
    node = root.find("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    if node is None:
        return None
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join((node.text or "").split())))
    except (binascii.Error, ValueError):
        return None


def verify_list_signature(
    root: etree._Element, authorised: list[x509.Certificate], *, signed_at: datetime, source: str
) -> tuple[etree._Element, x509.Certificate]:
    """Verify the list's signature; return ``(the signed list element, the signer)``. TrustedListError if not.

    ``signed_at`` (the list's issue time) is when the signer's certificate must have been valid.
    """
    method = root.find("ds:Signature/ds:SignedInfo/ds:CanonicalizationMethod", NS)
    if method is None or method.get("Algorithm") not in CANONICALIZATIONS:
        raise TrustedListError(
            f"{source}: unsigned, or signed with a canonicalization not accepted", path=source
        )
    signer = signing_certificate(root)
    if signer is None:
        raise TrustedListError(f"{source}: the signature carries no signing certificate", path=source)
    if signer not in authorised:
        raise TrustedListError(
            f"{source}: signed by {signer.subject.rfc4514_string()}, which is not authorised to sign this list",
            path=source,
        )
    references = len(root.findall("ds:Signature/ds:SignedInfo/ds:Reference", NS))
    if references not in (2, 3):  # the list, the XAdES SignedProperties, and perhaps the KeyInfo
        raise TrustedListError(
            f"{source}: the list signature has {references} references, not 2 or 3", path=source
        )
    config = dataclasses.replace(ACCEPTED, verification_time=signed_at, expect_references=references)
    try:
        results = XMLVerifier().verify(
            root, x509_cert=signer.public_bytes(Encoding.PEM).decode("ascii"), expect_config=config
        )
    except (SignXMLException, ValueError, TypeError, etree.LxmlError) as exc:
        raise TrustedListError(f"{source}: the list's signature does not verify: {exc}", path=source) from exc
    for result in results if isinstance(results, list) else [results]:
        signed = result.signed_xml
        if signed is not None and signed.tag == root.tag:
            return signed, signer
    raise TrustedListError(f"{source}: the signature does not cover the list", path=source)
