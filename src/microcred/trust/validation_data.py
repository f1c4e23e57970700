"""Certificates and revocation values a JAdES signature carries (ETSI TS 119 182-1 §5.3.5).

``xVals`` / ``axVals``: ``[{"x509Cert": {"val": base64 DER}} | {"otherCert": ...}]``; ``rVals`` / ``arVals``:
``{"crlVals": [{"val"}], "ocspVals": [{"val"}], "otherVals": ...}``; ``tstVD`` (§5.3.7): ``{"xVals", "rVals"}``
for time-stamps. The values are only collected here; what they are worth is decided by path validation.
"""

from __future__ import annotations

import base64
import binascii
import warnings
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.x509 import ocsp

from .etsi_u import EtsiUElement, EtsiUError

#: At most this many values of each kind are used.
MAX_VALUES = 64


@dataclass
class ValidationData:
    """Certificates, CRLs (DER) and OCSP responses (DER) gathered from a signature."""

    certificates: list[x509.Certificate] = field(default_factory=list)
    crls: list[bytes] = field(default_factory=list)
    ocsps: list[bytes] = field(default_factory=list)

    def extend(self, other: ValidationData) -> None:
        """Add another set of values (bounded by MAX_VALUES per kind)."""
        self.certificates = (self.certificates + other.certificates)[:MAX_VALUES]
        self.crls = (self.crls + other.crls)[:MAX_VALUES]
        self.ocsps = (self.ocsps + other.ocsps)[:MAX_VALUES]


def _der(entry: Any, where: str) -> bytes:
    val = entry.get("val") if isinstance(entry, dict) else None
    if not isinstance(val, str):
        raise EtsiUError(f"{where} has no 'val' string")
    try:
        return base64.b64decode(val, validate=True)
    except binascii.Error as exc:
        raise EtsiUError(f"{where}.val is not base64: {exc}") from exc


def read_certificates(value: Any, where: str) -> list[x509.Certificate]:
    """The x509Cert entries of an xVals / axVals array (otherCert entries are skipped)."""
    if not isinstance(value, list):
        raise EtsiUError(f"{where} is not an array")
    out: list[x509.Certificate] = []
    for i, entry in enumerate(value[:MAX_VALUES]):
        if isinstance(entry, dict) and "x509Cert" in entry:
            try:
                with (
                    warnings.catch_warnings()
                ):  # cryptography's deprecation of serial numbers <= 0 (RFC 5280)
                    warnings.simplefilter("ignore")
                    cert = x509.load_der_x509_certificate(_der(entry["x509Cert"], f"{where}[{i}].x509Cert"))
                out.append(cert)
            except ValueError as exc:
                raise EtsiUError(f"{where}[{i}] is not an X.509 certificate: {exc}") from exc
    return out


def read_revocation(value: Any, where: str) -> tuple[list[bytes], list[bytes]]:
    """``(crls, ocsps)`` of an rVals / arVals object."""
    if not isinstance(value, dict):
        raise EtsiUError(f"{where} is not an object")
    lists: list[list[bytes]] = []
    for name in ("crlVals", "ocspVals"):
        items = value.get(name, [])
        if not isinstance(items, list):
            raise EtsiUError(f"{where}.{name} is not an array")
        values = [_der(e, f"{where}.{name}[{i}]") for i, e in enumerate(items[:MAX_VALUES])]
        for i, der in enumerate(
            values
        ):  # a value that is not even DER of its type is malformed, not evidence
            try:
                if name == "crlVals":
                    x509.load_der_x509_crl(der)
                else:
                    ocsp.load_der_ocsp_response(der)
            except ValueError as exc:
                raise EtsiUError(
                    f"{where}.{name}[{i}] is not a DER {name[:-4].upper()} value: {exc}"
                ) from exc
        lists.append(values)
    return lists[0], lists[1]


def collect(elements: list[EtsiUElement]) -> ValidationData:
    """All certificates and revocation values in xVals, axVals, rVals, arVals and tstVD."""
    data = ValidationData()
    for element in elements:
        where = f"etsiU[{element.index}].{element.name}"
        if element.name in ("xVals", "axVals"):
            data.extend(ValidationData(certificates=read_certificates(element.value, where)))
        elif element.name in ("rVals", "arVals"):
            crls, ocsps = read_revocation(element.value, where)
            data.extend(ValidationData(crls=crls, ocsps=ocsps))
        elif element.name == "tstVD" and isinstance(element.value, dict):
            certs = read_certificates(element.value.get("xVals", []), where + ".xVals")
            crls, ocsps = read_revocation(element.value.get("rVals", {}), where + ".rVals")
            data.extend(ValidationData(certs, crls, ocsps))
    return data
