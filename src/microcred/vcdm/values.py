"""Value shapes the VC Data Model requires: URLs, XMLSCHEMA11-2 date-times, language value objects, digests.

Hand-written because each is a short grammar: ``datetime.fromisoformat`` accepts forms XML Schema does not
(``2026-01-01 00:00``, week dates, a missing seconds field) and has no notion of a required timezone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from typing import Any

from ..errors import MicrocredError
from ..keys.multibase import multibase_decode, varint_decode

#: An absolute URL: RFC 3986 scheme, then no whitespace (VC DM 2.0 §4.4 "a single URL").
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S*")

#: XMLSCHEMA11-2 §3.3.7 dateTime lexical space (timezone optional) as groups.
_DATE_TIME = re.compile(
    r"(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
    r"(?P<tz>Z|[+\-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: BCP 47 language tag, in the shape of RFC 5646 §2.1 (subtags of 1-8 letters or digits, the first letters only).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")

#: SRI §3.5 hash-expression: hash-algo "-" base64-value ["?" option-expression]; the algorithms SRI names.
_SRI = re.compile(r"(?:sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}(?:\?\S*)?")

#: Longer than any multibase multihash of a SHA-2/SHA-3 digest (a SHA-512 one is ~90 base58 characters).
MAX_DIGEST_CHARS = 256

#: Multihash codes (multiformats table) of the digests microcred can recompute.
MULTIHASH: dict[int, str] = {
    0x12: "sha256",
    0x13: "sha512",
    0x20: "sha384",
    0x16: "sha3_256",
    0x15: "sha3_384",
    0x14: "sha3_512",
}


def is_url(value: Any) -> bool:
    """A string that is an absolute URL (a scheme, no whitespace)."""
    return isinstance(value, str) and _URL.fullmatch(value) is not None


def is_date_time(value: Any, *, timezone_required: bool) -> bool:
    """XMLSCHEMA11-2 ``dateTime`` (or ``dateTimeStamp`` when ``timezone_required``), including the day's range
    for the month (§3.3.7: "day ... must not exceed the number of days in the month")."""
    if not isinstance(value, str):
        return False
    match = _DATE_TIME.fullmatch(value)
    if match is None or (timezone_required and match["tz"] is None):
        return False
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    # proleptic Gregorian, with XML Schema 1.1's year zero (1 BCE) a leap year
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (29 if leap else 28) if month == 2 else _MONTH_DAYS[month - 1]
    return day <= days


def is_language_string(value: Any) -> bool:
    """A string, a language value object (VC DM 2.0 §11.1: ``@value`` string, optional ``@language``/
    ``@direction``), or a list of those."""
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return bool(value) and all(not isinstance(v, list) and is_language_string(v) for v in value)
    if not isinstance(value, dict) or not isinstance(value.get("@value"), str):
        return False
    if set(value) - {"@value", "@language", "@direction"}:
        return False
    if "@language" in value and not (
        isinstance(value["@language"], str) and _LANGUAGE_TAG.fullmatch(value["@language"])
    ):
        return False
    return value.get("@direction", "ltr") in ("ltr", "rtl")


def sri_digests(value: Any) -> list[str] | None:
    """The hash-expressions of a ``digestSRI`` (a string of space-separated ones, or a list), None if malformed."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.split():
            return None
        for expression in item.split():
            if _SRI.fullmatch(expression) is None:
                return None
            out.append(expression.split("?", 1)[0])
    return out or None


def multihashes(value: Any) -> list[tuple[str, bytes]] | None:
    """``(hashlib name, digest)`` of each ``digestMultibase`` (VC DI §2.6: a multibase-encoded multihash),
    None if one is malformed or uses a hash microcred does not know."""
    items = value if isinstance(value, list) else [value]
    out: list[tuple[str, bytes]] = []
    for item in items:
        if not isinstance(item, str) or len(item) > MAX_DIGEST_CHARS:  # base58 decoding is quadratic
            return None
        try:
            raw = multibase_decode(item, what="digestMultibase", allowed="zu")
            code, used = varint_decode(raw, what="multihash code")
            length, more = varint_decode(raw[used:], what="multihash length")
        except MicrocredError:
            return None
        digest = raw[used + more :]
        if code not in MULTIHASH or len(digest) != length:
            return None
        out.append((MULTIHASH[code], digest))
    return out or None


def sri_matches(expression: str, content: bytes) -> bool:
    """Does ``content`` hash to the SRI ``expression`` (``sha384-<base64>``)?"""
    algorithm, encoded = expression.split("-", 1)
    try:
        expected = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        return False
    return hashlib.new(algorithm, content).digest() == expected


def multihash_matches(algorithm: str, digest: bytes, content: bytes) -> bool:
    """Does ``content`` hash to ``digest`` with ``algorithm`` (a hashlib name)?"""
    return hashlib.new(algorithm, content).digest() == digest
