"""base58btc, Multibase and varint: round trips and strictness (base64url: tests/test_base64url.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.errors import KeyMaterialError
from microcred.keys.multibase import (
    base58btc_decode,
    base58btc_encode,
    multibase_decode,
    multibase_encode,
    varint_decode,
    varint_encode,
)


@given(st.binary(max_size=80))
def test_base58btc_round_trip(data: bytes) -> None:
    assert base58btc_decode(base58btc_encode(data)) == data


@given(st.binary(max_size=64), st.sampled_from(["z", "u"]))
def test_multibase_round_trip(data: bytes, base: str) -> None:
    text = multibase_encode(data, base)
    assert text[0] == base
    assert multibase_decode(text) == data


@given(st.integers(min_value=0, max_value=2**56))
def test_varint_round_trip(value: int) -> None:
    encoded = varint_encode(value)
    assert varint_decode(encoded + b"\xff") == (value, len(encoded))


def test_known_values() -> None:
    assert base58btc_encode(b"\0\0\x01") == "112"
    assert varint_encode(0xED) == b"\xed\x01"
    assert varint_encode(0x1200) == b"\x80\x24"
    assert varint_encode(0x1300) == b"\x80\x26"


@pytest.mark.parametrize("text", ["0OIl", "z0"])
def test_base58_rejects_characters_outside_the_alphabet(text: str) -> None:
    with pytest.raises(KeyMaterialError, match="alphabet"):
        base58btc_decode(text)


def test_base58_length_cap() -> None:
    with pytest.raises(KeyMaterialError, match="longer"):
        base58btc_decode("2" * 5000)


@pytest.mark.parametrize("text", ["", "m", "fabc", "Z6Mk"])
def test_multibase_rejects_unknown_headers(text: str) -> None:
    with pytest.raises(KeyMaterialError):
        multibase_decode(text)


def test_multibase_allowed_headers_can_be_restricted() -> None:
    with pytest.raises(KeyMaterialError, match="'z'"):
        multibase_decode("uAQ", allowed="z")


@pytest.mark.parametrize("data", [b"\x80\x00", b"\xed\x81\x00"[1:], b"\x80", b"\xff" * 10])
def test_varint_rejects_non_minimal_or_truncated(data: bytes) -> None:
    with pytest.raises(KeyMaterialError):
        varint_decode(data)


def test_a_bad_multibase_u_value_is_a_key_error() -> None:
    with pytest.raises(KeyMaterialError, match="base64url"):
        multibase_decode("uAQ==")
