"""Input that cannot be read: strict JSON (RFC 8259) and I-JSON (RFC 7493), base64url (RFC 4648 §5), and the
byte and depth limits every input is read under."""

from __future__ import annotations

from .base import InputError


class JsonParseError(InputError):
    """Input that is not strict JSON (RFC 8259)."""

    code = "JSON_PARSE_ERROR"


class DuplicateKeyError(JsonParseError):
    """A JSON object with the same member twice (RFC 8259 §4 leaves it undefined; microcred refuses it)."""

    code = "DUPLICATE_JSON_KEY"


class JsonNumberError(JsonParseError):
    """A JSON number no parser can hold exactly: an integer of more than 4300 digits, or one that overflows a
    double (``1e400``); RFC 8259 §6 lets implementations set such limits, I-JSON (RFC 7493 §2.2) requires them."""

    code = "JSON_NUMBER_OUT_OF_RANGE"


class JsonUnicodeError(JsonParseError):
    """JSON text that is not I-JSON Unicode (RFC 7493 §2.1): a lone UTF-16 surrogate in a string, or a byte order
    mark (RFC 8259 §8.1) where the format forbids one."""

    code = "JSON_INVALID_UNICODE"


class Base64UrlError(InputError):
    """Text that is not (strict, unpadded, canonical) base64url (RFC 4648 §5, RFC 7515 §2)."""

    code = "BASE64URL_ERROR"


class InputTooLargeError(InputError):
    """Input larger than the configured byte limit."""

    code = "INPUT_TOO_LARGE"


class NestingTooDeepError(InputError):
    """JSON nested deeper than the configured depth limit."""

    code = "NESTING_TOO_DEEP"
