"""The value grammars behind the rules: XMLSCHEMA11-2 date-times, URLs, language values, digests."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from microcred.keys.multibase import multibase_encode
from microcred.vcdm import data_model_violations
from microcred.vcdm.values import is_date_time, is_language_string, is_url, multihashes, sri_digests

STAMPS = [
    ("2026-01-01T00:00:00Z", True),
    ("2026-01-01T00:00:00.5+14:00", True),
    ("2026-01-01T24:00:00Z", True),  # XMLSCHEMA11-2: 24:00:00 is the end of the day
    ("2000-02-29T00:00:00Z", True),  # divisible by 400: leap
    ("0000-02-29T00:00:00Z", True),  # XML Schema 1.1 year zero is a leap year
    ("-0044-03-15T12:00:00Z", True),
    ("12026-01-01T00:00:00Z", True),  # more than four year digits
    ("2100-02-29T00:00:00Z", False),  # divisible by 100, not 400
    ("2026-04-31T00:00:00Z", False),
    ("2026-01-01T00:00:00+14:30", False),
    ("2026-01-01T24:00:01Z", False),
    ("2026-01-01T00:00Z", False),
    ("02026-01-01T00:00:00Z", False),
    ("2026-1-01T00:00:00Z", False),
    ("2026-01-01t00:00:00z", False),
]


@pytest.mark.parametrize(("value", "ok"), STAMPS)
def test_date_time_stamp(value: str, ok: bool) -> None:
    assert is_date_time(value, timezone_required=True) is ok


def test_date_time_timezone_is_optional_for_date_time_only() -> None:
    assert is_date_time("2026-01-01T00:00:00", timezone_required=False)
    assert not is_date_time("2026-01-01T00:00:00", timezone_required=True)
    assert not is_date_time(20260101, timezone_required=False)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.edu/1", True),
        ("urn:uuid:5dccd919-f08c-425f-bf6b-67f84532bb58", True),
        ("did:example:issuer", True),
        ("credentials/42", False),
        ("https://example.edu/a b", False),
        ("1http://example.edu", False),
        ("", False),
        (None, False),
    ],
)
def test_url(value: Any, ok: bool) -> None:
    assert is_url(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Diploma", True),
        ({"@value": "Diplôme", "@language": "fr"}, True),
        ([{"@value": "a", "@language": "en", "@direction": "rtl"}, "b"], True),
        ([], False),
        ([["nested"]], False),
        ({"@value": "a", "extra": 1}, False),
        ({"@language": "en"}, False),
        ({"@value": "a", "@language": 5}, False),
        ({"@value": "a", "@language": "en-GB"}, True),
        ({"@value": "a", "@language": "en GB"}, False),
    ],
)
def test_language_string(value: Any, ok: bool) -> None:
    assert is_language_string(value) is ok


def test_digests() -> None:
    digest = hashlib.sha384(b"x").digest()
    assert multihashes(multibase_encode(bytes([0x20, 48]) + digest)) == [("sha384", digest)]
    assert multihashes(multibase_encode(bytes([0x20, 47]) + digest)) is None  # length disagrees
    assert multihashes(multibase_encode(bytes([0x99, 0x01, 48]) + digest)) is None  # unknown hash
    assert multihashes("z" + "1" * 5000) is None  # bounded before the (quadratic) base58 decoding
    assert sri_digests("sha256-AAAA sha512-BBBB==") == ["sha256-AAAA", "sha512-BBBB=="]
    assert sri_digests(["sha384-AAAA?opt"]) == ["sha384-AAAA"]
    assert sri_digests("sha1-AAAA") is None
    assert sri_digests("") is None


def test_duplicate_related_resource_is_retrieved_once() -> None:
    calls: list[str] = []

    def retrieve(url: str) -> bytes:
        calls.append(url)
        return b"resource"

    good = "sha256-" + base64.b64encode(hashlib.sha256(b"resource").digest()).decode()
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:learner"},
        "relatedResource": [{"id": "https://example.org/r", "digestSRI": good}] * 3,
    }
    codes = [v.code for v in data_model_violations(doc, retrieve=retrieve)]
    assert codes == ["VCDM_RELATED_RESOURCE_ID_DUPLICATE"] * 2
    assert calls == ["https://example.org/r"]
