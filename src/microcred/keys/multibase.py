"""Byte encodings used by keys and DIDs: base64url (RFC 4648 §5), base58btc, Multibase and unsigned varints.

* ``base64url`` (RFC 7515 §2, no padding) is decoded by :func:`microcred.base64url.b64url_decode_strict`;
  a failure is reported here as :class:`KeyMaterialError`, as every other key problem.
* Multibase (Controlled Identifiers 1.0 §2.4 "Multibase"): a one-character header names the base. microcred
  writes ``z`` (base58btc, the only form Multikey allows) and reads ``z`` and ``u`` (base64url, no padding).
* Multicodec headers are unsigned LEB128 varints (multiformats ``unsigned-varint``), minimal encoding only.
"""

from __future__ import annotations

from ..base64url import b64url_decode_strict, b64url_encode
from ..errors import Base64UrlError, KeyMaterialError

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}

#: Multibase header characters microcred understands.
MULTIBASE_BASE58BTC = "z"
MULTIBASE_BASE64URL = "u"

#: Longest text microcred decodes as base58 (keys and DIDs are short; this bounds the quadratic decoder).
MAX_BASE58_CHARS = 4096


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
    try:
        return b64url_decode_strict(body, what=what)
    except Base64UrlError as exc:
        raise KeyMaterialError(exc.message) from exc


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
