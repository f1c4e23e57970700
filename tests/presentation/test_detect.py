"""Routing a presentation before format detection (microcred.presentation.detect)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from microcred.presentation.detect import is_presentation


def _segment(data: Any) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _token(header: Any, payload: Any) -> str:
    return f"{_segment(header)}.{_segment(payload)}.{_segment(b'signature')}"


VP = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"]}
VC = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}

CASES: dict[str, tuple[Any, bool]] = {
    "dict presentation": (VP, True),
    "dict credential": (VC, False),
    "dict typed as both stays a credential": (
        {"type": ["VerifiablePresentation", "VerifiableCredential"]},
        False,
    ),
    "vp+jwt with a presentation": (_token({"alg": "ES256", "typ": "vp+jwt"}, VP), True),
    "media type vp+jwt with a presentation": (
        _token({"alg": "ES256", "typ": "application/vp+jwt"}, VP),
        True,
    ),
    "padded with white space": ("  " + _token({"alg": "ES256", "typ": "vp+jwt"}, VP) + "\n", True),
    "vp+jwt with a credential": (_token({"alg": "ES256", "typ": "vp+jwt"}, VC), False),
    "vc+jwt with a presentation payload": (_token({"alg": "ES256", "typ": "vc+jwt"}, VP), False),
    "untyped header": (_token({"alg": "ES256"}, VP), False),
    "vp+jwt whose payload is not base64url": (
        _token({"alg": "ES256", "typ": "vp+jwt"}, VP).split(".")[0] + ".%%%.c2ln",
        False,
    ),
    "header is not JSON": (f"{_segment(b'not json')}.{_segment(VP)}.c2ln", False),
    "a JWE (five segments)": ("a.b.c.d.e", False),
    "two segments": ("a.b", False),
    "not a token": ("hello", False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_is_presentation(name: str) -> None:
    parsed, expected = CASES[name]
    assert is_presentation(parsed) is expected
