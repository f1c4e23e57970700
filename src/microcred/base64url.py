"""base64url (RFC 4648 §5) and base64 (RFC 4648 §4) decoding: the one strict decoder and the one lenient one.

* :func:`b64url_decode_strict` is what JOSE (RFC 7515 §2: "with all trailing '=' characters omitted"), JWKs,
  did:jwk and Multibase ``u`` values use: padding, whitespace and characters outside the alphabet are refused,
  and so are non-canonical trailing bits, so one byte string has exactly one text form.
* :func:`b64url_decode_lenient` is for data found in the wild that is *not* under a signature rule (an EDC
  envelope's payload, a Bitstring Status List ``encodedList`` written without Multibase): it also takes padding
  and the standard ``+``/``/`` alphabet, but still no whitespace or stray characters.
* :func:`b64_decode_strict` decodes standard padded base64 (``x5c``, RFC 7515 §4.1.6; IssuerSerial kids).

Every failure is a :class:`~microcred.errors.Base64UrlError` (code ``BASE64URL_ERROR``) naming what was decoded.

The bytes are encoded and decoded by pybase64 (SIMD base64 in C; the standard library's ``binascii`` works a
byte at a time: on a 111 KB JWT payload, encoding took 0.11 ms against 0.016 ms and a strict decoding 0.39 ms
against 0.017 ms). pybase64 maps the URL-safe alphabet itself and, in its validating mode, refuses characters
outside the alphabet, as ``binascii``'s strict mode does; the rules it does not know (no padding, no ``+`` or
``/``, canonical trailing bits) are checked here before and after it.
"""

from __future__ import annotations

import base64
import binascii
import re

import pybase64

from .errors import Base64UrlError

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: Long values decoded lately (a verification decodes a JWS payload several times: format detection, the
#: presentation test, parsing). Only successful decodings are kept; bytes are immutable, so sharing is safe.
_DECODED: dict[str, bytes] = {}
_MEMO_MIN_CHARS = 4096
_MEMO_MAX_CHARS = 8 * 1024 * 1024
_MEMO_MAX_ENTRIES = 8
_B64_ANY = re.compile(r"[A-Za-z0-9_+/-]*={0,2}")


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return str(b64url_encode_ascii(data), "ascii")


def b64url_encode_ascii(data: bytes) -> memoryview:
    """The ASCII bytes of :func:`b64url_encode` (a view: a JWS signing input is made of them without a copy)."""
    # the padding is left out of the view rather than stripped (a copy)
    encoded = pybase64.urlsafe_b64encode(data)
    return memoryview(encoded)[: len(encoded) - (-len(data) % 3)]


def b64url_decode_strict(text: object, *, what: str = "base64url value") -> bytes:
    """Strictly decode unpadded, canonical base64url; :class:`Base64UrlError` naming ``what`` otherwise."""
    if not isinstance(text, str):
        raise Base64UrlError(f"{what} must be a string, not {type(text).__name__}")
    memo = _MEMO_MIN_CHARS <= len(text) <= _MEMO_MAX_CHARS // _MEMO_MAX_ENTRIES
    if memo:
        found = _DECODED.get(text)
        if found is not None:
            return found
    # The alphabet is checked by the decoder itself: with the padding added, pybase64's validating mode refuses
    # any character outside the URL-safe and the standard alphabets (and non-ASCII text), so the standard
    # characters and padding it would let through are refused first.
    if len(text) % 4 == 1 or "+" in text or "/" in text or "=" in text:
        raise Base64UrlError(f"{what} is not unpadded base64url")
    try:
        data = pybase64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except ValueError:  # binascii.Error (a character outside the alphabet) or non-ASCII text
        raise Base64UrlError(f"{what} is not unpadded base64url") from None
    tail = len(text) % 4  # RFC 4648 §3.5: the bits the last character carries beyond the data must be zero
    if tail and _ALPHABET.index(text[-1]) & (0x0F if tail == 2 else 0x03):
        raise Base64UrlError(f"{what} is not canonical base64url (stray trailing bits)")
    if memo:
        if len(_DECODED) >= _MEMO_MAX_ENTRIES:
            _DECODED.clear()
        _DECODED[text] = data
    return data


def b64url_decode_lenient(text: object, *, what: str = "base64url value") -> bytes:
    """Decode base64url or base64, padded or not (no whitespace); :class:`Base64UrlError` otherwise."""
    if not isinstance(text, str):
        raise Base64UrlError(f"{what} must be a string, not {type(text).__name__}")
    if not _B64_ANY.fullmatch(text):
        raise Base64UrlError(f"{what} is not base64 or base64url text")
    body = text.rstrip("=").replace("+", "-").replace("/", "_")
    if len(body) % 4 == 1:
        raise Base64UrlError(f"{what} has an impossible base64 length ({len(body)} characters)")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - the pattern above leaves nothing to fail
        raise Base64UrlError(f"{what} is not valid base64url: {exc}") from exc


def b64_decode_strict(text: object, *, what: str = "base64 value") -> bytes:
    """Strictly decode standard padded base64, as ``x5c`` uses it (RFC 7515 §4.1.6)."""
    if not isinstance(text, str):
        raise Base64UrlError(f"{what} must be a string, not {type(text).__name__}")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Base64UrlError(f"{what} is not valid base64: {exc}") from exc
