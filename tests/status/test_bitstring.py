"""The bitstring codec: REC examples decode, round trips, bit order, statusSize > 1, malformed input."""

from __future__ import annotations

import base64
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.errors import StatusListError, StatusListLengthError, StatusListTooLargeError, UsageError
from microcred.status.bitstring import (
    MIN_BITSTRING_BYTES,
    MIN_ENTRIES,
    Bitstring,
    decode_list,
    encode_list,
    gzip_compress,
)

from .conftest import DATA, VECTORS, load

REC_ENCODED = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"

LIST_VECTORS = sorted(
    p for p in VECTORS.glob("rec-example-*.json") if "BitstringStatusListCredential" in p.name
)
INVALID_ENCODED: dict[str, Any] = load(DATA / "invalid-encoded-lists.json")


@pytest.mark.parametrize("path", LIST_VECTORS, ids=[p.stem for p in LIST_VECTORS])
def test_rec_examples_decode_to_an_empty_minimum_list(path: Any) -> None:
    encoded = load(path)["credentialSubject"]["encodedList"]
    raw = decode_list(encoded)
    assert len(raw) == MIN_BITSTRING_BYTES == 16384
    assert raw == bytes(16384)
    bits = Bitstring(raw)
    bits.check_length()
    assert bits.entries() == MIN_ENTRIES
    assert list(bits.set_indices()) == []


def test_encoding_an_empty_minimum_list_reproduces_the_rec_example_byte_for_byte() -> None:
    assert encode_list(bytes(16384)) == REC_ENCODED
    assert Bitstring.zeros(MIN_ENTRIES).encode() == REC_ENCODED


def test_statuslist2021_encoded_list_has_no_multibase_prefix() -> None:
    encoded = load(DATA / "statuslist2021-credential.json")["credentialSubject"]["encodedList"]
    assert decode_list(encoded, multibase=False) == bytes(16384)
    assert encode_list(bytes(16384), multibase=False) == encoded
    # StatusList2021 issuers also wrote standard base64 (with padding) and, at times, a stray 'u' prefix.
    standard = base64.b64encode(gzip_compress(b"\xff" * 16384)).decode()
    assert decode_list(standard, multibase=False) == b"\xff" * 16384
    assert decode_list("u" + encoded, multibase=False) == bytes(16384)
    with pytest.raises(StatusListError):
        decode_list(encoded)  # a Bitstring Status List needs the Multibase prefix


def test_bit_zero_is_the_most_significant_bit_of_the_first_byte() -> None:
    bits = Bitstring.zeros(MIN_ENTRIES)
    bits.set_status(0, 1)
    assert bits.to_bytes()[:2] == b"\x80\x00"
    bits.set_status(7, 1)
    bits.set_status(9, 1)
    assert bits.to_bytes()[:2] == b"\x81\x40"
    last = MIN_ENTRIES - 1
    bits.set_status(last, 1)
    assert bits.to_bytes()[-1] == 0x01
    decoded = Bitstring.decode(bits.encode())
    assert [decoded.get_status(i) for i in (0, 1, 7, 8, 9, last - 1, last)] == [1, 0, 1, 0, 1, 0, 1]
    assert list(decoded.set_indices()) == [0, 7, 9, last]


def test_a_hand_made_bitstring_reads_left_to_right() -> None:
    raw = bytearray(16384)
    raw[0] = 0b0100_0000  # index 1
    raw[12345 // 8] |= 0x80 >> (12345 % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip_compress(bytes(raw))).decode().rstrip("=")
    bits = Bitstring.decode(encoded)
    assert bits.get_status(1) == 1 and bits.get_status(0) == 0 and bits.get_status(2) == 0
    assert list(bits.set_indices()) == [1, 12345]


def test_status_size_two_reads_entries_most_significant_bit_first() -> None:
    bits = Bitstring.zeros(MIN_ENTRIES, status_size=2)
    assert bits.bit_length == 2 * MIN_ENTRIES
    bits.set_status(0, 0b10, status_size=2)
    bits.set_status(1, 0b01, status_size=2)
    bits.set_status(3, 0b11, status_size=2)
    assert bits.to_bytes()[0] == 0b10_01_00_11
    decoded = Bitstring.decode(bits.encode())
    assert [decoded.get_status(i, status_size=2) for i in range(5)] == [2, 1, 0, 3, 0]
    assert decoded.entries(2) == MIN_ENTRIES
    assert list(decoded.set_indices(2)) == [0, 1, 3]
    with pytest.raises(StatusListError):
        decoded.set_status(2, 4, status_size=2)


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=1, max_size=4096), st.booleans())
def test_round_trip_any_bytes(raw: bytes, multibase: bool) -> None:
    encoded = encode_list(raw, multibase=multibase)
    assert decode_list(encoded, multibase=multibase) == raw
    if multibase:
        assert encoded.startswith("u") and "=" not in encoded


@settings(max_examples=30, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=64))
def test_round_trip_any_set_of_indices(indices: set[int]) -> None:
    bits = Bitstring.zeros(MIN_ENTRIES)
    for index in indices:
        bits.set_status(index, 1)
    assert list(Bitstring.decode(bits.encode()).set_indices()) == sorted(indices)


@pytest.mark.parametrize("name", sorted(INVALID_ENCODED))
def test_malformed_encoded_list_is_rejected_naming_the_field(name: str) -> None:
    case = INVALID_ENCODED[name]
    with pytest.raises(StatusListError) as info:
        decode_list(case["encodedList"], multibase=case["multibase"], path="$.credentialSubject.encodedList")
    assert info.value.path == "$.credentialSubject.encodedList"
    assert "encodedList" in str(info.value)
    assert type(info.value) is StatusListError  # malformed, not "too large" or "too short"


@pytest.mark.parametrize("value", [None, 42, b"uH4s", ["u"]])
def test_encoded_list_must_be_a_string(value: Any) -> None:
    with pytest.raises(StatusListError):
        decode_list(value)


def test_zip_bomb_is_cut_off_at_the_cap() -> None:
    bomb = encode_list(bytes(4 * 1024 * 1024))  # 4 MiB of zeros: about 4 KB compressed
    assert len(bomb) < 10_000
    with pytest.raises(StatusListTooLargeError) as info:
        decode_list(bomb, max_bytes=1024 * 1024)
    assert info.value.code == "STATUS_LIST_TOO_LARGE"
    assert info.value.details["max_bytes"] == 1024 * 1024
    assert len(decode_list(bomb, max_bytes=4 * 1024 * 1024)) == 4 * 1024 * 1024  # exactly at the cap is fine


def test_a_second_gzip_member_is_not_expanded() -> None:
    two = gzip_compress(bytes(16384)) + gzip_compress(bytes(1024 * 1024))
    encoded = "u" + base64.urlsafe_b64encode(two).decode().rstrip("=")
    with pytest.raises(StatusListError, match="after the end"):
        decode_list(encoded)


def test_encoded_list_longer_than_any_capped_bitstring_is_refused_before_decoding() -> None:
    with pytest.raises(StatusListTooLargeError):
        decode_list("u" + "A" * 20_000, max_bytes=1024)


def test_minimum_length_is_checked_in_entries_of_status_size() -> None:
    Bitstring.zeros(MIN_ENTRIES).check_length()
    with pytest.raises(StatusListLengthError) as info:
        Bitstring.zeros(MIN_ENTRIES - 8).check_length()
    assert info.value.code == "STATUS_LIST_LENGTH_ERROR"
    # 131,072 bits hold only 65,536 two-bit entries: too short for statusSize 2 (§3.2 step 9).
    with pytest.raises(StatusListLengthError):
        Bitstring.zeros(MIN_ENTRIES).check_length(status_size=2)
    Bitstring.zeros(MIN_ENTRIES, status_size=2).check_length(status_size=2)
    Bitstring.zeros(64).check_length(min_entries=64)


@pytest.mark.parametrize("index", [-1, MIN_ENTRIES, MIN_ENTRIES * 2, True, "5"])
def test_index_out_of_range_is_an_error(index: Any) -> None:
    bits = Bitstring.zeros(MIN_ENTRIES)
    with pytest.raises(StatusListError):
        bits.get_status(index)
    with pytest.raises(StatusListError):
        bits.set_status(index, 1)


@pytest.mark.parametrize("size", [0, -1, True, 1.5])
def test_bad_status_size_is_a_usage_error(size: Any) -> None:
    with pytest.raises(UsageError):
        Bitstring.zeros(MIN_ENTRIES, status_size=size)


def test_not_gzip_but_zlib_is_rejected() -> None:
    encoded = "u" + base64.urlsafe_b64encode(zlib.compress(bytes(16384))).decode().rstrip("=")
    with pytest.raises(StatusListError, match="not valid GZIP"):
        decode_list(encoded)


def test_an_independent_implementations_list_decodes_and_reencodes_identically() -> None:
    case = load(DATA / "digitalbazaar-encoded-list.json")
    bits = Bitstring.decode(case["encodedList"])
    assert bits.entries() == case["length"]
    assert list(bits.set_indices()) == case["set"]
    ours = Bitstring.zeros(case["length"])
    for index in case["set"]:
        ours.set_status(index, 1)
    assert ours.encode() == case["encodedList"]
