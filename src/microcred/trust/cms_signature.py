"""The signature of one CMS ``SignerInfo`` (RFC 5652 §5.4, §5.6), as an RFC 3161 time-stamp token carries it.

asn1crypto parses CMS; it does not verify. pyhanko-certvalidator verifies certificate and CRL/OCSP signatures
but has no public API for a CMS SignerInfo (pyHanko's own ``sign.validation`` does, but pulls in the whole PDF
signer). So the few steps of RFC 5652 §5.6 are written here, with :mod:`cryptography` doing the arithmetic:

1. the signed attributes carry ``content-type`` equal to the eContentType and ``message-digest`` equal to the
   digest of the eContent (§5.3, §11.1, §11.2);
2. the signature is over the DER of the signed attributes as a SET OF (§5.4), checked with the signer
   certificate's key under the signature algorithm named in the SignerInfo.
"""

from __future__ import annotations

import hashlib

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

#: Digest algorithms accepted for signed attributes and message imprints (ETSI TS 119 312: no MD5 / SHA-1).
DIGESTS: dict[str, str] = {
    "sha224": "sha224",
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "sha3_256": "sha3_256",
    "sha3_384": "sha3_384",
    "sha3_512": "sha3_512",
}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha3_256": hashes.SHA3_256,
    "sha3_384": hashes.SHA3_384,
    "sha3_512": hashes.SHA3_512,
}


def digest(algorithm: str, data: bytes) -> bytes:
    """``algorithm`` (an asn1crypto digest name) over ``data``; ValueError for a weak or unknown one."""
    name = DIGESTS.get(algorithm)
    if name is None:
        raise ValueError(f"digest algorithm {algorithm!r} is not accepted")
    return hashlib.new(name, data).digest()


def find_signer_certificate(
    signer: cms.SignerInfo, candidates: list[x509.Certificate]
) -> x509.Certificate | None:
    """The certificate the SignerInfo's ``sid`` names (issuerAndSerialNumber or subjectKeyIdentifier)."""
    sid = signer["sid"]
    for cert in candidates:
        parsed = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
        if sid.name == "issuer_and_serial_number":
            if (
                parsed.issuer == sid.chosen["issuer"]
                and parsed.serial_number == sid.chosen["serial_number"].native
            ):
                return cert
        elif parsed.key_identifier == sid.chosen.native:
            return cert
    return None


def _verify_with_key(cert: x509.Certificate, signer: cms.SignerInfo, signed: bytes) -> None:
    sig_alg = signer["signature_algorithm"]
    signature = signer["signature"].native
    digest_name = signer["digest_algorithm"]["algorithm"].native
    hash_cls = _HASHES.get(digest_name)
    if hash_cls is None:
        raise InvalidSignature(f"digest {digest_name} not accepted")
    key = cert.public_key()
    mode = sig_alg.signature_algo
    if isinstance(key, rsa.RSAPublicKey) and mode == "rsassa_pss":
        params = sig_alg["parameters"]
        pss_hash = _HASHES.get(params["hash_algorithm"]["algorithm"].native)
        if pss_hash is None:
            raise InvalidSignature("PSS hash not accepted")
        pad: padding.AsymmetricPadding = padding.PSS(padding.MGF1(pss_hash()), params["salt_length"].native)
        key.verify(signature, signed, pad, pss_hash())
    elif isinstance(key, rsa.RSAPublicKey) and mode == "rsassa_pkcs1v15":
        key.verify(signature, signed, padding.PKCS1v15(), hash_cls())
    elif isinstance(key, ec.EllipticCurvePublicKey) and mode == "ecdsa":
        key.verify(signature, signed, ec.ECDSA(hash_cls()))
    else:
        raise InvalidSignature(f"signature algorithm {sig_alg['algorithm'].native} does not fit the key")


def check_signer_info(
    signed_data: cms.SignedData, signer: cms.SignerInfo, cert: x509.Certificate
) -> str | None:
    """RFC 5652 §5.6 for one SignerInfo; returns the problem, or None when the signature is valid."""
    encap = signed_data["encap_content_info"]
    content = encap["content"]
    if content.native is None:
        return "the SignedData carries no eContent"
    econtent = content.contents
    attrs = signer["signed_attrs"]
    if not attrs:
        return (
            "the SignerInfo has no signed attributes (RFC 3161 §2.4.1 needs content-type and message-digest)"
        )
    values: dict[str, list[object]] = {}
    for attr in attrs:
        values.setdefault(attr["type"].native, []).extend(attr["values"])
    content_types = values.get("content_type", [])
    if len(content_types) != 1 or content_types[0].native != encap["content_type"].native:  # type: ignore[attr-defined]
        return "the content-type signed attribute does not match the eContentType"
    digests = values.get("message_digest", [])
    try:
        expected = digest(signer["digest_algorithm"]["algorithm"].native, econtent)
    except ValueError as exc:
        return str(exc)
    if len(digests) != 1 or digests[0].native != expected:  # type: ignore[attr-defined]
        return "the message-digest signed attribute is not the digest of the eContent"
    try:
        # §5.4: the DER of the attributes with the EXPLICIT SET OF tag, not the [0] IMPLICIT one
        _verify_with_key(cert, signer, b"\x31" + attrs.dump()[1:])
    except InvalidSignature as exc:
        return f"the CMS signature does not verify with the signer certificate{': ' + str(exc) if str(exc) else ''}"
    except (ValueError, TypeError, KeyError) as exc:
        return f"the CMS signature could not be checked: {exc}"
    return None
