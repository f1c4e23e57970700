"""The segments of large compact tokens are remembered by the token text: never an old answer for new text."""

from __future__ import annotations

import pytest

from microcred.errors import JwsError
from microcred.suites import jose_compact
from microcred.suites.jose import encode_header, parse_compact, read_compact
from microcred.suites.jose_compact import MEMO_MAX_ENTRIES, MEMO_MIN_CHARS, compact_segments


def _token(payload: str) -> str:
    return f"{encode_header({'alg': 'ES256'})}.{payload}.c2ln"


def test_segments_are_those_of_split() -> None:
    for token in ("a.b.c", "a..c", "abc", "a.b.c.d.e", "", _token("x" * MEMO_MIN_CHARS)):
        assert compact_segments(token) == tuple(token.split("."))
        assert compact_segments(token) == tuple(token.split("."))  # again, from the memo when large


def test_a_changed_token_gets_its_own_segments() -> None:
    token = _token("A" * MEMO_MIN_CHARS)
    assert compact_segments(token)[1] == "A" * MEMO_MIN_CHARS
    changed = token.replace("AAAA", "AAAB", 1)
    assert compact_segments(changed)[1].startswith("AAAB")
    dotted = token.replace("AAAA", "A.AA", 1)
    assert len(compact_segments(dotted)) == 4
    with pytest.raises(JwsError) as caught:
        read_compact(dotted, max_bytes=len(dotted))
    assert caught.value.reason == "JWS_MALFORMED"
    assert len(read_compact(token, max_bytes=len(token))[1]) == 3


def test_tampered_payload_after_a_good_parse_is_still_caught() -> None:
    token = _token("QUJD" * (MEMO_MIN_CHARS // 4))
    assert parse_compact(token, max_bytes=len(token)).payload == b"ABC" * (MEMO_MIN_CHARS // 4)
    tampered = token[: len(token) // 2] + "*" + token[len(token) // 2 + 1 :]
    with pytest.raises(JwsError) as caught:
        parse_compact(tampered, max_bytes=len(tampered))
    assert caught.value.reason == "BASE64URL_ERROR"


def test_the_memo_is_bounded_and_skips_small_tokens() -> None:
    compact_segments("a.b.c")
    assert "a.b.c" not in jose_compact._SEGMENTS
    for i in range(MEMO_MAX_ENTRIES * 3):
        compact_segments(_token(str(i) * MEMO_MIN_CHARS))
    assert 0 < len(jose_compact._SEGMENTS) <= MEMO_MAX_ENTRIES
