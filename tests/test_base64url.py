"""The one strict base64url decoder, the one lenient one, and strict standard base64 (RFC 4648 §4, §5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.base64url import b64_decode_strict, b64url_decode_lenient, b64url_decode_strict, b64url_encode
from microcred.errors import Base64UrlError, InputError


@given(st.binary(max_size=80))
def test_round_trip(data: bytes) -> None:
    text = b64url_encode(data)
    assert "=" not in text
    assert b64url_decode_strict(text) == data
    assert b64url_decode_lenient(text) == data


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
