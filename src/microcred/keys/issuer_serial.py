"""``IssuerSerial``: the ``kid`` of Europass EDC JAdES seals.

Standard base64 of the DER ``IssuerSerial`` of the signing certificate (RFC 5035 §4, as ETSI TS 119 182-1
§5.1.4 uses it for ``kid``)::

    IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }

with ``issuer`` holding one ``directoryName`` ([4] EXPLICIT Name). A small DER writer and reader, no ASN.1
library needed.
"""

from __future__ import annotations

import base64

from cryptography import x509

from ..base64url import b64_decode_strict
from ..errors import KeyMaterialError


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


def _der_integer(value: int) -> bytes:
    body = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return _tlv(0x02, body)


def issuer_serial_der(cert: x509.Certificate) -> bytes:
    """DER ``IssuerSerial`` of ``cert``: SEQUENCE { SEQUENCE { [4] { issuer Name } }, INTEGER serial }."""
    general_names = _tlv(0x30, _tlv(0xA4, cert.issuer.public_bytes()))
    return _tlv(0x30, general_names + _der_integer(cert.serial_number))


def issuer_serial_kid(cert: x509.Certificate) -> str:
    """The JAdES ``kid`` of Europass EDC seals: standard base64 of :func:`issuer_serial_der`."""
    return base64.b64encode(issuer_serial_der(cert)).decode("ascii")


def _read_tlv(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """One DER TLV at ``pos``: (tag, value, next position). Definite lengths only."""
    if pos + 2 > len(data):
        raise ValueError("truncated DER")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("bad DER length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return tag, data[pos : pos + length], pos + length


def parse_issuer_serial(kid: str) -> tuple[bytes, int]:
    """Decode an issuer-serial ``kid`` to ``(issuer Name DER, serial)``; KeyMaterialError if malformed."""
    try:
        der = b64_decode_strict(kid, what="kid")
        tag, outer, end = _read_tlv(der, 0)
        if tag != 0x30 or end != len(der):
            raise ValueError("not one SEQUENCE")
        tag, names, pos = _read_tlv(outer, 0)
        if tag != 0x30:
            raise ValueError("issuer is not GeneralNames")
        tag, name_der, names_end = _read_tlv(names, 0)
        if tag != 0xA4 or names_end != len(names):
            raise ValueError("issuer is not exactly one directoryName")
        tag, serial, serial_end = _read_tlv(outer, pos)
        if tag != 0x02 or serial_end != len(outer):
            raise ValueError("no serialNumber INTEGER at the end")
        return name_der, int.from_bytes(serial, "big", signed=True)
    except ValueError as exc:
        raise KeyMaterialError(f"kid is not a base64 DER IssuerSerial: {exc}") from exc


def issuer_serial_matches(kid: str, cert: x509.Certificate) -> bool:
    """True if the issuer-serial ``kid`` names ``cert`` (issuer Name and serial number)."""
    try:
        name_der, serial = parse_issuer_serial(kid)
    except KeyMaterialError:
        return False
    return serial == cert.serial_number and name_der == cert.issuer.public_bytes()
