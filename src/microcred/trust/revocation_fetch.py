"""Fetch revocation data for a certificate when the caller opted in: CRLs and OCSP responses.

CRLs come from the certificates' cRLDistributionPoints (RFC 5280 §4.2.1.13), OCSP responses from the leaf's
authorityInfoAccess id-ad-ocsp responder (RFC 6960 §A.1: a DER OCSPRequest POSTed as
``application/ocsp-request``). Everything goes through the caller's :class:`~microcred.fetcher.Fetcher` (the
hardened one refuses anything but public https), so nothing is fetched unless a fetcher was given; OCSP needs
one that can POST (:meth:`~microcred.fetcher.HardenedFetcher.post`). What comes back is only data: path
validation checks its signature, responder and validity window.
"""

from __future__ import annotations

from collections.abc import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID

from ..errors import MicrocredError
from ..fetcher import Fetcher

#: At most this many CRLs are fetched for one path.
MAX_FETCHED_CRLS = 8


def crl_urls(certificates: Iterable[x509.Certificate]) -> list[str]:
    """The URI distribution points of the certificates' cRLDistributionPoints, in order, without repeats."""
    urls: list[str] = []
    for cert in certificates:
        try:
            points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        except x509.ExtensionNotFound:
            continue
        for point in points:
            for name in point.full_name or []:
                if isinstance(name, x509.UniformResourceIdentifier) and name.value not in urls:
                    urls.append(name.value)
    return urls


def fetch_crls(fetcher: Fetcher, certificates: Iterable[x509.Certificate]) -> tuple[list[bytes], list[str]]:
    """``(CRLs fetched as DER, problems)`` for the certificates' distribution points."""
    crls: list[bytes] = []
    problems: list[str] = []
    for url in crl_urls(certificates)[:MAX_FETCHED_CRLS]:
        try:
            resource = fetcher.fetch(url, accept="application/pkix-crl")
        except MicrocredError as exc:
            problems.append(f"{url}: {exc}")
            continue
        try:
            x509.load_der_x509_crl(resource.content)
        except ValueError:
            problems.append(f"{url}: not a DER CRL")
            continue
        crls.append(resource.content)
    return crls, problems


def ocsp_urls(cert: x509.Certificate) -> list[str]:
    """The OCSP responder URIs of the certificate's authorityInfoAccess."""
    try:
        access = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return []
    return [
        d.access_location.value
        for d in access
        if d.access_method == AuthorityInformationAccessOID.OCSP
        and isinstance(d.access_location, x509.UniformResourceIdentifier)
    ]


def fetch_ocsp(
    fetcher: Fetcher, cert: x509.Certificate, issuer: x509.Certificate
) -> tuple[list[bytes], list[str]]:
    """``(OCSP responses as DER, problems)`` for ``cert`` from its responders (the first that answers)."""
    post = getattr(fetcher, "post", None)
    urls = ocsp_urls(cert)
    if not urls:
        return [], []
    if post is None:
        return [], [f"{urls[0]}: the fetcher cannot POST an OCSP request"]
    # RFC 6960 §4.1.1: CertID hashes the issuer's name and key; SHA-1 is what responders universally accept there
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    problems: list[str] = []
    for url in urls[:2]:
        try:
            resource = post(
                url,
                request.public_bytes(Encoding.DER),
                content_type="application/ocsp-request",
                accept="application/ocsp-response",
            )
        except MicrocredError as exc:
            problems.append(f"{url}: {exc}")
            continue
        try:
            ocsp.load_der_ocsp_response(resource.content)
        except ValueError:
            problems.append(f"{url}: not a DER OCSP response")
            continue
        return [resource.content], problems
    return [], problems
