"""Fetch CRLs for a certificate path when the caller opted in (RFC 5280 §4.2.1.13 CRL distribution points).

Only the CRL distribution point URLs of the certificates are read, and only through the caller's
:class:`~microcred.fetcher.Fetcher` (the hardened one refuses anything but public https), so nothing is fetched
unless a fetcher was given. OCSP needs a request built and POSTed (RFC 6960 §A.1), which the fetcher does not
offer, so OCSP responses are only used when the signature carries them.
"""

from __future__ import annotations

from collections.abc import Iterable

from cryptography import x509

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
        crls.append(resource.content)
    return crls, problems
