"""OAuth Token Status List: the draft's examples (tests/data/sd_jwt/status-list, see ../SOURCE.md) and bad input."""

from __future__ import annotations

import json
import re
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from microcred.base64url import b64url_decode_strict as b64url_decode
from microcred.base64url import b64url_encode
from microcred.errors import TokenStatusListError, UsageError
from microcred.keys import Key
from microcred.status.token_status_list import (
    TokenStatusList,
    list_from_entries,
    parse_status_reference,
    sign_status_list_token,
    status_reference,
    verify_status_list_token,
)

DATA = Path(__file__).parent.parent / "data" / "sd_jwt" / "status-list"
DECODED: dict[str, Any] = json.loads((DATA / "decoded-status-lists.json").read_text())["lists"]
JSON_EXAMPLES = sorted(n for n in DECODED if n.endswith("_json.md"))
NOW = datetime(2026, 1, 1, tzinfo=UTC)
KEY = Key.from_jwk(
    {
        "kty": "EC",
        "crv": "P-256",
        "d": "Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g",
        "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
        "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
    },
    kid="12",
)
URI = "https://example.com/statuslists/1"


def example(name: str) -> dict[str, Any]:
    text = (DATA / "examples" / name).read_text()
    body = text[text.index("{") :]
    data: dict[str, Any] = json.loads("".join(body.split()))  # the draft wraps long base64 lines
    return data


def expected(name: str) -> dict[int, int]:
    info = DECODED[name]
    if "statuses_by_index" in info:
        return dict(enumerate(info["statuses_by_index"]))
    raw = info["nonzero_indices"]
    pairs = raw if isinstance(raw, dict) else {}
    if not pairs:  # one list stores its indices as the text of a Python dict
        pairs = dict(re.findall(r"'(\d+)': (\d+)", raw))
    return {int(k): int(v) for k, v in pairs.items()}


@pytest.mark.parametrize("name", JSON_EXAMPLES)
def test_draft_example_decodes(name: str) -> None:
    info = DECODED[name]
    status_list = TokenStatusList.from_json(example(name))
    assert status_list.bits == info["bits"]
    assert len(status_list) == info["statuses_by_index_len"]
    want = expected(name)
    if "statuses_by_index" in info:
        assert [status_list.get(i) for i in range(len(status_list))] == info["statuses_by_index"]
        assert status_list.data.hex() == info["decompressed_bytes_hex"]
    else:
        for index, value in want.items():
            assert status_list.get(index) == value
        nonzero = sum(1 for i in range(0, len(status_list), 997) if status_list.get(i))
        assert nonzero == sum(1 for i in want if i % 997 == 0)


@pytest.mark.parametrize("name", JSON_EXAMPLES)
def test_draft_example_round_trips(name: str) -> None:
    status_list = TokenStatusList.from_json(example(name))
    again = TokenStatusList.from_json(status_list.to_json())
    assert again.bits == status_list.bits and again.data == status_list.data


def test_byte_array_of_the_draft() -> None:
    # §4.1 example: statuses 1,0,0,1,1,1,0,1 / 1,1,0,0,0,1,0,1 -> bytes 0xB9 0xA3
    statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    built = list_from_entries(16, 1, enumerate(statuses))
    assert bytes(built.data) == bytes([0xB9, 0xA3])
    two = list_from_entries(12, 2, enumerate([1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]))
    assert bytes(two.data) == bytes([0xC9, 0x44, 0xF9])


def test_the_draft_status_list_jwt_payload() -> None:
    text = "".join((DATA / "examples" / "status_list_jwt_raw.md").read_text().split())
    header, payload, _ = text.split(".")
    assert json.loads(b64url_decode(header))["typ"] == "statuslist+jwt"
    claims = json.loads(b64url_decode(payload))
    status_list = TokenStatusList.from_json(claims["status_list"])
    assert [status_list.get(i) for i in range(16)] == DECODED["status_list_jwt.md"]["statuses_by_index"]
    # its signature is the draft's (no key published): with another key it must not verify
    with pytest.raises(TokenStatusListError):
        verify_status_list_token(text, KEY, uri=claims["sub"], now=NOW)


def test_sign_and_verify() -> None:
    status_list = TokenStatusList.zeros(1000, 2)
    status_list.set(7, 2)
    token = sign_status_list_token(status_list, URI, KEY, iat=NOW, exp=NOW + timedelta(days=1), ttl=3600)
    verified = verify_status_list_token(token, KEY.public(), uri=URI, now=NOW + timedelta(hours=1))
    assert verified.status_list.get(7) == 2 and verified.status_list.get(8) == 0
    assert verified.claims["ttl"] == 3600


def test_reference() -> None:
    assert parse_status_reference(status_reference(URI, 3)) == (URI, 3)
    for bad in (None, {}, {"status_list": {"uri": URI, "idx": -1}}, {"status_list": {"uri": 3, "idx": 1}}):
        with pytest.raises(TokenStatusListError):
            parse_status_reference(bad)


BAD_LISTS: dict[str, Any] = {
    "bits 3": {"bits": 3, "lst": "eNrbuRgAAhcBXQ"},
    "bits true": {"bits": True, "lst": "eNrbuRgAAhcBXQ"},
    "lst missing": {"bits": 1},
    "lst not base64url": {"bits": 1, "lst": "eNr+uRgAAhcBXQ=="},
    "lst not zlib": {"bits": 1, "lst": b64url_encode(b"not zlib")},
    "lst truncated": {"bits": 1, "lst": b64url_encode(zlib.compress(b"\x00" * 100)[:-6])},
    "zip bomb": {"bits": 1, "lst": b64url_encode(zlib.compress(b"\x00" * (2 * 1024 * 1024), 9))},
    "not an object": ["bits", 1],
}


@pytest.mark.parametrize("name", list(BAD_LISTS))
def test_bad_status_list(name: str) -> None:
    with pytest.raises(TokenStatusListError):
        TokenStatusList.from_json(BAD_LISTS[name], max_bytes=1024 * 1024)


def test_index_out_of_range_and_value_too_large() -> None:
    status_list = TokenStatusList.zeros(16)
    with pytest.raises(TokenStatusListError):
        status_list.get(16)
    with pytest.raises(UsageError):
        status_list.set(1, 2)


def test_token_rules() -> None:
    good = sign_status_list_token(TokenStatusList.zeros(8), URI, KEY, iat=NOW, exp=NOW + timedelta(days=1))
    with pytest.raises(TokenStatusListError, match="is for"):
        verify_status_list_token(good, KEY, uri="https://example.com/other", now=NOW)
    with pytest.raises(TokenStatusListError, match="expired"):
        verify_status_list_token(good, KEY, uri=URI, now=NOW + timedelta(days=2))
    other = Key.generate("P-256")
    with pytest.raises(TokenStatusListError, match="signature"):
        verify_status_list_token(good, other, uri=URI, now=NOW)
    from microcred.suites import jose

    wrong_typ = jose.sign_compact({"alg": "ES256", "typ": "JWT"}, b'{"sub":"x"}', KEY, "ES256")
    with pytest.raises(TokenStatusListError, match="typ"):
        verify_status_list_token(wrong_typ, KEY, uri=URI, now=NOW)
