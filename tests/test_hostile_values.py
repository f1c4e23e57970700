"""Values at the edges (issue 11 item 2): numbers no parser holds, date-times pushed outside the calendar by their
offset, garbage trust anchors. Parsing APIs raise a MicrocredError naming the source; verify() returns a result
with a clear check code and never raises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.clock import parse_datetime
from microcred.errors import (
    InputError,
    JsonNumberError,
    JsonParseError,
    JsonUnicodeError,
    KeyMaterialError,
    MicrocredError,
    TrustAnchorError,
)
from microcred.fetcher import FetchedResource
from microcred.jsonio import MAX_INTEGER_DIGITS, loads_strict
from microcred.keys import Key

NOW = "2026-01-15T12:00:00Z"
EDGES = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T24:00:00Z",
    "0000-01-01T00:00:00Z",
]
HUGE = "1" * (MAX_INTEGER_DIGITS + 1)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (f'{{"a": {HUGE}}}', JsonNumberError),
        (f'{{"a": -{HUGE}}}', JsonNumberError),
        (f"[{HUGE}.5e1]", JsonNumberError),  # a float literal: overflows a double
        ('{"a": 1e400}', JsonNumberError),
        ('{"a": -1e400}', JsonNumberError),
        ('{"a": NaN}', JsonParseError),
        ('{"a": -Infinity}', JsonParseError),
    ],
)
def test_numbers_no_parser_holds_are_refused(text: str, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        loads_strict(text, source="doc.json")
    assert isinstance(info.value, InputError) and info.value.path == "doc.json"


def test_the_largest_integer_is_accepted_and_the_error_says_where() -> None:
    assert loads_strict(f"[{'9' * MAX_INTEGER_DIGITS}]")[0] == 10**MAX_INTEGER_DIGITS - 1
    with pytest.raises(JsonNumberError, match=r"4301 digits.*line 2 column 6"):
        loads_strict(f'{{\n"a": {HUGE}}}')


@pytest.mark.parametrize("text", [b'\xef\xbb\xbf{"a": 1}', b'{"a": "\\ud800"}', b'{"\\udfff": 1}'])
def test_strict_unicode(text: bytes) -> None:
    loads_strict(text)  # the general parser keeps its leniency (a BOM, lone surrogates)
    with pytest.raises(JsonUnicodeError):
        loads_strict(text, strict_unicode=True)


def test_surrogate_pairs_are_fine_under_strict_unicode() -> None:
    assert loads_strict(b'{"a": "\\ud83d\\ude00"}', strict_unicode=True) == {"a": "\U0001f600"}


@pytest.mark.parametrize("text", EDGES)
def test_date_times_outside_the_calendar(text: str) -> None:
    with pytest.raises(InputError, match=r"outside years 1-9999|not an XML Schema|names no calendar day"):
        parse_datetime(text, path="$.validFrom")


@pytest.fixture(scope="module")
def signed(keys: dict[str, Key]) -> dict[str, Any]:
    key = keys["Ed25519"]
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ana"},
    }
    out = microcred.issue(vc, key, format="eddsa-rdfc-2022", now=NOW)
    assert isinstance(out, dict)
    return out


def _failed(result: microcred.VerificationResult) -> list[tuple[str, str]]:
    assert not result.verified
    return [(c.name, c.code) for c in result.checks if not c.passed]


@pytest.mark.parametrize("member", ["validFrom", "validUntil", "issuanceDate", "expirationDate"])
@pytest.mark.parametrize("value", EDGES[:3])
def test_edge_dates_in_the_credential_are_a_validity_result(
    signed: dict[str, Any], member: str, value: str
) -> None:
    result = microcred.verify({**signed, member: value}, now=NOW)
    assert ("validity", "VALIDITY_DATE_INVALID") in _failed(result)


@pytest.mark.parametrize("member", ["created", "expires"])
@pytest.mark.parametrize("value", EDGES[:3])
def test_edge_dates_in_the_proof_are_a_proof_result(signed: dict[str, Any], member: str, value: str) -> None:
    result = microcred.verify({**signed, "proof": {**signed["proof"], member: value}}, now=NOW)
    assert ("proof", "PROOF_DATE_INVALID") in _failed(result)


def test_positive_control(signed: dict[str, Any]) -> None:
    assert microcred.verify(json.dumps(signed), now=NOW).verified


@pytest.mark.parametrize(
    ("number", "code"),
    [(HUGE, "JSON_NUMBER_OUT_OF_RANGE"), ("1e400", "JSON_NUMBER_OUT_OF_RANGE"), ("NaN", "JSON_PARSE_ERROR")],
)
def test_numbers_in_a_credential_are_a_format_result(signed: dict[str, Any], number: str, code: str) -> None:
    text = json.dumps(signed)[:-1] + f', "n": {number}}}'
    assert _failed(microcred.verify(text, now=NOW)) == [("format", code)]


def test_huge_numbers_in_jwt_claims_are_a_proof_result(keys: dict[str, Key]) -> None:
    from .suites.jose.jose_helpers import b64e, jbytes

    key = keys["Ed25519"]
    header = b64e(jbytes({"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}))
    claims = jbytes({"iss": key.controller, "vc": {"@context": ["https://www.w3.org/2018/credentials/v1"]}})
    for payload in (claims[:-1] + b',"exp":' + HUGE.encode() + b"}", claims[:-1] + b',"nbf":1e400}'):
        body = b64e(payload)
        token = f"{header}.{body}.{b64e(key.sign(f'{header}.{body}'.encode(), 'EdDSA'))}"
        assert ("proof", "JSON_NUMBER_OUT_OF_RANGE") in _failed(microcred.verify(token, now=NOW))


def test_key_files_and_fetched_documents_name_their_source(tmp_path: Path, keys: dict[str, Key]) -> None:
    jwk = keys["Ed25519"].to_jwk()
    path = tmp_path / "key.jwk"
    path.write_text(json.dumps(jwk)[:-1] + f', "n": {HUGE}}}')
    with pytest.raises(JsonNumberError) as info:
        Key.load(path)
    assert info.value.path == str(path)
    with pytest.raises(MicrocredError):
        Key.from_jwk(json.dumps(jwk)[:-1] + ', "x5c_len": 1e999}')
    fetched = FetchedResource("https://status.example/1", f'{{"id": "x", "n": {HUGE}}}'.encode())
    with pytest.raises(JsonNumberError) as info:
        fetched.json()
    assert info.value.path == "https://status.example/1"


@pytest.mark.parametrize(
    "anchor",
    [
        b"garbage",
        b"\x30\x03\x02\x01\x01",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        42,
        "no-such-file.pem",
    ],
)
def test_garbage_trust_anchors_are_a_clear_error(anchor: Any) -> None:
    with pytest.raises(TrustAnchorError, match="trust anchor 1") as info:
        microcred.verify("a.b.c", now=NOW, trust_anchors=[anchor])
    assert isinstance(info.value, KeyMaterialError)
    text = str(info.value).lower()
    assert "asn1" not in text and "parseerror" not in text


def test_good_trust_anchors_load(cert_chain_anchors: dict[str, Any], tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    from microcred.keys.x509 import load_trust_anchors

    ca = cert_chain_anchors["P-256"]
    pem = tmp_path / "ca.pem"
    pem.write_bytes(ca.public_bytes(Encoding.PEM) * 12)  # a bundle larger than any x5c chain
    loaded = load_trust_anchors(
        [ca, ca.public_bytes(Encoding.DER), ca.public_bytes(Encoding.PEM).decode(), pem]
    )
    assert len(loaded) == 3 + 12 and all(c == ca for c in loaded)


def test_a_status_list_dict_json_cannot_carry_is_a_clear_error(signed: dict[str, Any]) -> None:
    for value in (10 ** (MAX_INTEGER_DIGITS + 1), float("nan")):
        with pytest.raises(InputError, match="is not JSON"):
            microcred.verify(signed, now=NOW, status_lists=[{"id": "https://status.example/1", "n": value}])
