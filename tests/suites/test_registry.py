"""Format detection: the allow-list picks the suite; junk is refused with a clear error."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from microcred.errors import (
    Base64UrlError,
    DuplicateKeyError,
    JsonParseError,
    MicrocredError,
    UnsupportedFormatError,
)
from microcred.suites.registry import detect_format, get_suite


def b64(obj: Any) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def token(header: dict[str, Any], payload: Any) -> str:
    return f"{b64(header)}.{b64(payload)}.{b64(b'sig')}"


VC = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (token({"alg": "ES256", "typ": "vc+jwt"}, VC), "vc+jwt"),
        (token({"alg": "ES256", "typ": "application/vc+jwt"}, VC), "vc+jwt"),
        (token({"alg": "ES256"}, VC), "vc+jwt"),
        (token({"alg": "EdDSA", "typ": "JWT"}, {"vc": VC, "iss": "did:x"}), "vc-jwt"),
        (token({"alg": "RS256", "sigT": "2026-01-01T00:00:00Z", "b64": False}, VC), "jades"),
        ({"payload": "{}", "signatures": [{"protected": "e30", "signature": "AA"}]}, "jades"),
        (
            {
                "@context": VC["@context"],
                "type": "EnvelopedVerifiableCredential",
                "id": "data:application/vc+jwt," + token({"alg": "ES256", "typ": "vc+jwt"}, VC),
            },
            "vc+jwt",
        ),
        (VC | {"proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}}, "eddsa-rdfc-2022"),
        (VC | {"proof": {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"}}, "ecdsa-rdfc-2019"),
        (VC | {"proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-2022"}}, "eddsa-2022"),
        (VC | {"proof": {"type": "JsonWebSignature2020"}}, "jws-2020"),
        (VC | {"proof": {"type": "Ed25519Signature2020"}}, "ed25519-2020"),
        (
            VC
            | {
                "proof": [
                    {"type": "Ed25519Signature2020"},
                    {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
                ]
            },
            "data-integrity",
        ),
        (VC | {"proof": [{"type": "Mystery"}, {"type": "JsonWebSignature2020"}]}, "jws-2020"),
    ],
)
def test_detects(data: Any, expected: str) -> None:
    assert detect_format(data).format == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("a.b.c.d.e", UnsupportedFormatError),  # JWE
        ("not a token", UnsupportedFormatError),
        ("!!!.e30.AA", Base64UrlError),  # a base64url error is reported as such (issue 11 item 4)
        (b64(b'{"a":1') + ".e30.AA", JsonParseError),
        (b64(b'{"a":1,"a":1}') + ".e30.AA", DuplicateKeyError),
        (b64(b"[1]") + ".e30.AA", UnsupportedFormatError),
        (token({"alg": "ES256"}, {"sub": "x"}), UnsupportedFormatError),
        (token({"alg": "ES256", "b64": False}, VC), UnsupportedFormatError),
        (VC, UnsupportedFormatError),  # no proof
        (VC | {"proof": []}, UnsupportedFormatError),
        (VC | {"proof": {"type": "BbsBlsSignature2020"}}, UnsupportedFormatError),
        ({"type": "EnvelopedVerifiableCredential", "id": "https://x"}, UnsupportedFormatError),
        ([1, 2], UnsupportedFormatError),
    ],
)
def test_refuses(data: Any, error: type[MicrocredError]) -> None:
    with pytest.raises(error):
        detect_format(data)


def test_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(UnsupportedFormatError, match="eddsa-rdfc-2022"):
        get_suite("rot13")


def test_with_suites_makes_a_new_registry_and_leaves_the_default_alone() -> None:
    from microcred.suites.registry import default_registry

    from .fake_suite import FakeSuite

    base = default_registry()
    extended = base.with_suites(FakeSuite())
    proof = {"type": "DataIntegrityProof", "cryptosuite": "fake-2024"}
    assert extended.name_for_proof(proof) == "fake-2024" and "fake-2024" in extended.issue_formats
    assert base.name_for_proof(proof) is None and "fake-2024" not in base
    assert default_registry() is base
    with pytest.raises(UnsupportedFormatError):
        detect_format({**VC, "proof": proof})
    assert extended.detect({**VC, "proof": proof}).format == "fake-2024"
