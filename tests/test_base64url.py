"""The one strict base64url decoder, the one lenient one, and strict standard base64 (RFC 4648 §4, §5)."""

from __future__ import annotations

import base64
import random
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.base64url import (
    b64_decode_strict,
    b64url_decode_lenient,
    b64url_decode_strict,
    b64url_encode,
    b64url_encode_ascii,
)
from microcred.errors import Base64UrlError, InputError


@given(st.binary(max_size=80))
def test_round_trip(data: bytes) -> None:
    text = b64url_encode(data)
    assert "=" not in text
    assert b64url_decode_strict(text) == data
    assert b64url_decode_lenient(text) == data


@given(st.binary(max_size=200))
def test_the_encoding_is_rfc_4648_base64url_without_padding_also_as_ascii_bytes(data: bytes) -> None:
    expected = base64.urlsafe_b64encode(data).rstrip(b"=")
    assert b64url_encode(data) == expected.decode("ascii")
    view = b64url_encode_ascii(data)
    assert bytes(view) == expected and b".".join((b"h", view)) == b"h." + expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("AQ==", "padding"),
        ("A Q", "whitespace"),
        ("A+/B", "standard base64 alphabet"),
        ("A", "impossible length"),
        ("AR", "non-canonical trailing bits"),
        (b"AQ", "not a string"),
    ],
)
def test_strict_refuses(text: object, why: str) -> None:
    with pytest.raises(Base64UrlError, match=r"base64url|string") as info:
        b64url_decode_strict(text, what="the value")
    assert info.value.code == "BASE64URL_ERROR" and isinstance(info.value, InputError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("AQ==", b"\x01"), ("A+/B", b"\x03\xef\xc1"), ("A-_B", b"\x03\xef\xc1"), ("AR", b"\x01")],
)
def test_lenient_takes_padding_and_both_alphabets(text: str, expected: bytes) -> None:
    assert b64url_decode_lenient(text) == expected


@pytest.mark.parametrize("text", ["A Q", "A", "AQ=\n", "AQ===", "*"])
def test_lenient_still_refuses_garbage(text: str) -> None:
    with pytest.raises(Base64UrlError):
        b64url_decode_lenient(text)


def test_long_values_decoded_again_come_from_the_memo_and_failures_are_never_kept() -> None:
    data = bytes(range(256)) * 40  # a JWS payload's size: above the memo's lower bound
    text = b64url_encode(data)
    assert b64url_decode_strict(text) == data
    assert b64url_decode_strict(text) == data  # the second time from the memo (bytes are immutable)
    bad = text[:-1] + "x"  # "w" (0b110000) ends the text; "x" leaves a stray trailing bit: not canonical
    for _ in range(2):
        with pytest.raises(Base64UrlError, match="canonical"):
            b64url_decode_strict(bad)
    with pytest.raises(Base64UrlError, match="unpadded"):
        b64url_decode_strict(text + "=")


def test_standard_base64_is_strict() -> None:
    assert b64_decode_strict("AQID") == b"\x01\x02\x03"
    with pytest.raises(Base64UrlError):
        b64_decode_strict("AQ-_")


def _oracle(text: str) -> bytes | None:
    """RFC 4648 §5 without padding, by the book: the alphabet, the length, canonical trailing bits."""
    if re.fullmatch(r"[A-Za-z0-9_-]*", text) is None or len(text) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return data if b64url_encode(data) == text else None


@pytest.mark.parametrize(
    "bad", ["+", "/", "=", " ", "\n", "\t", ".", "*", "~", "é", "\x00", "\u20ac", "\ud800", "\U0001f600"]
)
@pytest.mark.parametrize("size", [3, 6000])  # short, and long enough to be remembered
def test_strict_decoder_refuses_every_character_outside_the_alphabet(bad: str, size: int) -> None:
    good = b64url_encode(bytes(range(256)) * (size // 256) + bytes(size % 256))
    assert b64url_decode_strict(good) == bytes(range(256)) * (size // 256) + bytes(size % 256)
    for at in (0, len(good) // 2, len(good) - 1):
        with pytest.raises(Base64UrlError, match="is not unpadded base64url"):
            b64url_decode_strict(good[:at] + bad + good[at + 1 :], what="x")


def test_strict_decoder_agrees_with_the_rfc_on_random_text() -> None:
    rnd = random.Random(19)
    alphabet = string.ascii_letters + string.digits + "-_"
    for _ in range(5000):
        text = "".join(
            rnd.choice(alphabet) if rnd.random() < 0.95 else rnd.choice("+/= .é")
            for _ in range(rnd.randrange(12))
        )
        expected = _oracle(text)
        if expected is None:
            with pytest.raises(Base64UrlError):
                b64url_decode_strict(text)
        else:
            assert b64url_decode_strict(text) == expected
    for size in range(40):
        data = rnd.randbytes(size)
        assert b64url_encode(data) == base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
