"""Getting an RFC 3161 time-stamp token: from a TSA over HTTP (opt-in), or from an in-process test TSA.

``TimeStampAuthority`` is what the JAdES issuer needs: ``timestamp(data) -> token DER`` for the bytes to be
time-stamped. :class:`HttpTimeStampAuthority` speaks RFC 3161 §3.4 (``application/timestamp-query`` POSTed
through the hardened fetcher) and checks that the answer is a granted token over the imprint and nonce it asked
for. :class:`LocalTimeStampAuthority` signs tokens itself with a key and certificate it is given: for tests and
demos only, like :mod:`microcred.demo_ca`. asn1crypto builds and parses the structures.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Protocol

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from ..clock import Clock, SystemClock
from ..errors import FetchError, SigningError
from ..fetcher import HardenedFetcher
from .timestamp import TimeStampToken

#: ETSI EN 319 421 §5.2.1 best-practices time-stamp policy (the default policy of the test TSA).
BEST_PRACTICES_POLICY = "0.4.0.2023.1.1"


class TimeStampAuthority(Protocol):
    """Anything that returns an RFC 3161 TimeStampToken (DER) whose messageImprint is SHA-256 of ``data``."""

    def timestamp(self, data: bytes) -> bytes:
        """A token over ``data``."""
        ...


class HttpTimeStampAuthority:
    """An RFC 3161 TSA reached over HTTPS through :class:`~microcred.fetcher.HardenedFetcher` (opt-in)."""

    def __init__(self, url: str, *, fetcher: HardenedFetcher) -> None:
        self.url = url
        self.fetcher = fetcher

    def timestamp(self, data: bytes) -> bytes:
        """Ask the TSA for a token over SHA-256(``data``) (RFC 3161 §2.4.1) and check what comes back."""
        digest = hashlib.sha256(data).digest()
        nonce = secrets.randbits(63)
        request = tsp.TimeStampReq(
            {
                "version": "v1",
                "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
                "nonce": nonce,
                "cert_req": True,
            }
        )
        resource = self.fetcher.post(
            self.url,
            request.dump(),
            content_type="application/timestamp-query",
            accept="application/timestamp-reply",
        )
        try:
            response = tsp.TimeStampResp.load(resource.content)
            status = response["status"]["status"].native
            token = response["time_stamp_token"]
            der = token.dump() if token.native is not None else b""
        except (ValueError, TypeError, KeyError) as exc:
            raise FetchError(f"{self.url} did not answer with an RFC 3161 TimeStampResp: {exc}") from exc
        if status not in ("granted", "granted_with_mods") or not der:
            raise FetchError(f"{self.url} refused the time-stamp request ({status})")
        parsed = TimeStampToken.parse(der)
        info = tsp.TSTInfo.load(parsed.signed_data["encap_content_info"]["content"].contents)
        if parsed.imprint != digest or info["nonce"].native != nonce:
            raise FetchError(f"{self.url} answered with a token for another request")
        return der


class LocalTimeStampAuthority:
    """An in-process TSA that signs RFC 3161 tokens with ``key`` and ``certificate`` (tests and demos only).

    The certificate should carry a critical extendedKeyUsage id-kp-timeStamping (RFC 3161 §2.3).
    """

    def __init__(
        self,
        key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
        certificate: x509.Certificate,
        *,
        clock: Clock | None = None,
        policy: str = BEST_PRACTICES_POLICY,
    ) -> None:
        self.key = key
        self.certificate = certificate
        self.clock = clock or SystemClock()
        self.policy = policy
        self._serial = 0

    def _sign(self, data: bytes) -> tuple[bytes, str]:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(data, ec.ECDSA(hashes.SHA256())), "sha256_ecdsa"
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256()), "sha256_rsa"
        raise SigningError("the test TSA signs with an EC or RSA key")

    def timestamp(self, data: bytes) -> bytes:
        """A token over SHA-256(``data``) at the clock's now."""
        return self.timestamp_digest(hashlib.sha256(data).digest())

    def timestamp_digest(self, digest: bytes, nonce: int | None = None) -> bytes:
        """A token whose messageImprint is the SHA-256 ``digest`` (RFC 3161 §2.4.2), echoing ``nonce``."""
        self._serial += 1
        fields = {
            "version": "v1",
            "policy": self.policy,
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
            "serial_number": self._serial,
            "gen_time": self.clock.now().replace(microsecond=0),
        }
        if nonce is not None:
            fields["nonce"] = nonce
        info = tsp.TSTInfo(fields)
        econtent = info.dump()
        cert_der = self.certificate.public_bytes(Encoding.DER)
        asn1_cert = asn1_x509.Certificate.load(cert_der)
        signing_certificate = tsp.SigningCertificateV2(
            {"certs": [{"cert_hash": hashlib.sha256(cert_der).digest()}]}
        )
        attrs = cms.CMSAttributes(
            [
                {"type": "content_type", "values": ["tst_info"]},
                {"type": "message_digest", "values": [hashlib.sha256(econtent).digest()]},
                {"type": "signing_certificate_v2", "values": [signing_certificate]},
            ]
        )
        signature, algorithm = self._sign(attrs.dump())  # RFC 5652 §5.4: over the DER SET OF
        signer = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": {
                            "issuer": asn1_cert.issuer,
                            "serial_number": asn1_cert.serial_number,
                        }
                    }
                ),
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "signed_attrs": attrs,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": algorithm}),
                "signature": signature,
            }
        )
        signed_data = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": {
                    "content_type": "tst_info",
                    "content": core.ParsableOctetString(econtent),
                },
                "certificates": [asn1_cert],
                "signer_infos": [signer],
            }
        )
        return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump())
