"""X.509 helpers for JAdES seals: certificate chains, ``x5c``, ``x5t#S256`` and a small path validator.

* ``x5c`` (RFC 7515 §4.1.6): standard base64 (not base64url) DER certificates, the signer's first.
* ``x5t#S256`` (RFC 7515 §4.1.8): base64url SHA-256 of the DER certificate.
* ``kid`` as Europass EDC JAdES seals use it: see :mod:`.issuer_serial`.
* :func:`verify_chain`: RFC 5280 §6.1 basic path validation without policies or revocation: signatures,
  validity at the given time, CA basic constraints and path length, ``keyCertSign``, and no unknown critical
  extension.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtensionOID

from ..base64url import b64_decode_strict, b64url_encode
from ..errors import Base64UrlError, KeyMaterialError, TrustAnchorError
from .issuer_serial import issuer_serial_der, issuer_serial_kid, issuer_serial_matches, parse_issuer_serial

#: Most certificates accepted in one chain.
MAX_CHAIN_LENGTH = 10

_PEM_RE = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----", re.DOTALL)

#: Extensions this validator understands; a certificate with any other *critical* extension is refused.
_KNOWN_CRITICAL = {
    ExtensionOID.BASIC_CONSTRAINTS,
    ExtensionOID.KEY_USAGE,
    ExtensionOID.EXTENDED_KEY_USAGE,
    ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    ExtensionOID.CERTIFICATE_POLICIES,
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    ExtensionOID.SUBJECT_KEY_IDENTIFIER,
}


def load_pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    """The PEM blocks in ``data`` as ``(label, block bytes)``, in order."""
    return [(m.group(1).decode("ascii"), m.group(0)) for m in _PEM_RE.finditer(data)]


def load_trust_anchors(anchors: Iterable[Any]) -> tuple[x509.Certificate, ...]:
    """Trust anchor certificates from certificate objects, PEM or DER bytes, PEM text, or file paths.

    Anything that is not a certificate raises :class:`TrustAnchorError` saying which anchor and what it is
    (never the ASN.1 parser's internals).
    """
    out: list[x509.Certificate] = []
    for i, anchor in enumerate(anchors):
        where = f"trust anchor {i + 1}"
        if isinstance(anchor, x509.Certificate):
            out.append(anchor)
            continue
        if isinstance(anchor, str | os.PathLike) and Path(anchor).is_file():
            where = f"trust anchor file {anchor}"
            try:
                data = Path(anchor).read_bytes()
            except OSError as exc:
                raise TrustAnchorError(
                    f"cannot read {where}: {exc.strerror or exc}", path=str(anchor)
                ) from exc
        elif isinstance(anchor, bytes):
            data = anchor
        elif isinstance(anchor, str) and "BEGIN CERTIFICATE" in anchor:
            data = anchor.encode("ascii", "replace")
        else:
            shown = repr(anchor) if len(repr(anchor)) <= 60 else repr(anchor)[:60] + "..."
            raise TrustAnchorError(f"{where} {shown} is not a certificate, PEM data or a PEM/DER file")
        if b"-----BEGIN CERTIFICATE-----" in data:
            try:
                out.extend(x509.load_pem_x509_certificates(data))
            except ValueError as exc:
                raise TrustAnchorError(
                    f"{where} has a PEM CERTIFICATE block that holds no certificate"
                ) from exc
            continue
        try:
            out.append(x509.load_der_x509_certificate(data))
        except ValueError as exc:
            raise TrustAnchorError(f"{where} is neither a PEM certificate nor a DER certificate") from exc
    return tuple(out)


def load_certificate_chain(source: bytes | str | Sequence[str]) -> list[x509.Certificate]:
    """Certificates from PEM (bytes or text) or an ``x5c`` list (standard base64 DER), in the order given."""
    certs: list[x509.Certificate] = []
    if isinstance(source, bytes | str):
        raw = source.encode("ascii", "replace") if isinstance(source, str) else source
        blocks = [b for label, b in load_pem_blocks(raw) if label == "CERTIFICATE"]
        if not blocks:
            raise KeyMaterialError("no PEM CERTIFICATE block found")
        for block in blocks:
            try:
                certs.append(x509.load_pem_x509_certificate(block))
            except ValueError as exc:
                raise KeyMaterialError("a PEM CERTIFICATE block does not hold a DER certificate") from exc
    elif isinstance(source, Sequence):
        if not source:
            raise KeyMaterialError("x5c must not be empty (RFC 7515 §4.1.6)", path="x5c")
        for i, item in enumerate(source):
            try:
                der = b64_decode_strict(item, what=f"x5c[{i}]")
                certs.append(x509.load_der_x509_certificate(der))
            except Base64UrlError as exc:
                raise KeyMaterialError(exc.message, path=f"x5c[{i}]") from exc
            except ValueError as exc:
                raise KeyMaterialError(f"x5c[{i}] is not a DER certificate: {exc}", path=f"x5c[{i}]") from exc
    else:
        raise KeyMaterialError(f"cannot read a certificate chain from {type(source).__name__}")
    if len(certs) > MAX_CHAIN_LENGTH:
        raise KeyMaterialError(
            f"certificate chain has {len(certs)} certificates; the limit is {MAX_CHAIN_LENGTH}"
        )
    return certs


def certificate_public_key(cert: x509.Certificate) -> Any:
    """The certificate's public key (Ed25519, EC or RSA), else KeyMaterialError."""
    try:
        public = cert.public_key()
    except (ValueError, TypeError) as exc:
        raise KeyMaterialError(f"cannot read the certificate's public key: {exc}") from exc
    if not isinstance(public, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise KeyMaterialError(f"unsupported certificate key type {type(public).__name__}")
    return public


def certificate_der(cert: x509.Certificate) -> bytes:
    """The certificate in DER."""
    return cert.public_bytes(serialization.Encoding.DER)


def x5c_encode(chain: Iterable[x509.Certificate]) -> list[str]:
    """``x5c`` values: standard base64 of each DER certificate."""
    return [base64.b64encode(certificate_der(c)).decode("ascii") for c in chain]


def chain_to_pem(chain: Iterable[x509.Certificate]) -> bytes:
    """The certificates as concatenated PEM."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain)


def x5t_s256(cert: x509.Certificate) -> str:
    """RFC 7515 §4.1.8 ``x5t#S256``: base64url SHA-256 thumbprint of the DER certificate."""
    return b64url_encode(hashlib.sha256(certificate_der(cert)).digest())


# -- path validation -----------------------------------------------------------------------------------------
def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _critical_problem(cert: x509.Certificate) -> str | None:
    for ext in cert.extensions:
        if ext.critical and ext.oid not in _KNOWN_CRITICAL:
            return f"unsupported critical extension {ext.oid.dotted_string}"
    return None


def _can_sign_certificates(cert: x509.Certificate, certs_below: int) -> str | None:
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return "is not a CA (no basicConstraints)"
    if not bc.ca:
        return "is not a CA (basicConstraints cA is false)"
    if bc.path_length is not None and certs_below - 1 > bc.path_length:
        return f"path length constraint {bc.path_length} exceeded"
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not ku.key_cert_sign:
            return "key usage does not include keyCertSign"
    except x509.ExtensionNotFound:
        pass
    return None


def _issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(issuer)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def verify_chain(
    chain: Sequence[x509.Certificate], trust_anchors: Iterable[x509.Certificate], at: dt.datetime
) -> tuple[bool, str]:
    """Validate ``chain`` (leaf first) up to one of ``trust_anchors`` at time ``at``; return ``(ok, reason)``.

    The chain may end with the anchor itself or with a certificate the anchor issued. Revocation is not
    checked. Never raises for a bad chain.
    """
    anchors = list(trust_anchors)
    when = _utc(at)
    if not chain:
        return False, "no certificate chain"
    if not anchors:
        return False, "no trust anchor configured"
    if len(chain) > MAX_CHAIN_LENGTH:
        return False, f"chain longer than {MAX_CHAIN_LENGTH}"
    anchor_ders = {certificate_der(a) for a in anchors}
    path: list[x509.Certificate] = []
    for cert in chain:
        if certificate_der(cert) in anchor_ders:
            break
        path.append(cert)
    top_anchor: x509.Certificate | None = None
    if len(path) < len(chain):
        top_anchor = next(a for a in anchors if certificate_der(a) == certificate_der(chain[len(path)]))
    elif path:
        top_anchor = next((a for a in anchors if _issued_by(path[-1], a)), None)
        if top_anchor is None:
            subject = path[-1].issuer.rfc4514_string()
            return False, f"the chain does not lead to a trust anchor (last issuer: {subject})"
    assert top_anchor is not None
    full = [*path, top_anchor]
    for i, cert in enumerate(full):
        name = cert.subject.rfc4514_string() or f"certificate {i}"
        if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
            return False, (
                f"{name} is not valid at {when.isoformat()} "
                f"(valid {cert.not_valid_before_utc.isoformat()} to {cert.not_valid_after_utc.isoformat()})"
            )
        problem = _critical_problem(cert)
        if problem:
            return False, f"{name}: {problem}"
        if i > 0:
            problem = _can_sign_certificates(cert, i)
            if problem:
                return False, f"{name} {problem}"
            if not _issued_by(full[i - 1], cert):
                return (
                    False,
                    f"the signature on {full[i - 1].subject.rfc4514_string()} does not verify with {name}",
                )
    return (
        True,
        f"chain of {len(full)} certificate(s) validates to trust anchor "
        f"{top_anchor.subject.rfc4514_string()}",
    )


__all__ = [
    "certificate_der",
    "certificate_public_key",
    "chain_to_pem",
    "issuer_serial_der",
    "issuer_serial_kid",
    "issuer_serial_matches",
    "load_certificate_chain",
    "load_pem_blocks",
    "load_trust_anchors",
    "parse_issuer_serial",
    "verify_chain",
    "x5c_encode",
    "x5t_s256",
]
