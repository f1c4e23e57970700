"""JsonWebSignature2020: the CCG report's test vectors and the 2021 fixtures (tests/vectors/jsonwebsignature2020)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.clock import parse_datetime
from microcred.errors import JwsError
from microcred.jsonld.loader import DocumentLoader
from microcred.keys import Key
from microcred.resolve import StaticResolver
from microcred.suites.base import ProofOptions
from microcred.suites.jose import Jws, decode_protected_header, decode_segment, verify_signature
from microcred.suites.jws_2020 import JsonWebSignature2020

from .jose_helpers import NOW

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "jsonwebsignature2020"
SPEC: dict[str, Any] = json.loads((VECTORS / "spec-test-vectors.json").read_text())
FIXTURES = VECTORS / "fixtures-2021"
OLD_CONTEXT_URL = "https://w3c-ccg.github.io/lds-jws2020/contexts/lds-jws2020-v1.json"
VM = "https://example.com/issuer/123#ovsDKYBjFemIy8DVhc-w2LSi8CvXMw2AYDzHj04yxkc"


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def _resolver(keypair: str = "keypair_0") -> StaticResolver:
    jwk = SPEC[keypair]["publicKeyJwk"]
    entry = {"type": "JsonWebKey2020", "controller": "https://example.com/issuer/123", "publicKeyJwk": jwk}
    return StaticResolver({VM: {**entry, "relationships": ["assertionMethod"]}})


def _old_context_loader() -> DocumentLoader:
    return DocumentLoader(
        {OLD_CONTEXT_URL: json.loads((FIXTURES / "contexts" / "lds-jws2020-v1.json").read_text())}
    )


CREDENTIALS = {
    "spec-vc_0": (SPEC["vc_0"], None),
    "fixtures-2021-vc_0": (_fixture("credential")["vc_0"], "old"),
}


@pytest.mark.parametrize("name", list(CREDENTIALS))
def test_vc_0_verifies(name: str) -> None:
    credential, context = CREDENTIALS[name]
    loader = _old_context_loader() if context == "old" else None
    result = microcred.verify(credential, resolver=_resolver(), loader=loader, now=NOW)
    assert result.verified, result.summary()
    assert result.check("proof").details["alg"] == "EdDSA"


@pytest.mark.parametrize("name", list(CREDENTIALS))
def test_vc_0_tampered_fails(name: str) -> None:
    credential, context = CREDENTIALS[name]
    loader = _old_context_loader() if context == "old" else None
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["degree"]["name"] = "Master of Science and Arts"
    result = microcred.verify(tampered, resolver=_resolver(), loader=loader, now=NOW)
    assert result.check("proof").code == "SIGNATURE_INVALID"


def test_vc_0_with_another_key_type_fails() -> None:
    """The same verification method id served with the secp256k1 key: EdDSA does not fit it."""
    result = microcred.verify(SPEC["vc_0"], resolver=_resolver("keypair_1"), now=NOW)
    assert result.check("proof").code == "ALG_KEY_MISMATCH"


def test_signing_reproduces_vc_0_exactly() -> None:
    """Ed25519 is deterministic: signing vc_0's document again gives the published jws byte for byte."""
    key = Key.from_jwk(SPEC["keypair_0"]["privateKeyJwk"], kid=VM)
    unsecured = {k: v for k, v in SPEC["vc_0"].items() if k != "proof"}
    created = parse_datetime(SPEC["vc_0"]["proof"]["created"])
    proof = JsonWebSignature2020().create_proof(
        unsecured, key, ProofOptions(created=created, verification_method=VM)
    )
    assert proof == SPEC["vc_0"]["proof"]


DETACHED = {
    "signature_0-EdDSA": ("signature_0", "keypair_0"),
    "signature_1-ES256K": ("signature_1", "keypair_1"),
}


def _detached(signature: str, message: bytes) -> Jws:
    header_b64, empty, sig = signature.split(".")
    assert empty == ""
    header = decode_protected_header(header_b64)
    assert header["b64"] is False and header["crit"] == ["b64"]
    return Jws(header, message, decode_segment(sig, "signature"), header_b64.encode() + b"." + message)


@pytest.mark.parametrize("source", ["spec", "fixtures-2021"])
@pytest.mark.parametrize("name", list(DETACHED))
def test_detached_message_signatures(name: str, source: str) -> None:
    signature_name, keypair = DETACHED[name]
    if source == "spec":
        signature, message, jwk = SPEC[signature_name], SPEC["message_0"], SPEC[keypair]["publicKeyJwk"]
    else:
        signature = _fixture("signature")[signature_name]
        message, jwk = _fixture("message")["message_0"], _fixture("keypair")[keypair]["publicKeyJwk"]
    jws = _detached(signature, message.encode())
    key = Key.from_jwk(jwk)
    verify_signature(jws, key, jws.header["alg"])
    with pytest.raises(JwsError) as bad:
        verify_signature(_detached(signature, b"hello world!"), key, jws.header["alg"])
    assert bad.value.reason == "SIGNATURE_INVALID"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"b64": True}, "B64_INVALID"),
        ({"crit": None}, "B64_NOT_CRITICAL"),
        ({"crit": ["b64", "exp"], "exp": 1}, "CRIT_UNKNOWN"),
        ({"alg": "ES256"}, "ALG_KEY_MISMATCH"),
        ({"alg": "none"}, "ALG_NONE"),
    ],
    ids=["b64-true", "no-crit", "unknown-crit", "alg-mismatch", "alg-none"],
)
def test_jws_header_policy(change: dict[str, Any], code: str) -> None:
    from .jose_helpers import b64e, jbytes

    header = {"alg": "EdDSA", "b64": False, "crit": ["b64"], **change}
    header = {k: v for k, v in header.items() if v is not None}
    signature = SPEC["vc_0"]["proof"]["jws"].split(".")[2]
    proof = {**SPEC["vc_0"]["proof"], "jws": f"{b64e(jbytes(header))}..{signature}"}
    result = microcred.verify({**SPEC["vc_0"], "proof": proof}, resolver=_resolver(), now=NOW)
    assert result.check("proof").code == code


def test_attached_payload_is_refused() -> None:
    header, _, signature = SPEC["vc_0"]["proof"]["jws"].split(".")
    proof = {**SPEC["vc_0"]["proof"], "jws": f"{header}.cGF5bG9hZA.{signature}"}
    result = microcred.verify({**SPEC["vc_0"], "proof": proof}, resolver=_resolver(), now=NOW)
    assert result.check("proof").code == "JWS_NOT_DETACHED"
