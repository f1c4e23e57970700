"""Read an ETSI TS 119 612 trusted list (a LOTL or a national TL) into plain data.

Only what the trust decision needs is read: the scheme information (type, territory, sequence number, issue
date, next update, pointers to other lists, scheme information URIs for pivots) and, for a national list, each
trust service with its type, name, certificates, status history and information extensions. The XML is parsed
with lxml with network access, DTDs and entity expansion off, and a size cap; it must be the element the
signature covers (:mod:`.tsl_signature` hands over the verified tree).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from lxml import etree

from ..clock import parse_datetime
from ..errors import InputError

NS = {
    "tsl": "http://uri.etsi.org/02231/v2#",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "add": "http://uri.etsi.org/02231/v2/additionaltypes#",
    "qual": "http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#",
    "xades": "http://uri.etsi.org/01903/v1.3.2#",
}
LOTL_TYPE = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"
#: Biggest list read (the largest national lists are a few MB).
MAX_LIST_BYTES = 16 * 1024 * 1024


class TrustedListError(InputError):
    """A trusted list that cannot be read, or whose signature does not hold."""

    code = "TRUSTED_LIST_INVALID"


@dataclass(frozen=True)
class ServiceState:
    """One state of a trust service (current, or a history instance): TS 119 612 §5.5 / §5.6."""

    type: str
    name: str
    status: str
    starting: datetime
    certificates: tuple[x509.Certificate, ...]
    additional_info: tuple[str, ...]
    #: (qualifier URIs, policy OIDs of the criteria; empty = applies to all) per QualificationElement.
    qualifications: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class TrustService:
    """A TSPService: its provider's name, the current state and the history (newest first)."""

    provider: str
    current: ServiceState
    history: tuple[ServiceState, ...] = ()


@dataclass(frozen=True)
class Pointer:
    """An OtherTSLPointer of a LOTL: where a list is, whose it is, and the certificates that may sign it."""

    location: str
    territory: str
    tsl_type: str
    certificates: tuple[x509.Certificate, ...]


@dataclass
class TrustedListData:
    """A parsed trusted list."""

    tsl_type: str
    territory: str
    sequence: int
    issued: datetime
    next_update: datetime | None
    pointers: list[Pointer] = field(default_factory=list)
    scheme_uris: list[str] = field(default_factory=list)
    services: list[TrustService] = field(default_factory=list)

    @property
    def is_lotl(self) -> bool:
        """True for a list of trusted lists."""
        return self.tsl_type == LOTL_TYPE


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse XML safely (no network, no DTD, no entities); TrustedListError names ``source`` when it fails."""
    if len(data) > MAX_LIST_BYTES:
        raise TrustedListError(f"{source}: a trusted list over {MAX_LIST_BYTES} bytes", path=source)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise TrustedListError(f"{source}: not well-formed XML: {exc}", path=source) from exc
    if root.getroottree().docinfo.doctype:  # TS 119 612 lists have no DTD; one can only be an attack
        raise TrustedListError(f"{source}: a document type declaration is not allowed", path=source)
    if root.tag != f"{{{NS['tsl']}}}TrustServiceStatusList":
        raise TrustedListError(f"{source}: not an ETSI TS 119 612 TrustServiceStatusList", path=source)
    return root


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _name(node: etree._Element, path: str) -> str:
    names = node.findall(path, NS)
    for n in names:
        if n.get("{http://www.w3.org/XML/1998/namespace}lang") == "en":
            return (n.text or "").strip()
    return (names[0].text or "").strip() if names else ""


def _certificates(node: etree._Element | None) -> tuple[x509.Certificate, ...]:
    out: list[x509.Certificate] = []
    for item in node.iterfind(".//tsl:X509Certificate", NS) if node is not None else []:
        try:
            out.append(x509.load_der_x509_certificate(base64.b64decode("".join((item.text or "").split()))))
        except (binascii.Error, ValueError):
            continue  # an unreadable certificate identifies nothing
    return tuple(out)


def _time(text: str, where: str) -> datetime:
    try:
        return parse_datetime(text, path=where)
    except InputError as exc:
        raise TrustedListError(f"{where} is not a date-time: {text!r}") from exc


def _state(node: etree._Element, where: str) -> ServiceState:
    quals: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for element in node.iterfind(".//qual:QualificationElement", NS):
        uris = tuple(q.get("uri", "") for q in element.iterfind("qual:Qualifiers/qual:Qualifier", NS))
        oids = tuple(
            (i.text or "").strip().removeprefix("urn:oid:")
            for i in element.iterfind(".//qual:PolicySet//xades:Identifier", NS)
        )
        quals.append((uris, oids))
    return ServiceState(
        type=_text(node, "tsl:ServiceTypeIdentifier"),
        name=_name(node, "tsl:ServiceName/tsl:Name"),
        status=_text(node, "tsl:ServiceStatus"),
        starting=_time(_text(node, "tsl:StatusStartingTime"), where + "/StatusStartingTime"),
        certificates=_certificates(node.find("tsl:ServiceDigitalIdentity", NS)),
        additional_info=tuple(
            (u.text or "").strip()
            for u in node.iterfind(
                "tsl:ServiceInformationExtensions//tsl:AdditionalServiceInformation/tsl:URI", NS
            )
        ),
        qualifications=tuple(quals),
    )


def read_list(root: etree._Element, source: str) -> TrustedListData:
    """The scheme information, pointers and services of a parsed list."""
    info = root.find("tsl:SchemeInformation", NS)
    if info is None:
        raise TrustedListError(f"{source}: no SchemeInformation", path=source)
    try:
        sequence = int(_text(info, "tsl:TSLSequenceNumber"))
    except ValueError as exc:
        raise TrustedListError(f"{source}: TSLSequenceNumber is not a number", path=source) from exc
    next_update = _text(info, "tsl:NextUpdate/tsl:dateTime")
    data = TrustedListData(
        tsl_type=_text(info, "tsl:TSLType"),
        territory=_text(info, "tsl:SchemeTerritory"),
        sequence=sequence,
        issued=_time(_text(info, "tsl:ListIssueDateTime"), f"{source}/ListIssueDateTime"),
        next_update=_time(next_update, f"{source}/NextUpdate") if next_update else None,
        scheme_uris=[(u.text or "").strip() for u in info.iterfind("tsl:SchemeInformationURI/tsl:URI", NS)],
    )
    for pointer in info.iterfind("tsl:PointersToOtherTSL/tsl:OtherTSLPointer", NS):
        data.pointers.append(
            Pointer(
                location=_text(pointer, "tsl:TSLLocation"),
                territory=_text(pointer, ".//tsl:SchemeTerritory"),
                tsl_type=_text(pointer, ".//tsl:TSLType"),
                certificates=_certificates(pointer.find("tsl:ServiceDigitalIdentities", NS)),
            )
        )
    for tsp in root.iterfind("tsl:TrustServiceProviderList/tsl:TrustServiceProvider", NS):
        provider = _name(tsp, "tsl:TSPInformation/tsl:TSPName/tsl:Name")
        for i, service in enumerate(tsp.iterfind("tsl:TSPServices/tsl:TSPService", NS)):
            where = f"{source}: {provider} service {i}"
            current = service.find("tsl:ServiceInformation", NS)
            if current is None:
                continue
            history = tuple(
                _state(h, where)
                for h in service.iterfind("tsl:ServiceHistory/tsl:ServiceHistoryInstance", NS)
            )
            data.services.append(TrustService(provider, _state(current, where), history))
    return data
