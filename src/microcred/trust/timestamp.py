"""RFC 3161 time-stamp tokens: parse one, and check it against the bytes it claims to time-stamp.

A TimeStampToken is a CMS SignedData whose eContent is a ``TSTInfo`` (RFC 3161 §2.4.2). Checking it
(RFC 3161 §2.4.2, ETSI EN 319 102-1 §5.4 "time-stamp validation building block") means:

1. the ``messageImprint`` is the digest, under its own algorithm, of exactly the bytes the caller says are
   time-stamped (the JAdES rules for those bytes are in :mod:`.jades_timestamps`);
2. the CMS signature of its one SignerInfo holds (:mod:`.cms_signature`), and its ESS signing-certificate(-v2)
   attribute names the TSA certificate (RFC 3161 §2.4.1, RFC 5035);
3. the signing certificate is a TSA certificate: ``extendedKeyUsage`` with only ``id-kp-timeStamping``,
   marked critical (RFC 3161 §2.3);
4. the TSA certificate's chain is validated at ``genTime`` (:mod:`.path`), which the caller does: whether the
   TSA is trusted is a separate answer from whether the token is intact.

asn1crypto parses the token (it knows TSTInfo); nothing here re-implements DER.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import cms, tsp
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from .cms_signature import check_signer_info, digest, find_signer_certificate

#: Upper bound on one encoded token (a token with a long embedded chain is ~25 kB).
MAX_TOKEN_BYTES = 256 * 1024


class TokenError(ValueError):
    """A time-stamp token that cannot be read (the message says why)."""


@dataclass(frozen=True)
class TimeStampToken:
    """A parsed RFC 3161 token: its TSTInfo fields, embedded certificates and the CMS structures."""

    der: bytes
    gen_time: datetime
    imprint_algorithm: str
    imprint: bytes
    policy: str
    serial_number: int
    certificates: list[x509.Certificate]
    signed_data: cms.SignedData = field(repr=False)

    @classmethod
    def parse(cls, value: str | bytes) -> TimeStampToken:
        """Parse a token given as DER or standard base64 (how JAdES ``tstTokens[].val`` holds it).

        Raises TokenError (a ValueError) naming what is wrong.
        """
        if isinstance(value, str):
            if len(value) > MAX_TOKEN_BYTES * 4 // 3 + 4:
                raise TokenError("the time-stamp token is too large")
            try:
                der = base64.b64decode(value, validate=True)
            except binascii.Error as exc:
                raise TokenError(f"the time-stamp token is not base64: {exc}") from exc
        else:
            der = value
        if len(der) > MAX_TOKEN_BYTES:
            raise TokenError("the time-stamp token is too large")
        try:
            info = cms.ContentInfo.load(der, strict=True)
            if info["content_type"].native != "signed_data":
                raise TokenError("the token is not a CMS SignedData")
            signed = info["content"]
            encap = signed["encap_content_info"]
            if encap["content_type"].native != "tst_info":
                raise TokenError("the SignedData does not carry a TSTInfo (RFC 3161 §2.4.2)")
            tst = tsp.TSTInfo.load(encap["content"].contents, strict=True)
            imprint = tst["message_imprint"]
            certs = [
                x509.load_der_x509_certificate(c.chosen.dump())
                for c in (signed["certificates"] or [])
                if c.name == "certificate"
            ]
            return cls(
                der=der,
                gen_time=tst["gen_time"].native,
                imprint_algorithm=imprint["hash_algorithm"]["algorithm"].native,
                imprint=imprint["hashed_message"].native,
                policy=tst["policy"].dotted,
                serial_number=tst["serial_number"].native,
                certificates=certs,
                signed_data=signed,
            )
        except TokenError:
            raise
        except Exception as exc:  # asn1crypto raises many kinds on malformed DER
            raise TokenError(f"the time-stamp token is not a valid RFC 3161 token: {exc}") from exc

    def imprint_matches(self, data: bytes) -> bool:
        """True if the messageImprint is the digest of ``data`` (step 1)."""
        try:
            return digest(self.imprint_algorithm, data) == self.imprint
        except ValueError:
            return False


@dataclass(frozen=True)
class TokenCheck:
    """The intrinsic checks of a token (steps 1-3): each problem found, and the TSA certificate."""

    imprint_intact: bool
    signature_problem: str | None
    tsa_certificate: x509.Certificate | None
    eku_problem: str | None

    @property
    def intact(self) -> bool:
        """Imprint, CMS signature and TSA key usage all hold."""
        return self.imprint_intact and self.signature_problem is None and self.eku_problem is None


def timestamping_eku_problem(cert: x509.Certificate) -> str | None:
    """RFC 3161 §2.3: the TSA certificate has a critical extendedKeyUsage holding only id-kp-timeStamping."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        return "the TSA certificate has no extendedKeyUsage (RFC 3161 §2.3 needs id-kp-timeStamping)"
    if list(ext.value) != [ExtendedKeyUsageOID.TIME_STAMPING]:
        return "the TSA certificate's extendedKeyUsage is not exactly id-kp-timeStamping"
    if not ext.critical:
        return "the TSA certificate's extendedKeyUsage is not critical (RFC 3161 §2.3)"
    return None


def check_token(
    token: TimeStampToken,
    data: bytes,
    extra_certificates: list[x509.Certificate] = (),  # type: ignore[assignment]
) -> TokenCheck:
    """Steps 1-3 for ``token`` over ``data``; ``extra_certificates`` may hold the TSA certificate (xVals)."""
    imprint_ok = token.imprint_matches(data)
    signers = list(token.signed_data["signer_infos"])
    if len(signers) != 1:
        return TokenCheck(
            imprint_ok, "a time-stamp token has exactly one SignerInfo (RFC 3161 §2.4.2)", None, None
        )
    cert = find_signer_certificate(signers[0], [*token.certificates, *extra_certificates])
    if cert is None:
        return TokenCheck(imprint_ok, "the TSA certificate is neither in the token nor in xVals", None, None)
    problem = check_signer_info(token.signed_data, signers[0], cert) or signing_certificate_problem(
        signers[0], cert
    )
    return TokenCheck(imprint_ok, problem, cert, timestamping_eku_problem(cert))


def signing_certificate_problem(signer: cms.SignerInfo, cert: x509.Certificate) -> str | None:
    """RFC 3161 §2.4.1 / RFC 5035: the ESS signing-certificate(-v2) attribute must name the TSA certificate."""
    der = cert.public_bytes(Encoding.DER)
    for attr in signer["signed_attrs"]:
        kind = attr["type"].native
        if kind not in ("signing_certificate", "signing_certificate_v2"):
            continue
        certs = attr["values"][0]["certs"]
        if not len(certs):
            return "the ESS signing-certificate attribute names no certificate"
        first = certs[0]
        algorithm = "sha1" if kind == "signing_certificate" else first["hash_algorithm"]["algorithm"].native
        if hashlib.new(algorithm, der).digest() != first["cert_hash"].native:
            return "the ESS signing-certificate attribute names another certificate than the TSA's"
        return None
    return "the token has no ESS signing-certificate attribute (RFC 3161 §2.4.1)"
