"""Byte encodings used by keys and DIDs: base64url (RFC 4648 §5), base58btc, Multibase and unsigned varints.

* ``base64url`` is the JOSE encoding (RFC 7515 §2): no padding. :func:`b64url_decode` is strict: padding,
  whitespace and characters outside the alphabet are refused, and so are non-canonical trailing bits, so one
  byte string has exactly one text form.
* Multibase (Controlled Identifiers 1.0 §2.4 "Multibase"): a one-character header names the base. microcred
  writes ``z`` (base58btc, the only form Multikey allows) and reads ``z`` and ``u`` (base64url, no padding).
* Multicodec headers are unsigned LEB128 varints (multiformats ``unsigned-varint``), minimal encoding only.
"""

from __future__ import annotations

import base64
import binascii
import re

from ..errors import KeyMaterialError

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}
_B64URL_RE = re.compile(r"[A-Za-z0-9_-]*")

#: Multibase header characters microcred understands.
MULTIBASE_BASE58BTC = "z"
MULTIBASE_BASE64URL = "u"

#: Longest text microcred decodes as base58 (keys and DIDs are short; this bounds the quadratic decoder).
MAX_BASE58_CHARS = 4096


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: object, *, what: str = "base64url value") -> bytes:
    """Strictly decode unpadded base64url; raise :class:`KeyMaterialError` naming ``what`` otherwise."""
    if not isinstance(text, str):
        raise KeyMaterialError(f"{what} must be a string, not {type(text).__name__}")
    if not _B64URL_RE.fullmatch(text) or len(text) % 4 == 1:
        raise KeyMaterialError(f"{what} is not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyMaterialError(f"{what} is not unpadded base64url: {exc}") from exc
    if b64url_encode(data) != text:
        raise KeyMaterialError(f"{what} is not canonical base64url (stray trailing bits)")
    return data


def b64_decode_strict(text: object, *, what: str = "base64 value") -> bytes:
    """Strictly decode standard (padded) base64, as ``x5c`` uses it (RFC 7515 §4.1.6)."""
    if not isinstance(text, str):
        raise KeyMaterialError(f"{what} must be a string, not {type(text).__name__}")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyMaterialError(f"{what} is not valid base64: {exc}") from exc


def base58btc_encode(data: bytes) -> str:
    """Bitcoin base58 (leading zero bytes become ``1``)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rem = divmod(number, 58)
        out.append(_B58_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(out))


def base58btc_decode(text: object, *, what: str = "base58btc value") -> bytes:
    """Decode multibase-less base58btc text strictly (Bitcoin alphabet, bounded length)."""
    if not isinstance(text, str):
        raise KeyMaterialError(f"{what} must be a string, not {type(text).__name__}")
    if len(text) > MAX_BASE58_CHARS:
        raise KeyMaterialError(f"{what} is longer than {MAX_BASE58_CHARS} characters")
    number = 0
    for char in text:
        digit = _B58_INDEX.get(char)
        if digit is None:
            raise KeyMaterialError(f"{what} contains {char!r}, which is not in the base58btc alphabet")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes, base: str = MULTIBASE_BASE58BTC) -> str:
    """Multibase-encode ``data`` with header ``z`` (base58btc) or ``u`` (base64url)."""
    if base == MULTIBASE_BASE58BTC:
        return MULTIBASE_BASE58BTC + base58btc_encode(data)
    if base == MULTIBASE_BASE64URL:
        return MULTIBASE_BASE64URL + b64url_encode(data)
    raise KeyMaterialError(f"unsupported multibase header {base!r} (use 'z' or 'u')")


def multibase_decode(text: str, *, what: str = "multibase value", allowed: str = "zu") -> bytes:
    """Decode a Multibase string whose header is one of ``allowed``."""
    if not isinstance(text, str) or not text:
        raise KeyMaterialError(f"{what} must be a non-empty string")
    header, body = text[0], text[1:]
    if header not in allowed:
        names = " or ".join(repr(h) for h in allowed)
        raise KeyMaterialError(f"{what} must start with the multibase header {names}, not {header!r}")
    if header == MULTIBASE_BASE58BTC:
        return base58btc_decode(body, what=what)
    return b64url_decode(body, what=what)


def varint_encode(value: int) -> bytes:
    """Unsigned LEB128 (multiformats unsigned-varint)."""
    if value < 0:
        raise ValueError("varint must be non-negative")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def varint_decode(data: bytes, *, what: str = "multicodec header") -> tuple[int, int]:
    """Decode a minimal unsigned varint at the start of ``data``; return ``(value, length)``."""
    value = 0
    for i, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            if i > 0 and byte == 0:
                raise KeyMaterialError(f"{what} is not a minimal varint")
            return value, i + 1
    raise KeyMaterialError(f"{what} is truncated or too long")
