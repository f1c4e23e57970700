"""The JAdES ``trust`` check with revocation: CRLs carried in rVals, fetched only through an opted-in fetcher."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID

import microcred
from microcred.base64url import b64url_encode
from microcred.clock import format_datetime
from microcred.errors import FetchError
from microcred.fetcher import FetchedResource, StaticFetcher
from microcred.keys import Key

from .tl_factory import T0, certificate, ec_key, name

CREDENTIAL = (
    Path(__file__).resolve().parents[1] / "data" / "elm" / "official" / "Sample-MC-Annex1-unsigned.jsonld"
)
CRL_URL = "https://crl.test/ca.crl"
SIGNED_AT = T0 + dt.timedelta(days=1)
NOW = format_datetime(SIGNED_AT + dt.timedelta(hours=1))
CA_KEY = ec_key(10)
CA = certificate(name("Revocation Test CA"), CA_KEY, None, CA_KEY, ca=True)
DP = x509.CRLDistributionPoints(
    [x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
)
LEAF_KEY = ec_key(11)
LEAF = certificate(
    name("Revocable seal"),
    LEAF_KEY,
    CA,
    CA_KEY,
    serial=4242,
    extensions=[
        (x509.KeyUsage(True, True, False, False, False, False, False, False, False), True),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), False),
        (DP, False),
    ],
)


def crl(*, revoked: bool, signer: ec.EllipticCurvePrivateKey = CA_KEY) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(CA.subject)
        .last_update(SIGNED_AT - dt.timedelta(hours=1))
        .next_update(SIGNED_AT + dt.timedelta(days=7))
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), critical=False
        )
        .add_extension(x509.CRLNumber(1), critical=False)
    )
    if revoked:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(4242)
            .revocation_date(SIGNED_AT - dt.timedelta(minutes=30))
            .build()
        )
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(signer, hashes.SHA256()).public_bytes(Encoding.DER)


def sealed(r_vals: bytes | None) -> dict[str, Any]:
    key = Key(LEAF_KEY).with_certificate_chain([LEAF, CA])
    data = microcred.issue(
        json.loads(CREDENTIAL.read_text()), key, format="jades", now=format_datetime(SIGNED_AT)
    )
    assert isinstance(data, dict)
    if r_vals is not None:
        value = {"rVals": {"crlVals": [{"val": base64.b64encode(r_vals).decode()}]}}
        data["signatures"][0]["header"] = {"etsiU": [b64url_encode(json.dumps(value).encode())]}
    return data


def trust(data: dict[str, Any], **kwargs: Any) -> Any:
    return microcred.verify(data, now=NOW, trust_anchors=[CA], **kwargs).check("trust")


@pytest.mark.parametrize(
    ("r_vals", "expected"),
    [
        (None, ("error", "REVOCATION_UNKNOWN")),
        (crl(revoked=False), ("passed", "TRUST_CHAIN_VALID")),
        (crl(revoked=True), ("failed", "CERTIFICATE_REVOKED")),
        (crl(revoked=False, signer=ec_key(12)), ("error", "REVOCATION_UNKNOWN")),  # a CRL the CA did not sign
    ],
    ids=["none", "good", "revoked", "forged-crl"],
)
def test_carried_crl(r_vals: bytes | None, expected: tuple[str, str]) -> None:
    check = trust(sealed(r_vals))
    assert (check.status.value, check.code) == expected


@pytest.mark.parametrize(("revoked", "code"), [(False, "TRUST_CHAIN_VALID"), (True, "CERTIFICATE_REVOKED")])
def test_crl_fetched_only_through_the_callers_fetcher(revoked: bool, code: str) -> None:
    fetcher = StaticFetcher({CRL_URL: crl(revoked=revoked)})
    assert trust(sealed(None), fetcher=fetcher).code == code


def test_unreachable_crl_is_named() -> None:
    check = trust(sealed(None), fetcher=StaticFetcher({}))
    assert check.code == "REVOCATION_UNKNOWN" and CRL_URL in check.details["fetchProblems"][0]


OCSP_URL = "https://ocsp.test/"
OCSP_LEAF = certificate(
    name("OCSP-checked seal"),
    LEAF_KEY,
    CA,
    CA_KEY,
    serial=4343,
    extensions=[
        (x509.KeyUsage(True, True, False, False, False, False, False, False, False), True),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), False),
        (
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(OCSP_URL)
                    )
                ]
            ),
            False,
        ),
    ],
)


class _OcspFetcher:
    """A fetcher that can POST: answers OCSP requests as the CA itself (RFC 6960 §4.2.2.2, issuer-signed)."""

    def __init__(self, revoked: bool) -> None:
        self.revoked, self.posts = revoked, []  # type: ignore[var-annotated]

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        raise FetchError(f"no {url}")

    def post(self, url: str, body: bytes, *, content_type: str, accept: str) -> FetchedResource:
        self.posts.append((url, content_type))
        request = ocsp.load_der_ocsp_request(body)
        assert request.serial_number == OCSP_LEAF.serial_number
        status = ocsp.OCSPCertStatus.REVOKED if self.revoked else ocsp.OCSPCertStatus.GOOD
        response = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=OCSP_LEAF,
                issuer=CA,
                algorithm=hashes.SHA1(),
                cert_status=status,
                this_update=SIGNED_AT - dt.timedelta(minutes=10),
                next_update=SIGNED_AT + dt.timedelta(days=1),
                revocation_time=SIGNED_AT - dt.timedelta(minutes=20) if self.revoked else None,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, CA)
            .sign(CA_KEY, hashes.SHA256())
        )
        return FetchedResource(url=url, content=response.public_bytes(Encoding.DER))


@pytest.mark.parametrize(("revoked", "code"), [(False, "TRUST_CHAIN_VALID"), (True, "CERTIFICATE_REVOKED")])
def test_ocsp_asked_only_through_the_callers_fetcher(revoked: bool, code: str) -> None:
    key = Key(LEAF_KEY).with_certificate_chain([OCSP_LEAF, CA])
    data = microcred.issue(
        json.loads(CREDENTIAL.read_text()), key, format="jades", now=format_datetime(SIGNED_AT)
    )
    assert isinstance(data, dict)
    assert trust(data).code == "REVOCATION_UNKNOWN"  # no fetcher: nothing asked
    fetcher = _OcspFetcher(revoked)
    assert trust(data, fetcher=fetcher).code == code
    assert fetcher.posts == [(OCSP_URL, "application/ocsp-request")]
    static = trust(data, fetcher=StaticFetcher({}))  # a fetcher that cannot POST: said, not guessed
    assert static.code == "REVOCATION_UNKNOWN" and "cannot POST" in static.details["fetchProblems"][0]
