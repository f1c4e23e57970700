"""X.509 certification path validation at a given time, with revocation data (RFC 5280 §6; EN 319 102-1 §5.2.6).

pyhanko-certvalidator does the work: path building from the given certificates, RFC 5280 path validation,
and revocation checking of every certificate on the path against the CRLs (RFC 5280 §6.3, signature, scope,
validity window) and OCSP responses (RFC 6960: signature, delegated responder, thisUpdate/nextUpdate) it is
handed. This module only maps its outcomes to three answers:

* ``valid`` — a path to a trust anchor exists and no certificate on it is revoked at ``moment``;
* ``revoked`` — a certificate on the path is revoked at ``moment``;
* ``invalid`` — the path is broken (a signature, a constraint), a certificate is expired at ``moment``, or the
  leaf is unfit for the usage;
* ``untrusted`` — no path from the certificate to any of the anchors could be built;
* ``unknown`` — the path holds but revocation could not be decided (the certificate names a CRL or OCSP
  responder and no usable answer from it was given or, when the caller opted in, fetched).

Certificates that name no CRL or OCSP responder need none (``hard-fail`` mode of the library); a trust anchor
is never checked for revocation (RFC 5280 §6.1). A valid path validated without revocation data is remembered
and recalled for the same certificates at a time inside every certificate's validity (:mod:`.path_memo`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from . import path_memo

PathStatus = Literal["valid", "invalid", "revoked", "unknown", "untrusted"]


@dataclass(frozen=True)
class PathResult:
    """The outcome of one path validation: status, a sentence, and the path found (leaf first)."""

    status: PathStatus
    message: str
    path: list[x509.Certificate] = field(default_factory=list)

    @property
    def anchor(self) -> x509.Certificate | None:
        """The trust anchor the path ends at (None when no path was found)."""
        return self.path[-1] if self.path else None


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The asn1crypto view of a :mod:`cryptography` certificate.

    Parsed certificates are kept by their DER bytes (at most :data:`MAX_PARSED`): a certificate never changes,
    and asn1crypto computes the comparable form of its names (RFC 4518 string preparation, a third of a path
    validation's time) once per parsed object, so trust anchors and sealing certificates seen again skip it.
    """
    return _parsed(cert.public_bytes(Encoding.DER))


def _parsed(der: bytes) -> asn1_x509.Certificate:
    """The asn1crypto certificate of ``der``, parsed once (see :func:`to_asn1`)."""
    parsed = _PARSED.get(der)
    if parsed is None:
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        parsed = _PARSED[der] = asn1_x509.Certificate.load(der)
    return parsed


#: Most certificates :func:`to_asn1` keeps parsed.
MAX_PARSED = 256
_PARSED: dict[bytes, asn1_x509.Certificate] = {}


def _from_asn1(cert: Any, given: dict[bytes, x509.Certificate]) -> x509.Certificate:
    """The :mod:`cryptography` certificate of a path element: the one the caller gave, else parsed from DER."""
    der = cert.dump()
    return given.get(der) or x509.load_der_x509_certificate(der)


def validate_path(
    leaf: x509.Certificate,
    *,
    anchors: Iterable[x509.Certificate],
    moment: datetime,
    intermediates: Iterable[x509.Certificate] = (),
    crls: Iterable[bytes] = (),
    ocsps: Iterable[bytes] = (),
    extended_key_usage: set[str] | None = None,
) -> PathResult:
    """Validate ``leaf`` at ``moment`` to one of ``anchors`` using only the certificates and revocation data given.

    ``extended_key_usage`` (asn1crypto names, e.g. ``{"time_stamping"}``) is required of the leaf when given.
    """
    from pyhanko_certvalidator import CertificateValidator, ValidationContext  # imported when first needed
    from pyhanko_certvalidator import errors as cv_errors

    from .path_engine import RememberingSignatureValidator, run

    anchors, intermediates = list(anchors), list(intermediates)
    crls, ocsps = list(crls), list(ocsps)
    if not anchors:
        return PathResult("untrusted", "no trust anchor to validate the path to")
    ders = [c.public_bytes(Encoding.DER) for c in (leaf, *anchors, *intermediates)]
    given = dict(zip(ders, (leaf, *anchors, *intermediates), strict=True))
    key = path_memo.path_key(
        ders[0],
        ders[1 : 1 + len(anchors)],
        ders[1 + len(anchors) :],
        moment=moment,
        crls=crls,
        ocsps=ocsps,
        extended_key_usage=extended_key_usage,
    )
    found = None if key is None else path_memo.recall(key, moment)
    if found is not None:  # the same chain, valid at this time too (see microcred.trust.path_memo)
        return _valid([given.get(d) or x509.load_der_x509_certificate(d) for d in found], moment)
    try:
        context = ValidationContext(
            trust_roots=[_parsed(d) for d in ders[1 : 1 + len(anchors)]],
            other_certs=[_parsed(d) for d in ders[1 + len(anchors) :]],
            moment=moment,
            crls=crls,
            ocsps=ocsps,
            allow_fetching=False,
            revocation_mode="hard-fail",
            signature_validator=RememberingSignatureValidator(),
        )
        validator = CertificateValidator(_parsed(ders[0]), validation_context=context)
        if extended_key_usage:
            path = run(validator.async_validate_usage(set(), extended_key_usage=extended_key_usage))  # type: ignore[no-untyped-call]
        else:
            path = run(validator.async_validate_path())
    except cv_errors.RevokedError as exc:
        return PathResult("revoked", str(exc))
    except cv_errors.InsufficientRevinfoError as exc:
        return PathResult("unknown", f"revocation status could not be decided: {exc}")
    except cv_errors.PathBuildingError as exc:
        return PathResult("untrusted", str(exc) or "no path to a trust anchor")
    except (cv_errors.PathValidationError, cv_errors.InvalidCertificateError) as exc:
        return PathResult("invalid", str(exc) or type(exc).__name__)
    except (ValueError, TypeError, cv_errors.ValidationError) as exc:
        return PathResult("invalid", f"the path could not be validated: {exc}")
    elements = list(reversed(list(path)))
    if key is not None:
        first = run(path_memo.first_candidate(context.path_builder, _parsed(ders[0])))
        path_memo.remember(key, elements, first_candidate=first == [c.dump() for c in elements])
    return _valid([_from_asn1(c, given) for c in elements], moment)


def _valid(chain: list[x509.Certificate], moment: datetime) -> PathResult:
    return PathResult(
        "valid", f"valid at {moment.isoformat()} to {chain[-1].subject.rfc4514_string()}", chain
    )
