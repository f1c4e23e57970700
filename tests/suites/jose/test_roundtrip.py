"""Issue -> verify for every JOSE format and every key type it allows; tampering with anything signed fails `proof`."""

from __future__ import annotations

import copy
import json
from typing import Any, Literal

import pytest

import microcred
from microcred.elm import to_elm
from microcred.errors import SigningError

from .jose_helpers import NOW, b64d, jbytes, replace_payload, replace_signature, tampered_copies

JOSE_KEY_TYPES = ["Ed25519", "P-256", "P-384", "secp256k1", "RSA"]
JADES_KEY_TYPES = ["RSA", "P-256", "P-384"]


def _issue(mc: Any, key: Any, fmt: str, **kw: Any) -> Any:
    return microcred.issue(mc, key, format=fmt, now=NOW, **kw)


def _proof_failed(result: microcred.VerificationResult) -> None:
    assert not result.verified
    proofs = result.by_name("proof")
    assert proofs and any(c.status.value == "failed" for c in proofs), result.summary()


@pytest.mark.parametrize("fmt", ["jws-2020", "vc+jwt", "vc-jwt"])
@pytest.mark.parametrize("kt", JOSE_KEY_TYPES)
def test_round_trip(fmt: str, kt: str, keys: dict[str, Any], mc: Any) -> None:
    key = keys[kt]
    secured = _issue(mc, key, fmt)
    result = microcred.verify(secured, now=NOW)
    assert result.verified, result.summary()
    assert result.format == fmt
    # the verifier hands back exactly the credential that was secured
    model: Literal["v1", "v2"] = "v2" if fmt == "vc+jwt" else "v1"
    expected = to_elm(mc, data_model=model, issuer_id=key.controller)
    got = {k: v for k, v in (result.credential or {}).items()}
    if fmt == "jws-2020":
        expected["@context"] = [*expected["@context"], "https://w3id.org/security/suites/jws-2020/v1"]
    assert got == expected


@pytest.mark.parametrize("kt", JADES_KEY_TYPES)
def test_jades_round_trip(kt: str, seal_chains: dict[str, Any], mc: Any) -> None:
    key, ca = seal_chains[kt]
    secured = _issue(mc, key, "jades")
    assert isinstance(secured, dict)
    result = microcred.verify(secured, now=NOW, trust_anchors=[ca])
    assert result.verified, result.summary()
    assert {c.name: c.code for c in result.checks}["issuer"] == "ISSUER_CERTIFICATE_MATCHES"
    assert result.credential == json.loads(secured["payload"])


def test_jades_ps256(seal_chains: dict[str, Any], mc: Any) -> None:
    key, ca = seal_chains["RSA"]
    secured = _issue(mc, key, "jades", alg="PS256")
    header = json.loads(b64d(secured["signatures"][0]["protected"]))
    assert header["alg"] == "PS256"
    assert microcred.verify(secured, now=NOW, trust_anchors=[ca]).verified


@pytest.mark.parametrize("kt", ["Ed25519", "secp256k1"])
def test_jades_refuses_other_key_types(kt: str, keys: dict[str, Any], mc: Any) -> None:
    from microcred.demo_ca import make_test_certificate_chain

    key, _ = make_test_certificate_chain(keys[kt], ca_key=keys["P-256"])
    with pytest.raises(SigningError, match="JAdES alg"):
        _issue(mc, key, "jades")


def test_jades_needs_a_certificate_chain(keys: dict[str, Any], mc: Any) -> None:
    with pytest.raises(SigningError, match="certificate chain"):
        _issue(mc, keys["RSA"], "jades")


# -- tampering ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["vc+jwt", "vc-jwt"])
def test_tampered_jwt_claims_fail_proof(fmt: str, keys: dict[str, Any], mc: Any) -> None:
    token = _issue(mc, keys["P-256"], fmt)
    claims = json.loads(b64d(token.split(".")[1]))
    assert replace_payload(token, claims) == token  # re-encoding is byte-exact, so only the tampering differs
    for where, changed in tampered_copies(claims):
        _proof_failed(microcred.verify(replace_payload(token, changed), now=NOW))
        del where
    for name in ("iat", "exp", "nbf"):
        if name in claims:
            _proof_failed(
                microcred.verify(replace_payload(token, {**claims, name: claims[name] + 1}), now=NOW)
            )


@pytest.mark.parametrize("fmt", ["vc+jwt", "vc-jwt"])
def test_tampered_jwt_bytes_fail_proof(fmt: str, keys: dict[str, Any], mc: Any) -> None:
    token = _issue(mc, keys["Ed25519"], fmt)
    header_b64, _, sig_b64 = token.split(".")
    signature = b64d(sig_b64)
    for i in (0, 1, 31, 32, 63):
        flipped = bytearray(signature)
        flipped[i] ^= 0x01
        _proof_failed(microcred.verify(replace_signature(token, bytes(flipped)), now=NOW))
    header = json.loads(b64d(header_b64))
    from .jose_helpers import b64e

    other = b64e(jbytes({**header, "x-extra": 1}))
    _proof_failed(microcred.verify(other + token[len(header_b64) :], now=NOW))


def test_tampered_jws_2020_fails_proof(keys: dict[str, Any], mc: Any) -> None:
    secured = _issue(mc, keys["Ed25519"], "jws-2020")
    document = {k: v for k, v in secured.items() if k != "proof"}
    for where, changed in tampered_copies(document, samples=6):
        result = microcred.verify({**changed, "proof": secured["proof"]}, now=NOW)
        if where.startswith("@context"):  # an unknown context: the proof cannot be checked at all
            assert result.check("proof").code == "CONTEXT_UNAVAILABLE"
            assert not result.verified
        else:
            _proof_failed(result)
    for member in ("created", "proofPurpose"):
        proof = {
            **secured["proof"],
            member: secured["proof"][member] + ("Z" if member == "proofPurpose" else ""),
        }
        if member == "created":
            proof["created"] = "2026-01-15T11:00:00Z"
        _proof_failed(microcred.verify({**secured, "proof": proof}, now=NOW))
    jws = secured["proof"]["jws"]
    header, _, sig = jws.split(".")
    flipped = bytearray(b64d(sig))
    flipped[10] ^= 0x80
    from .jose_helpers import b64e

    bad = {**secured, "proof": {**secured["proof"], "jws": f"{header}..{b64e(bytes(flipped))}"}}
    _proof_failed(microcred.verify(bad, now=NOW))


def test_tampered_jades_fails_proof(seal_chains: dict[str, Any], mc: Any) -> None:
    key, ca = seal_chains["P-256"]
    secured = _issue(mc, key, "jades")
    credential = json.loads(secured["payload"])

    def dump(d: Any) -> str:
        return json.dumps(d, separators=(",", ":"), ensure_ascii=False)

    assert dump(credential) == secured["payload"]
    for _where, changed in tampered_copies(credential):
        tampered = {**secured, "payload": dump(changed)}
        _proof_failed(microcred.verify(tampered, now=NOW, trust_anchors=[ca]))
    signature = secured["signatures"][0]
    flipped = bytearray(b64d(signature["signature"]))
    flipped[5] ^= 0x01
    from .jose_helpers import b64e

    bad = copy.deepcopy(secured)
    bad["signatures"][0]["signature"] = b64e(bytes(flipped))
    _proof_failed(microcred.verify(bad, now=NOW, trust_anchors=[ca]))
