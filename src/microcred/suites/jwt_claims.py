"""JWS payloads and JWT Claims Sets, read by one set of rules for every JOSE format (vc+jwt, vc-jwt, vp+jwt, jades).

* The payload is I-JSON (RFC 7493; RFC 7519 §7.2 step 10, RFC 8725 §3.12 "Use UTF-8"): strict UTF-8 without a
  byte order mark (RFC 8259 §8.1), no lone UTF-16 surrogates (RFC 7493 §2.1), no duplicate member names
  (RFC 7519 §4, RFC 7515 §5.2 step 3 via :func:`~microcred.jsonio.loads_strict`), numbers a double or a bounded
  integer can hold (RFC 7493 §2.2), bounded size and depth (the verification policy's limits).
* ``nbf`` and ``exp``, when present, are NumericDates (RFC 7519 §2, §4.1.4-§4.1.5): a JSON number (never a
  string or a boolean) of seconds from 1970-01-01T00:00:00Z before 10000-01-01T00:00:00Z.
* ``iat`` (§4.1.6) is a NumericDate too, or, the one leniency, an XML Schema ``dateTimeStamp`` string: the W3C
  VC-JOSE-COSE test suite's signed vectors carry ``"iat": "2010-01-01T19:23:24Z"``, and microcred decides
  nothing by ``iat``. Any other value (``1e20``, ``"yesterday"``, ``true``) is refused, in every format alike.

A broken rule raises :class:`~microcred.errors.JwsError` whose ``reason`` is the ``proof`` check's code: the
:class:`~microcred.errors.MicrocredError` code of the JSON problem (``JSON_PARSE_ERROR``, ``DUPLICATE_JSON_KEY``,
``JSON_INVALID_UNICODE``, ``JSON_NUMBER_OUT_OF_RANGE``, ``INPUT_TOO_LARGE``, ``NESTING_TOO_DEEP``) or
``CLAIM_INVALID`` for a time claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..clock import parse_datetime
from ..errors import InputError, JwsError, MicrocredError
from ..jsonio import loads_strict
from ..verification.codes import CheckCode

#: 10000-01-01T00:00:00Z: the first instant a NumericDate cannot name (datetime stops at year 9999).
NUMERIC_DATE_END = 253402300800


def parse_payload(payload: bytes, *, source: str, max_bytes: int, max_depth: int) -> Any:
    """The JSON value of a JWS payload under the rules above; :class:`JwsError` (reason = the JSON code)."""
    try:
        return loads_strict(
            payload, source=source, max_bytes=max_bytes, max_depth=max_depth, strict_unicode=True
        )
    except MicrocredError as exc:
        raise JwsError(f"the {source} is not strict JSON: {exc}", reason=exc.code) from exc


def numeric_date(claims: dict[str, Any], name: str) -> datetime | None:
    """A JWT NumericDate claim (RFC 7519 §2) as an aware datetime; None if absent, JwsError if malformed."""
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < NUMERIC_DATE_END:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
        raise JwsError(f"JWT claim {name!r} is not a NumericDate: {shown}", reason=CheckCode.CLAIM_INVALID)
    return datetime.fromtimestamp(value, tz=UTC)


@dataclass(frozen=True)
class TimeClaims:
    """The registered time claims of a JWT Claims Set (RFC 7519 §4.1.4-§4.1.6), each None when absent."""

    issued_at: datetime | None
    not_before: datetime | None
    expires: datetime | None


def issued_at(claims: dict[str, Any]) -> datetime | None:
    """``iat``: a NumericDate or a ``dateTimeStamp`` string (see the module docstring); JwsError otherwise."""
    value = claims.get("iat")
    if isinstance(value, str):
        try:
            return parse_datetime(value, path="iat")
        except InputError as exc:
            raise JwsError(
                f"JWT claim 'iat' is not a NumericDate: {exc.message}", reason=CheckCode.CLAIM_INVALID
            ) from exc
    return numeric_date(claims, "iat")


def time_claims(claims: dict[str, Any]) -> TimeClaims:
    """``iat``, ``nbf`` and ``exp``, each checked (:class:`JwsError` ``CLAIM_INVALID`` when one is malformed)."""
    return TimeClaims(issued_at(claims), numeric_date(claims, "nbf"), numeric_date(claims, "exp"))


def to_numeric_date(instant: datetime) -> int:
    """Seconds since the epoch (a JWT NumericDate), truncated to whole seconds."""
    return int(instant.timestamp())
