"""A throw-away certificate authority for tests and demos (``microcred demo``, ``microcred keygen --certificate``):
a self-signed CA and a leaf for a key. It lives outside :mod:`microcred.keys` so that the library's key layer
never depends on certificate *making*.

Never use these certificates for real seals: the CA key is generated on the spot and not kept.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

if TYPE_CHECKING:
    from .keys import Key


def _name(
    common_name: str,
    organization: str | None = None,
    organization_identifier: str | None = None,
    country: str = "EU",
) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, country)]
    if organization:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if organization_identifier:  # ETSI EN 319 412-1 §5.1.4 (OID 2.5.4.97), what eIDAS seal certificates carry
        attrs.append(x509.NameAttribute(x509.ObjectIdentifier("2.5.4.97"), organization_identifier))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def _signature_hash(signer: Key) -> hashes.HashAlgorithm | None:
    if signer.key_type == "Ed25519":
        return None
    return {"P-384": hashes.SHA384(), "P-521": hashes.SHA512()}.get(signer.key_type, hashes.SHA256())


def make_test_certificate_chain(
    key: Key,
    subject: str = "microcred test seal",
    *,
    ca_key: Key | None = None,
    ca_subject: str = "microcred test CA",
    organization: str | None = "microcred test",
    organization_identifier: str | None = None,
    country: str = "EU",
    not_before: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    not_after: dt.datetime = dt.datetime(2045, 1, 1, tzinfo=dt.UTC),
) -> tuple[Key, x509.Certificate]:
    """Make a self-signed CA (P-256 unless ``ca_key`` is given) and a leaf certificate for ``key``.

    ``organization``, ``organization_identifier`` (2.5.4.97) and ``country`` (C, ISO 3166 alpha-2) make the leaf's
    subject the organisation identity an EDC seal needs (ETSI EN 319 412-3 §4.2.1: C, O, organizationIdentifier).
    Returns ``(key with certificate_chain [leaf, CA], CA certificate)``: pass the CA as a trust anchor.
    For tests and demos only.
    """
    from .keys import Key as KeyClass

    ca = ca_key or KeyClass.generate("P-256", did=None)
    ca_name = _name(ca_subject, organization, country=country)
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca.public_key)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca.public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca.private_key, _signature_hash(ca))  # type: ignore[arg-type]
    )
    leaf_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(subject, organization, organization_identifier, country))
        .issuer_name(ca_name)
        .public_key(key.public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca.private_key, _signature_hash(ca))  # type: ignore[arg-type]
    )
    return key.with_certificate_chain([leaf_cert, ca_cert]), ca_cert
