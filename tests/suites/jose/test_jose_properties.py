"""Property: the shared JOSE layer, the base64url decoders, the JSON parser and the date-time parser return a value
or raise a MicrocredError for any input, never another exception (issue 11 items 2 and 4)."""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable
from functools import partial
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.base64url import b64_decode_strict, b64url_decode_lenient, b64url_decode_strict
from microcred.clock import parse_datetime
from microcred.errors import MicrocredError
from microcred.jsonio import loads_strict
from microcred.suites import jose, jwt_claims


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
).map(lambda v: json.dumps(v).encode())
#: JSON-ish bytes: real JSON, with hostile fragments spliced in
hostile = st.one_of(
    json_text,
    st.binary(max_size=200),
    st.tuples(
        json_text, st.sampled_from([b"\xef\xbb\xbf", b'"\\ud800"', b"1e400", b"9" * 4400, b"NaN", b"\xff"])
    ).map(lambda t: t[1] + t[0] if t[1] == b"\xef\xbb\xbf" else t[0][:1] + t[1] + t[0][1:]),
)


def _returns_or_microcred_error(call: Callable[[], Any]) -> None:
    with contextlib.suppress(MicrocredError):
        call()


@settings(max_examples=120, deadline=None)
@given(hostile, hostile, st.binary(max_size=80))
def test_compact_tokens(header: bytes, payload: bytes, signature: bytes) -> None:
    token = f"{_b64(header)}.{_b64(payload)}.{_b64(signature)}"
    _returns_or_microcred_error(lambda: jose.parse_compact(token, max_bytes=1 << 20))
    _returns_or_microcred_error(lambda: jose.read_compact(token, max_bytes=1 << 20))
    _returns_or_microcred_error(lambda: jose.parse_detached(f"{_b64(header)}..{_b64(signature)}"))
    _returns_or_microcred_error(
        lambda: jwt_claims.parse_payload(payload, source="payload", max_bytes=1 << 20, max_depth=16)
    )


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["iat", "nbf", "exp"]),
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    )
)
def test_time_claims(claims: dict[str, Any]) -> None:
    _returns_or_microcred_error(lambda: jwt_claims.time_claims(claims))


@settings(max_examples=120, deadline=None)
@given(hostile, st.text(max_size=60))
def test_parsers(data: bytes, text: str) -> None:
    _returns_or_microcred_error(lambda: loads_strict(data, strict_unicode=True))
    _returns_or_microcred_error(lambda: loads_strict(data))
    for decode in (b64url_decode_strict, b64url_decode_lenient, b64_decode_strict):
        _returns_or_microcred_error(partial(decode, text))
    _returns_or_microcred_error(lambda: parse_datetime(text))
    _returns_or_microcred_error(lambda: parse_datetime(text, assume_utc=True))


@settings(max_examples=120, deadline=None)
@given(
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?",
        fullmatch=True,
    )
)
def test_date_time_shapes(text: str) -> None:
    _returns_or_microcred_error(lambda: parse_datetime(text, assume_utc=True))
