"""The qcStatements extension of a certificate (RFC 3739 §3.2.6; ETSI EN 319 412-5 §4.2).

asn1crypto knows the extension's OID but not its value, so the two-level structure is declared here with
asn1crypto's own types: ``QCStatements ::= SEQUENCE OF QCStatement``, ``QCStatement ::= SEQUENCE
{ statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL }``; ``QcType ::= SEQUENCE OF OBJECT IDENTIFIER``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from asn1crypto import core
from cryptography import x509

QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
QC_COMPLIANCE = "0.4.0.1862.1.1"  # EN 319 412-5 §4.2.1: an EU qualified certificate
QC_SSCD = "0.4.0.1862.1.4"  # §4.2.2: the private key is in a QSCD
QC_TYPE = "0.4.0.1862.1.6"  # §4.2.3
QCT_ESIGN, QCT_ESEAL, QCT_WEB = "0.4.0.1862.1.6.1", "0.4.0.1862.1.6.2", "0.4.0.1862.1.6.3"


class _Statement(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("statement_id", core.ObjectIdentifier),
        ("statement_info", core.Any, {"optional": True}),
    ]


class _Statements(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _Statement


class _QcType(core.SequenceOf):  # type: ignore[misc]
    _child_spec = core.ObjectIdentifier


@dataclass(frozen=True)
class QcStatements:
    """What a certificate's qcStatements say (all False / empty when it has none)."""

    compliance: bool = False
    sscd: bool = False
    types: tuple[str, ...] = ()

    @property
    def eseal(self) -> bool:
        """QcType id-etsi-qct-eseal is stated."""
        return QCT_ESEAL in self.types


def qc_statements(cert: x509.Certificate) -> QcStatements:
    """Read the qcStatements of ``cert``; an unreadable extension counts as none."""
    try:
        ext = cert.extensions.get_extension_for_oid(QC_STATEMENTS_OID)
    except x509.ExtensionNotFound:
        return QcStatements()
    raw = ext.value.value if isinstance(ext.value, x509.UnrecognizedExtension) else None
    if raw is None:
        return QcStatements()
    try:
        statements = _Statements.load(raw)
        ids = [s["statement_id"].dotted for s in statements]
        types: list[str] = []
        for statement in statements:
            if statement["statement_id"].dotted == QC_TYPE and statement["statement_info"].native is not None:
                types.extend(t.dotted for t in _QcType.load(statement["statement_info"].dump()))
    except (ValueError, TypeError):
        return QcStatements()
    return QcStatements(QC_COMPLIANCE in ids, QC_SSCD in ids, tuple(types))
