"""microcred.suites.jose: strict parsing and the header policy, one rule at a time."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.errors import JwsError
from microcred.suites import jose, jwt_claims

from .jose_helpers import b64e, craft, jbytes

HEADER = b64e(b'{"alg":"ES256"}')
PAYLOAD = b64e(b'{"a":1}')
ALG_NONE = b64e(b'{"alg":"none"}')
DUPLICATE = b64e(b'{"alg":1,"alg":2}')
NAN = b64e(b'{"alg":NaN}')


def _reason(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(JwsError) as info:
        call(*args, **kwargs)
    return info.value.reason


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (f"{HEADER}.{PAYLOAD}", "JWS_MALFORMED"),
        (f"{HEADER}.{PAYLOAD}.c2ln.extra", "JWS_MALFORMED"),
        (f"{HEADER}.{PAYLOAD}.a.b.c", "JWE_NOT_ACCEPTED"),
        (f"{HEADER}=.{PAYLOAD}.c2ln", "BASE64URL_ERROR"),
        (f"{HEADER}.{PAYLOAD}.c2l+", "BASE64URL_ERROR"),
        (f"{HEADER}.{PAYLOAD}.c2m", "BASE64URL_ERROR"),  # stray trailing bits: not canonical base64url
        (f"{b64e(b'[1]')}.{PAYLOAD}.c2ln", "JWS_MALFORMED"),
        (f".{PAYLOAD}.c2ln", "JWS_MALFORMED"),
        (f"{HEADER}.{PAYLOAD}.", "SIGNATURE_MISSING"),
        (f"{ALG_NONE}.{PAYLOAD}.", "ALG_NONE"),
        (f"{DUPLICATE}.{PAYLOAD}.c2ln", "DUPLICATE_JSON_KEY"),
        (f"{NAN}.{PAYLOAD}.c2ln", "JSON_PARSE_ERROR"),
        (12, "COMPACT_SERIALIZATION_REQUIRED"),
    ],
)
def test_parse_compact_is_strict(token: Any, reason: str) -> None:
    assert _reason(jose.parse_compact, token, max_bytes=10_000) == reason


def test_parse_compact_size_limit() -> None:
    assert _reason(jose.parse_compact, f"{HEADER}.{PAYLOAD}.c2ln", max_bytes=10) == "INPUT_TOO_LARGE"


def test_signing_input_is_the_received_bytes() -> None:
    jws = jose.parse_compact(f"{HEADER}.{PAYLOAD}.c2ln", max_bytes=10_000)
    assert jws.signing_input == f"{HEADER}.{PAYLOAD}".encode()
    assert jws.payload == b'{"a":1}' and jws.header == {"alg": "ES256"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"payload": 1, "signatures": []}, "JWS_MALFORMED"),
        ({"payload": "x", "signatures": []}, "JWS_MALFORMED"),
        (
            {"payload": "x", "signatures": [{"protected": HEADER, "signature": "c2ln"}], "signature": "c2ln"},
            "JWS_MALFORMED",
        ),
        ({"payload": "x", "signatures": ["nope"]}, "JWS_MALFORMED"),
        ({"payload": "x", "protected": HEADER, "header": [], "signature": "c2ln"}, "JWS_MALFORMED"),
        (
            {"payload": "x", "protected": HEADER, "header": {"alg": "ES256"}, "signature": "c2ln"},
            "JWS_MALFORMED",
        ),
        (
            {"payload": "x", "signatures": [{"protected": HEADER, "signature": "c2ln"}] * 2},
            "TOO_MANY_SIGNATURES",
        ),
    ],
    ids=[
        "payload-not-string",
        "no-signatures",
        "general-and-flattened",
        "entry-not-object",
        "header-not-object",
        "clash",
        "two",
    ],
)
def test_parse_json_serialization_is_strict(data: dict[str, Any], reason: str) -> None:
    assert _reason(jose.parse_json_serialization, data) == reason


def test_unencoded_payload_signing_input() -> None:
    header = b64e(b'{"alg":"ES256","b64":false,"crit":["b64"]}')
    (jws,) = jose.parse_json_serialization(
        {"payload": '{"a":"b.c"}', "protected": header, "signature": "c2ln"}
    )
    assert jws.payload == b'{"a":"b.c"}' and jws.signing_input == header.encode() + b'.{"a":"b.c"}'


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ({"alg": "ES256", "b64": "false", "crit": ["b64"]}, "B64_INVALID"),
        ({"alg": "ES256", "b64": True}, "B64_NOT_CRITICAL"),
        ({"alg": "ES256", "b64": False, "crit": ["b64"]}, "B64_NOT_ALLOWED"),
        ({"alg": "ES256", "enc": "A128GCM"}, "JWE_NOT_ACCEPTED"),
        ({"alg": "ES256", "zip": "DEF"}, "COMPRESSION_NOT_ALLOWED"),
    ],
)
def test_check_header(header: dict[str, Any], reason: str) -> None:
    assert _reason(jose.check_header, header, understood_crit={"b64"}) == reason


def test_check_header_accepts_understood_crit() -> None:
    jose.check_header(
        {"alg": "ES256", "b64": False, "crit": ["b64"]}, understood_crit={"b64"}, allow_unencoded=True
    )


@pytest.mark.parametrize(
    ("alg", "reason"),
    [
        (None, "ALG_MISSING"),
        (7, "ALG_MISSING"),
        ("None", "ALG_NONE"),
        ("hs256", "ALG_SYMMETRIC"),
        ("RS1", "ALG_UNSUPPORTED"),
    ],
)
def test_select_alg(alg: Any, reason: str, keys: dict[str, Any]) -> None:
    assert _reason(jose.select_alg, {"alg": alg}, keys["P-256"]) == reason


def test_select_alg_format_allow_list(keys: dict[str, Any]) -> None:
    assert jose.select_alg({"alg": "RS256"}, keys["RSA"]) == "RS256"
    assert _reason(jose.select_alg, {"alg": "RS256"}, keys["RSA"], allowed={"PS256"}) == "ALG_UNSUPPORTED"


@pytest.mark.parametrize(
    ("kt", "length"), [("Ed25519", 64), ("P-256", 64), ("P-384", 96), ("secp256k1", 64), ("RSA", 256)]
)
def test_signature_lengths(kt: str, length: int, keys: dict[str, Any]) -> None:
    key = keys[kt]
    assert jose.signature_length(key, key.alg) == length
    token = craft({"alg": key.alg}, b"{}", key)
    jws = jose.parse_compact(token, max_bytes=10_000)
    jose.verify_signature(jws, key, key.alg)
    short = jose.Jws(jws.header, jws.payload, jws.signature[:-1], jws.signing_input)
    assert _reason(jose.verify_signature, short, key, key.alg) == "SIGNATURE_LENGTH_INVALID"


@pytest.mark.parametrize("value", [True, -1, "1700000000", 1e20, [1]])
def test_numeric_date_rejects(value: Any) -> None:
    assert _reason(jwt_claims.numeric_date, {"exp": value}, "exp") == "CLAIM_INVALID"


def test_numeric_date_accepts_numbers() -> None:
    assert jwt_claims.numeric_date({"exp": 1768478400}, "exp").isoformat() == "2026-01-15T12:00:00+00:00"  # type: ignore[union-attr]
    assert jwt_claims.numeric_date({"exp": 1768478400.5}, "exp") is not None
    assert jwt_claims.numeric_date({}, "exp") is None


def test_encode_header_is_compact_json() -> None:
    assert jose.encode_header({"alg": "EdDSA", "b64": False}) == b64e(jbytes({"alg": "EdDSA", "b64": False}))
