"""Hostile JOSE input (issue 4 item 5): each attack is refused with the named check and a stable code.

Tokens are built by hand (``craft``), never through the suites, so that the suites' own output cannot hide a hole.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

import microcred
from microcred.suites.base import ProofOptions, VerifyOptions
from microcred.suites.vc_jose_cose import VcJoseCose
from microcred.suites.vc_jwt import VcJwt11

from .jose_helpers import NOW, b64d, b64e, craft, jbytes, parts, replace_signature

VC2 = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "urn:uuid:0b1e7d3a-6a8e-4a43-9a7e-5e1f4b8f0c11",
    "type": ["VerifiableCredential"],
    "validFrom": "2025-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:learner"},
}


def _vc(key: Any) -> dict[str, Any]:
    return {**VC2, "issuer": key.controller}


def _header(key: Any, **extra: Any) -> dict[str, Any]:
    return {"alg": key.alg, "kid": key.kid, "typ": "vc+jwt", "cty": "vc", **extra}


def _check(result: microcred.VerificationResult, name: str, status: str, code: str) -> None:
    assert not result.verified
    found = [(c.name, c.status.value, c.code) for c in result.checks]
    assert (name, status, code) in found, result.summary()


def _verify(token: Any, **kw: Any) -> microcred.VerificationResult:
    return microcred.verify(token, now=NOW, **kw)


def _suite_options() -> VerifyOptions:
    from microcred.clock import FixedClock
    from microcred.jsonld.loader import DocumentLoader
    from microcred.resolve import default_resolver

    return VerifyOptions(loader=DocumentLoader(), resolver=default_resolver(), clock=FixedClock(NOW))


def test_a_well_formed_crafted_token_verifies(keys: dict[str, Any]) -> None:
    """The baseline the attacks below start from: a hand-made vc+jwt verifies."""
    key = keys["P-256"]
    assert _verify(craft(_header(key), _vc(key), key)).verified


# -- the algorithm comes from the key -------------------------------------------------------------------------
def test_alg_none_is_refused(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    unsigned = f"{b64e(jbytes(_header(key, alg='none')))}.{b64e(jbytes(_vc(key)))}."
    _check(_verify(unsigned), "proof", "failed", "ALG_NONE")
    with_signature = craft(_header(key, alg="none"), _vc(key), key)
    _check(_verify(with_signature), "proof", "failed", "ALG_NONE")


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_hmac_with_the_public_key_is_refused(alg: str, keys: dict[str, Any]) -> None:
    """The classic confusion attack: HMAC keyed with the issuer's *public* key."""
    import hashlib
    import hmac

    key = keys["RSA"]
    header, payload = b64e(jbytes(_header(key, alg=alg))), b64e(jbytes(_vc(key)))
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    mac = hmac.new(key.to_pem(), f"{header}.{payload}".encode(), digest).digest()
    _check(_verify(f"{header}.{payload}.{b64e(mac)}"), "proof", "failed", "ALG_SYMMETRIC")


@pytest.mark.parametrize(
    ("kt", "claimed"),
    [("P-256", "ES384"), ("P-256", "EdDSA"), ("P-256", "ES256K"), ("Ed25519", "ES256"), ("RSA", "ES256")],
)
def test_header_alg_that_does_not_fit_the_key(kt: str, claimed: str, keys: dict[str, Any]) -> None:
    key = keys[kt]
    _check(_verify(craft(_header(key, alg=claimed), _vc(key), key)), "proof", "failed", "ALG_KEY_MISMATCH")


def test_unknown_alg(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    _check(_verify(craft(_header(key, alg="ES999"), _vc(key), key)), "proof", "failed", "ALG_UNSUPPORTED")


# -- crit / b64 ---------------------------------------------------------------------------------------------------
def test_unknown_crit_entry(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    token = craft(_header(key, crit=["exp-policy"], **{"exp-policy": 1}), _vc(key), key)
    _check(_verify(token), "proof", "failed", "CRIT_UNKNOWN")


@pytest.mark.parametrize(
    "crit",
    [[], "b64", ["alg"], ["x", "x"], ["missing-member"]],
    ids=["empty", "string", "registered", "twice", "absent"],
)
def test_malformed_crit(crit: Any, keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    token = craft(_header(key, crit=crit, x=1), _vc(key), key)
    result = VcJoseCose().verify(token, _suite_options())
    assert [(c.name, c.code) for c in result.checks] == [
        ("proof", "CRIT_INVALID" if crit != ["missing-member"] else "CRIT_UNKNOWN")
    ]


def test_b64_false_without_crit(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    token = craft(_header(key, b64=False), _vc(key), key)
    outcome = VcJoseCose().verify(token, _suite_options())
    assert [(c.name, c.code) for c in outcome.checks] == [("proof", "B64_NOT_CRITICAL")]
    with_crit = craft(_header(key, b64=False, crit=["b64"]), _vc(key), key)
    assert [c.code for c in VcJoseCose().verify(with_crit, _suite_options()).checks] == ["CRIT_UNKNOWN"]


def test_jades_b64_false_without_crit(seal_chains: dict[str, Any], mc: Any) -> None:
    key, ca = seal_chains["P-256"]
    secured = microcred.issue(mc, key, format="jades", now=NOW)
    header = json.loads(b64d(secured["signatures"][0]["protected"]))
    header["crit"] = ["sigT"]
    protected = b64e(jbytes(header))
    signature = key.sign(protected.encode() + b"." + secured["payload"].encode(), "ES256")
    forged = {
        "payload": secured["payload"],
        "signatures": [{"protected": protected, "signature": b64e(signature)}],
    }
    _check(_verify(forged, trust_anchors=[ca]), "proof", "failed", "B64_NOT_CRITICAL")


# -- serialization ---------------------------------------------------------------------------------------------------
def test_json_serialization_of_a_vc_jwt_is_refused(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    h, p, s = craft(_header(key), _vc(key), key).split(".")
    general = {"payload": p, "signatures": [{"protected": h, "signature": s}]}
    _check(_verify(general), "proof", "failed", "COMPACT_SERIALIZATION_REQUIRED")
    flattened = {"payload": p, "protected": h, "signature": s}
    _check(_verify(flattened), "proof", "failed", "COMPACT_SERIALIZATION_REQUIRED")
    outcome = VcJoseCose().verify(general, _suite_options())
    assert [c.code for c in outcome.checks] == ["COMPACT_SERIALIZATION_REQUIRED"]


@pytest.mark.parametrize("member", ["kid", "jwk", "x5c"])
def test_unprotected_header_parameters_are_refused(member: str, seal_chains: dict[str, Any], mc: Any) -> None:
    key, ca = seal_chains["RSA"]
    secured = microcred.issue(mc, key, format="jades", now=NOW)
    header = json.loads(b64d(secured["signatures"][0]["protected"]))
    moved = header.pop(member, {"kty": "RSA", "n": "AQAB", "e": "AQAB"})
    protected = b64e(jbytes(header))
    signature = key.sign(protected.encode() + b"." + secured["payload"].encode(), "RS256")
    entry = {"protected": protected, "header": {member: moved}, "signature": b64e(signature)}
    forged = {"payload": secured["payload"], "signatures": [entry]}
    _check(_verify(forged, trust_anchors=[ca]), "proof", "failed", "UNPROTECTED_HEADER_NOT_ALLOWED")
    # a member both protected and unprotected is malformed JSON serialization (RFC 7515 §7.2.1)
    secured["signatures"][0]["header"] = {"kid": "attacker"}
    _check(_verify(secured, trust_anchors=[ca]), "proof", "failed", "JWS_MALFORMED")


def test_jwe_is_refused(keys: dict[str, Any]) -> None:
    jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn"
    _check(_verify(jwe), "format", "failed", "UNSUPPORTED_FORMAT")
    for suite in (VcJwt11(), VcJoseCose()):
        assert [c.code for c in suite.verify(jwe, _suite_options()).checks] == ["JWE_NOT_ACCEPTED"]
    key = keys["P-256"]
    three_part_jwe = craft({**_header(key), "enc": "A256GCM"}, _vc(key), key)
    _check(_verify(three_part_jwe), "proof", "failed", "JWE_NOT_ACCEPTED")


def test_compressed_payload_is_refused(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    deflated = zlib.compress(jbytes(_vc(key)))[2:-4]
    _check(
        _verify(craft(_header(key, zip="DEF"), deflated, key)), "proof", "failed", "COMPRESSION_NOT_ALLOWED"
    )


# -- ECDSA signature encoding ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["der", "short", "long", "padded-r"])
def test_ecdsa_signatures_of_the_wrong_shape(shape: str, keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    token = craft(_header(key), _vc(key), key)
    raw = b64d(token.split(".")[2])
    r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    bad = {
        "der": encode_dss_signature(r, s),
        "short": raw[:-1],
        "long": raw + b"\x00",
        "padded-r": b"\x00" + raw[:32] + raw[32:],
    }[shape]
    _check(_verify(replace_signature(token, bad)), "proof", "failed", "SIGNATURE_LENGTH_INVALID")


# -- size, depth, duplicate members --------------------------------------------------------------------------------
def test_oversized_input() -> None:
    from microcred.verification.policy import VerificationPolicy

    policy = VerificationPolicy(max_bytes=2048)
    _check(microcred.verify("e" * 4096, now=NOW, policy=policy), "format", "failed", "INPUT_TOO_LARGE")


def test_oversized_header(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    token = craft(_header(key, pad="x" * 70_000), _vc(key), key)
    outcome = VcJoseCose().verify(token, _suite_options())
    assert [c.code for c in outcome.checks] == ["JWS_TOO_LARGE"]


def test_deeply_nested_payload(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    _check(
        _verify(craft(_header(key), {**_vc(key), "deep": deep}, key)), "proof", "failed", "NESTING_TOO_DEEP"
    )


def test_deeply_nested_header(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    deep: Any = 1
    for _ in range(20):
        deep = {"a": deep}
    token = craft(_header(key, nest=deep), _vc(key), key)
    _check(_verify(token), "format", "failed", "NESTING_TOO_DEEP")
    assert [c.code for c in VcJoseCose().verify(token, _suite_options()).checks] == ["NESTING_TOO_DEEP"]


def test_duplicate_json_members(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    header = '{"alg":"ES256","kid":"' + str(key.kid) + '","typ":"vc+jwt","alg":"ES256"}'
    token = craft(b64e(header.encode()), _vc(key), key)
    _check(_verify(token), "format", "failed", "DUPLICATE_JSON_KEY")
    assert [c.code for c in VcJoseCose().verify(token, _suite_options()).checks] == ["DUPLICATE_JSON_KEY"]
    payload = jbytes(_vc(key))[:-1] + b',"issuer":"did:example:attacker"}'
    _check(_verify(craft(_header(key), payload, key)), "proof", "failed", "DUPLICATE_JSON_KEY")


# -- whose key? ---------------------------------------------------------------------------------------------------------
def test_kid_not_matching_the_issuer_vc_jose_cose(keys: dict[str, Any]) -> None:
    signer, claimed = keys["P-256"], keys["Ed25519"]
    token = VcJoseCose().issue({**VC2, "issuer": claimed.controller}, signer, ProofOptions(created=_now()))
    _check(_verify(token), "issuer", "failed", "ISSUER_MISMATCH")


def test_kid_not_matching_the_issuer_vc_jwt(keys: dict[str, Any]) -> None:
    signer, claimed = keys["P-256"], keys["Ed25519"]
    vc1 = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": claimed.controller,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    token = VcJwt11().issue(vc1, signer, ProofOptions(created=_now()))
    _check(_verify(token), "issuer", "failed", "ISSUER_MISMATCH")


def test_iss_not_matching_the_issuer(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    token = craft(_header(key), {**_vc(key), "iss": "did:example:someone-else"}, key)
    _check(_verify(token), "issuer", "failed", "ISS_MISMATCH")


def test_embedded_jwk_is_not_trusted(keys: dict[str, Any]) -> None:
    """An attacker signs with their own key and ships it in 'jwk': the kid still decides which key is used."""
    victim, attacker = keys["P-256"], keys["P-384"].__class__.generate("P-256", did=None)
    forged = craft(_header(victim, jwk=attacker.to_jwk()), _vc(victim), attacker)
    _check(_verify(forged), "proof", "failed", "SIGNATURE_INVALID")
    no_kid = {k: v for k, v in _header(victim, jwk=attacker.to_jwk()).items() if k != "kid"}
    _check(_verify(craft(no_kid, _vc(victim), attacker)), "proof", "failed", "KID_MISSING")


def test_unresolvable_kid_is_an_error_not_a_failure(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    token = craft(_header(key, kid="https://unknown.example/keys#1"), _vc(key), key)
    _check(_verify(token), "proof", "error", "VERIFICATION_METHOD_UNRESOLVED")


# -- time ---------------------------------------------------------------------------------------------------------------
def test_expired_and_not_yet_valid_tokens(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    expired = craft(_header(key), {**_vc(key), "exp": 1_700_000_000}, key)  # 2023-11-14
    _check(_verify(expired), "validity", "failed", "EXPIRED")
    early = craft(_header(key), {**_vc(key), "nbf": 1_900_000_000}, key)  # 2030-03-17
    _check(_verify(early), "validity", "failed", "NOT_YET_VALID")
    bad = craft(_header(key), {**_vc(key), "exp": "tomorrow"}, key)
    _check(_verify(bad), "proof", "failed", "CLAIM_INVALID")


def test_vc_and_vp_claims_are_refused(keys: dict[str, Any]) -> None:
    key = keys["Ed25519"]
    _check(
        _verify(craft(_header(key), {**_vc(key), "vp": {}}, key)), "format", "failed", "VC_VP_CLAIM_PRESENT"
    )


def _now() -> Any:
    from microcred.clock import parse_datetime

    return parse_datetime(NOW)


def test_crafted_header_really_is_what_the_test_says(keys: dict[str, Any]) -> None:
    key = keys["P-256"]
    header, payload, _ = parts(craft(_header(key, zip="DEF"), _vc(key), key))
    assert header["zip"] == "DEF" and payload["issuer"] == key.controller
