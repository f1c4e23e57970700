"""A signed test trust hierarchy owned by the tests: LOTL -> national TL -> CA/QC service -> seal certificate.

Every key comes from a fixed seed (EC P-256 ``derive_private_key``), so the certificates and lists are the same on
every run apart from the ECDSA signature values. The lists are XAdES-signed with signxml's XAdESSigner, as a
scheme operator would; the parameters make the negative cases (service type, status, history, usages,
QC statements, validity).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from lxml import etree
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.xades import XAdESSigner  # type: ignore[attr-defined]

from microcred.keys import Key
from microcred.trust.qc_statements import QC_COMPLIANCE, QC_STATEMENTS_OID, QC_TYPE, QCT_ESEAL, QCT_ESIGN

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
TSL = "http://uri.etsi.org/02231/v2#"
SVC = "http://uri.etsi.org/TrstSvc/Svctype/"
STATUS = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/"
INFO = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/"
LOTL_TYPE = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"
TERRITORY = "BE"


def ec_key(seed: int) -> ec.EllipticCurvePrivateKey:
    """A P-256 key from a fixed seed."""
    return ec.derive_private_key(0x5EED_0000 + seed, ec.SECP256R1())


def name(cn: str, country: str = TERRITORY) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Trust Services"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def qc_statements_der(compliance: bool, types: tuple[str, ...]) -> bytes:
    """DER of a qcStatements extension value (RFC 3739; EN 319 412-5)."""
    statements = []
    if compliance:
        statements.append(core.Sequence(contents=core.ObjectIdentifier(QC_COMPLIANCE).dump()).dump())
    if types:
        oids = b"".join(core.ObjectIdentifier(t).dump() for t in types)
        seq_of = core.Sequence(contents=oids).dump()
        statements.append(core.Sequence(contents=core.ObjectIdentifier(QC_TYPE).dump() + seq_of).dump())
    der: bytes = core.Sequence(contents=b"".join(statements)).dump()
    return der


def certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool = False,
    serial: int = 1,
    extensions: list[tuple[x509.ExtensionType, bool]] = (),  # type: ignore[assignment]
    not_after: dt.datetime = T0 + dt.timedelta(days=3650),
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(T0 - dt.timedelta(days=365))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    for ext, critical in extensions:
        builder = builder.add_extension(ext, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class ServiceSpec:
    """One TSPService of the test TL."""

    type: str = SVC + "CA/QC"
    status: str = STATUS + "granted"
    starting: dt.datetime = T0 - dt.timedelta(days=100)
    usages: tuple[str, ...] = (INFO + "ForeSeals",)
    #: earlier states: (status, starting)
    history: list[tuple[str, dt.datetime]] = field(default_factory=list)


@dataclass
class Hierarchy:
    """The keys, certificates and signed lists of one test trust hierarchy."""

    lotl_signer: x509.Certificate
    lotl: bytes
    tl: bytes
    ca: x509.Certificate
    seal: Key
    tsa_key: ec.EllipticCurvePrivateKey
    tsa: x509.Certificate


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{TSL}}}{tag}", attrib)
    if text is not None:
        node.text = text
    return node


def _digital_identity(parent: etree._Element, tag: str, cert: x509.Certificate) -> None:
    ids = _sub(parent, tag)
    digital = _sub(ids, "DigitalId")
    import base64

    _sub(digital, "X509Certificate", base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode())


def _scheme(
    root: etree._Element, tsl_type: str, territory: str, issued: dt.datetime, next_update: dt.datetime
) -> etree._Element:
    info = _sub(root, "SchemeInformation")
    _sub(info, "TSLVersionIdentifier", "5")
    _sub(info, "TSLSequenceNumber", "7")
    _sub(info, "TSLType", tsl_type)
    _sub(info, "SchemeTerritory", territory)
    _sub(info, "ListIssueDateTime", issued.strftime("%Y-%m-%dT%H:%M:%SZ"))
    _sub(_sub(info, "NextUpdate"), "dateTime", next_update.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return info


def _pointer(
    info: etree._Element, location: str, tsl_type: str, territory: str, cert: x509.Certificate
) -> None:
    pointers = info.find(f"{{{TSL}}}PointersToOtherTSL")
    if pointers is None:
        pointers = _sub(info, "PointersToOtherTSL")
    pointer = _sub(pointers, "OtherTSLPointer")
    _digital_identity(pointer, "ServiceDigitalIdentities", cert)
    _sub(pointer, "TSLLocation", location)
    other = _sub(_sub(pointer, "AdditionalInformation"), "OtherInformation")
    _sub(other, "TSLType", tsl_type)
    _sub(_sub(pointer, "AdditionalInformation"), "OtherInformation").append(
        etree.fromstring(f'<tsl:SchemeTerritory xmlns:tsl="{TSL}">{territory}</tsl:SchemeTerritory>')
    )


def _service_info(
    parent: etree._Element,
    tag: str,
    spec_type: str,
    status: str,
    starting: dt.datetime,
    cert: x509.Certificate,
    usages: tuple[str, ...],
    name_: str,
) -> None:
    info = _sub(parent, tag)
    _sub(info, "ServiceTypeIdentifier", spec_type)
    _sub(_sub(info, "ServiceName"), "Name", name_, **{"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _digital_identity(info, "ServiceDigitalIdentity", cert)
    _sub(info, "ServiceStatus", status)
    _sub(info, "StatusStartingTime", starting.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if usages:
        extensions = _sub(info, "ServiceInformationExtensions")
        for usage in usages:
            _sub(
                _sub(_sub(extensions, "Extension", Critical="true"), "AdditionalServiceInformation"),
                "URI",
                usage,
            )


def sign_list(root: etree._Element, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> bytes:
    """XAdES-sign a list (enveloped, C14N 1.0, ECDSA-SHA256), as TS 119 612 §5.7.1 asks.

    (signxml applies its C14N to the SignedProperties reference without naming a transform, so only the
    inclusive default of XML-DSig verifies back.)
    """
    signer = XAdESSigner(
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    signed = signer.sign(root, key=key, cert=[pem])
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def build(
    *,
    service: ServiceSpec | None = None,
    qc_compliance: bool = True,
    qc_types: tuple[str, ...] = (QCT_ESEAL,),
    issued: dt.datetime = T0,
    next_update: dt.datetime = T0 + dt.timedelta(days=180),
) -> Hierarchy:
    """Build and sign the hierarchy; ``service`` describes the CA's TSPService (default: granted CA/QC for seals)."""
    spec = service or ServiceSpec()
    lotl_key, tl_key, ca_key, seal_key, tsa_key = (ec_key(i) for i in range(5))
    lotl_cert = certificate(name("Test LOTL Scheme Operator", "EU"), lotl_key, None, lotl_key)
    tl_cert = certificate(name("Test TL Scheme Operator"), tl_key, None, tl_key)
    ca_cert = certificate(name("Test Qualified CA for eSeals"), ca_key, None, ca_key, ca=True)
    ext: list[tuple[x509.ExtensionType, bool]] = [
        (x509.KeyUsage(True, True, False, False, False, False, False, False, False), True),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False),
        (
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier("0.4.0.194112.1.3"), None)]
            ),
            False,
        ),
    ]
    if qc_compliance or qc_types:
        ext.append(
            (x509.UnrecognizedExtension(QC_STATEMENTS_OID, qc_statements_der(qc_compliance, qc_types)), False)
        )
    seal_subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, TERRITORY),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example University"),
            x509.NameAttribute(x509.ObjectIdentifier("2.5.4.97"), "VATBE-0123456789"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Example University seal"),
        ]
    )
    seal_cert = certificate(seal_subject, seal_key, ca_cert, ca_key, serial=2, extensions=ext)
    tsa_cert = certificate(
        name("Test Qualified TSA"),
        tsa_key,
        None,
        tsa_key,
        serial=3,
        extensions=[(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)],
    )
    # -- the national list
    tl = etree.Element(f"{{{TSL}}}TrustServiceStatusList", nsmap={"tsl": TSL}, Id="tl")
    _scheme(tl, "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric", TERRITORY, issued, next_update)
    tsp = _sub(_sub(tl, "TrustServiceProviderList"), "TrustServiceProvider")
    _sub(
        _sub(_sub(tsp, "TSPInformation"), "TSPName"),
        "Name",
        "Test Trust Services",
        **{"{http://www.w3.org/XML/1998/namespace}lang": "en"},
    )
    services = _sub(tsp, "TSPServices")
    svc = _sub(services, "TSPService")
    _service_info(
        svc,
        "ServiceInformation",
        spec.type,
        spec.status,
        spec.starting,
        ca_cert,
        spec.usages,
        "Test QC for eSeals",
    )
    if spec.history:
        history = _sub(svc, "ServiceHistory")
        for status, starting in spec.history:
            _service_info(
                history,
                "ServiceHistoryInstance",
                spec.type,
                status,
                starting,
                ca_cert,
                spec.usages,
                "Test QC for eSeals",
            )
    tsa_svc = _sub(services, "TSPService")
    _service_info(
        tsa_svc,
        "ServiceInformation",
        SVC + "TSA/QTST",
        STATUS + "granted",
        T0 - dt.timedelta(days=100),
        tsa_cert,
        (),
        "Test QTST",
    )
    tl_bytes = sign_list(tl, tl_key, tl_cert)
    # -- the LOTL
    lotl = etree.Element(f"{{{TSL}}}TrustServiceStatusList", nsmap={"tsl": TSL}, Id="lotl")
    info = _scheme(lotl, LOTL_TYPE, "EU", issued, next_update)
    _pointer(info, "https://lotl.test/lotl.xml", LOTL_TYPE, "EU", lotl_cert)
    _pointer(
        info,
        "https://tl.test/be.xml",
        "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric",
        TERRITORY,
        tl_cert,
    )
    lotl_bytes = sign_list(lotl, lotl_key, lotl_cert)
    seal = Key(seal_key, kid=None).with_certificate_chain([seal_cert, ca_cert])
    return Hierarchy(lotl_cert, lotl_bytes, tl_bytes, ca_cert, seal, tsa_key, tsa_cert)


__all__ = ["QCT_ESEAL", "QCT_ESIGN", "ServiceSpec", "build"]
