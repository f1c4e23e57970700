"""Certification paths found valid, remembered so that the same chain seen again is not validated again.

A verifier checks the same sealing certificate chain for every credential an issuer sealed. RFC 5280 §6.1 path
validation of one chain to the same trust anchors, with no revocation data, gives the same answer at every
validation time at which every certificate of the path is within its validity period, because nothing else it
checks depends on the time. :func:`recall` hands back a path :func:`remember` was told of under exactly these
conditions, and no other:

* **the same inputs**: the key is the DER bytes of the leaf, of every trust anchor and of every other certificate
  given, in order (the path builder tries them in that order), and the extended key usage asked for; a changed
  byte anywhere, another anchor or one more certificate is another key, validated afresh;
* **no revocation data and none needed**: only a validation given no CRL and no OCSP response is remembered, and
  only when no certificate of the path but the anchor names a CRL distribution point or an OCSP responder (with
  revocation data, or with certificates that need it, the answer depends on the time and the data: such paths
  are always validated);
* **the first path the builder finds**: pyhanko-certvalidator returns the first candidate path that validates;
  a path that was not the first candidate is not remembered (at another time an earlier candidate could be the
  one returned);
* **inside every validity period**: the path is recalled only when the validation time lies within
  ``notBefore``..``notAfter`` of every certificate on it, the trust anchor included (pyhanko-certvalidator
  allows a second of tolerance around each; this is stricter, so a recalled path is one it would return);
* **successes only**: a path that failed is never remembered, so an expired, not yet valid, broken or
  differently anchored chain is validated, and refused, each time.

At most :data:`MAX_VALID_PATHS` paths are kept (all are dropped when full). The validation policy of
:func:`~microcred.trust.path.validate_path` (hard-fail revocation, no fetching, the default algorithm policy,
which does not depend on the time) is fixed, so it is not part of the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509

#: Most valid certification paths remembered.
MAX_VALID_PATHS = 256

PathKey = tuple[bytes, tuple[bytes, ...], tuple[bytes, ...], frozenset[str]]


@dataclass(frozen=True)
class RememberedPath:
    """A valid path (DER bytes, leaf first, anchor last) and the times at which it may be recalled."""

    ders: tuple[bytes, ...]
    #: The latest ``notBefore`` and the earliest ``notAfter`` of the path's certificates.
    not_before: datetime
    not_after: datetime


_VALID_PATHS: dict[PathKey, RememberedPath] = {}


def path_key(
    leaf: bytes,
    anchors: Sequence[bytes],
    intermediates: Sequence[bytes],
    *,
    moment: datetime,
    crls: Sequence[Any],
    ocsps: Sequence[Any],
    extended_key_usage: set[str] | None,
) -> PathKey | None:
    """The key of a validation that may be recalled or remembered; None when it may not (revocation data, or
    a validation time without a time zone, which the validator refuses)."""
    if crls or ocsps or moment.utcoffset() is None:
        return None
    return (leaf, tuple(anchors), tuple(intermediates), frozenset(extended_key_usage or ()))


def recall(key: PathKey, moment: datetime) -> tuple[bytes, ...] | None:
    """The remembered valid path for ``key`` (DER bytes, leaf first), if ``moment`` is inside its validity."""
    found = _VALID_PATHS.get(key)
    if found is None or not found.not_before <= moment <= found.not_after:
        return None
    return found.ders


def _declares_revocation(cert: asn1_x509.Certificate) -> bool:
    """Does ``cert`` name a CRL distribution point or an OCSP responder (RFC 5280 §4.2.1.13, §4.2.2.1)?"""
    if cert.crl_distribution_points_value is not None:
        return True
    access = cert.authority_information_access_value
    return access is not None and any(d["access_method"].native == "ocsp" for d in access)


def remember(key: PathKey, path: Sequence[asn1_x509.Certificate], *, first_candidate: bool) -> bool:
    """Remember the valid ``path`` (leaf first, anchor last) found for ``key`` when the conditions above hold."""
    if not first_candidate or not path or any(_declares_revocation(c) for c in path[:-1]):
        return False
    validity = [c["tbs_certificate"]["validity"] for c in path]
    entry = RememberedPath(
        tuple(c.dump() for c in path),
        max(v["not_before"].native for v in validity),
        min(v["not_after"].native for v in validity),
    )
    if len(_VALID_PATHS) >= MAX_VALID_PATHS:
        _VALID_PATHS.clear()
    _VALID_PATHS[key] = entry
    return True


async def first_candidate(builder: Any, leaf: asn1_x509.Certificate) -> list[bytes]:
    """The DER bytes of the first candidate path ``builder`` (a pyhanko ``PathBuilder``) builds for ``leaf``,
    leaf first (empty when it builds none)."""
    paths = builder.async_build_paths_lazy(leaf)
    try:
        first = await paths.__anext__()
    except Exception:  # no path at all, or one that cannot be built: nothing to compare with
        return []
    finally:
        await paths.cancel()
    return [c.dump() for c in reversed(list(first))]
