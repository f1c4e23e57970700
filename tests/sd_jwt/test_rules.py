"""Every SD-JWT parsing and verification rule (RFC 9901 §7) fails with its own code."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from microcred.base64url import b64url_encode
from microcred.errors import SdJwtError
from microcred.keys import Key
from microcred.sd_jwt import KbExpectations, Sd, SdJwtLimits, issue_sd_jwt, present, verify_sd_jwt
from microcred.sd_jwt.hashing import sd_digest
from microcred.suites import jose

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ISSUER = Key.from_jwk(
    {
        "kty": "EC",
        "crv": "P-256",
        "d": "Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g",
        "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
        "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
    }
)
HOLDER = Key.from_jwk(
    {
        "kty": "EC",
        "crv": "P-256",
        "d": "5K5SCos8zf9zRemGGUl6yfok-_NiiryNZsvANWMhF-I",
        "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
        "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
    }
)


def disc(*items: Any) -> str:
    return b64url_encode(json.dumps(list(items)).encode())


def raw(text: str) -> str:
    return b64url_encode(text.encode())


def dig(d: str) -> str:
    return sd_digest("sha-256", d)


def token(
    payload: dict[str, Any], *disclosures: str, kb: str = "", header: dict[str, Any] | None = None
) -> str:
    jwt = jose.sign_compact(
        {"alg": "ES256", "typ": "example+sd-jwt", **(header or {})}, jose.json_bytes(payload), ISSUER, "ES256"
    )
    return "~".join([jwt, *disclosures, kb])


D_NAME = disc("salt-1", "given_name", "Ana")
D_ELEM = disc("salt-2", "DE")


def reason(tok: str, **kwargs: Any) -> str:
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(tok, ISSUER.public(), now=NOW, **kwargs)
    return info.value.reason


def test_a_well_formed_token_verifies() -> None:
    tok = token({"_sd": [dig(D_NAME)], "nat": [{"...": dig(D_ELEM)}], "_sd_alg": "sha-256"}, D_NAME, D_ELEM)
    assert verify_sd_jwt(tok, ISSUER.public(), now=NOW).claims == {"given_name": "Ana", "nat": ["DE"]}


CASES: dict[str, tuple[Callable[[], str], str]] = {
    "no tilde": (lambda: token({}).rstrip("~"), "SD_JWT_MALFORMED"),
    "empty disclosure": (lambda: token({"_sd": [dig(D_NAME)]}, D_NAME, ""), "DISCLOSURE_EMPTY"),
    "disclosure not base64url": (lambda: token({}, "***"), "DISCLOSURE_NOT_BASE64URL"),
    "disclosure not json": (lambda: token({}, raw("[salt")), "DISCLOSURE_NOT_JSON"),
    "disclosure duplicate json names": (lambda: token({}, raw('{"a":1,"a":2}')), "DISCLOSURE_NOT_JSON"),
    "disclosure not array": (lambda: token({}, raw('{"a":1}')), "DISCLOSURE_NOT_ARRAY"),
    "one element": (lambda: token({}, disc("salt")), "DISCLOSURE_WRONG_LENGTH"),
    "four elements": (lambda: token({}, disc("s", "n", "v", "x")), "DISCLOSURE_WRONG_LENGTH"),
    "salt not string": (lambda: token({}, disc(7, "n", "v")), "DISCLOSURE_SALT_INVALID"),
    "name not string": (lambda: token({}, disc("s", 7, "v")), "DISCLOSURE_NAME_INVALID"),
    "_sd as claim name": (
        lambda: token({"_sd": [dig(disc("s", "_sd", []))]}, disc("s", "_sd", [])),
        "DISCLOSURE_NAME_RESERVED",
    ),
    "... as claim name": (lambda: token({}, disc("s", "...", "x")), "DISCLOSURE_NAME_RESERVED"),
    "same disclosure twice": (lambda: token({"_sd": [dig(D_NAME)]}, D_NAME, D_NAME), "DISCLOSURE_DUPLICATE"),
    "salt reused": (
        lambda: token({"_sd": [dig(D_NAME), dig(disc("salt-1", "x", 1))]}, D_NAME, disc("salt-1", "x", 1)),
        "DISCLOSURE_SALT_REUSED",
    ),
    "digest twice in _sd": (
        lambda: token({"_sd": [dig(D_NAME), dig(D_NAME)]}, D_NAME),
        "DIGEST_REFERENCED_TWICE",
    ),
    "digest in _sd and array": (
        lambda: token({"_sd": ["abc"], "a": [{"...": "abc"}]}),
        "DIGEST_REFERENCED_TWICE",
    ),
    "decoy digest repeated": (lambda: token({"_sd": ["abc", "abc"]}), "DIGEST_REFERENCED_TWICE"),
    "disclosure not referenced": (lambda: token({"_sd": []}, D_NAME), "DISCLOSURE_NOT_REFERENCED"),
    "array disclosure in _sd": (lambda: token({"_sd": [dig(D_ELEM)]}, D_ELEM), "DISCLOSURE_KIND_MISMATCH"),
    "object disclosure in array": (
        lambda: token({"a": [{"...": dig(D_NAME)}]}, D_NAME),
        "DISCLOSURE_KIND_MISMATCH",
    ),
    "claim already present": (
        lambda: token({"given_name": "X", "_sd": [dig(D_NAME)]}, D_NAME),
        "CLAIM_NAME_CONFLICT",
    ),
    "_sd not array": (lambda: token({"_sd": "abc"}), "SD_ARRAY_INVALID"),
    "_sd with a number": (lambda: token({"_sd": [1]}), "SD_ARRAY_INVALID"),
    "... with another key": (lambda: token({"a": [{"...": dig(D_ELEM), "b": 1}]}, D_ELEM), "ELLIPSIS_MISUSE"),
    "... not a string": (lambda: token({"a": [{"...": 5}]}), "ELLIPSIS_MISUSE"),
    "... as object member": (lambda: token({"...": "x"}), "ELLIPSIS_MISUSE"),
    "_sd_alg unsupported": (lambda: token({"_sd_alg": "md5"}), "SD_ALG_UNSUPPORTED"),
    "_sd_alg not string": (lambda: token({"_sd_alg": 256}), "SD_ALG_INVALID"),
    "alg none": (
        lambda: raw(json.dumps({"alg": "none"})) + "." + raw("{}") + ".~",
        "ALG_NONE",
    ),
    "payload duplicate names": (
        lambda: jose.sign_compact({"alg": "ES256"}, b'{"a":1,"a":2}', ISSUER, "ES256") + "~",
        "SD_JWT_MALFORMED",
    ),
    "bad signature": (lambda: token({"a": 1})[:-10] + "AAAAAAAAA~", "SIGNATURE_INVALID"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(name: str) -> None:
    make, code = CASES[name]
    assert reason(make()) == code


def test_bounds() -> None:
    many = issue_sd_jwt({f"c{i}": Sd(i) for i in range(20)}, ISSUER)
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(many, ISSUER, now=NOW, limits=SdJwtLimits(max_disclosures=10))
    assert info.value.reason == "SD_JWT_TOO_MANY_DISCLOSURES"
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(many, ISSUER, now=NOW, limits=SdJwtLimits(max_bytes=500))
    assert info.value.reason == "SD_JWT_TOO_LARGE"
    deep: Any = "x"
    for _ in range(12):
        deep = {"a": Sd(deep)}
    with pytest.raises(SdJwtError) as info:
        verify_sd_jwt(issue_sd_jwt(deep, ISSUER), ISSUER, now=NOW, limits=SdJwtLimits(max_depth=8))
    assert info.value.reason == "SD_JWT_TOO_DEEP"


# --- key binding (RFC 9901 §4.3, §7.3) -------------------------------------------------------------------------
ISSUED = issue_sd_jwt(
    {"given_name": Sd("Ana"), "birthdate": Sd("1999-10-02")}, ISSUER, holder=HOLDER, decoys=3
)
EXPECT = KbExpectations(aud="https://verifier.example", nonce="n-1")


def kb_present(**changes: Any) -> str:
    options: dict[str, Any] = {
        "holder": HOLDER,
        "aud": "https://verifier.example",
        "nonce": "n-1",
        "iat": NOW,
    }
    return present(ISSUED, ["given_name"], **{**options, **changes})


def test_key_binding_verifies_and_hides_what_was_not_chosen() -> None:
    result = verify_sd_jwt(kb_present(), ISSUER, now=NOW + timedelta(seconds=20), key_binding=EXPECT)
    assert result.claims["given_name"] == "Ana" and "birthdate" not in result.claims
    assert result.kb_claims is not None and result.kb_claims["nonce"] == "n-1"


def _kb_token(header: dict[str, Any], claims: dict[str, Any], key: Key = HOLDER) -> str:
    base = present(ISSUED, ["given_name"])
    return base + jose.sign_compact(header, jose.json_bytes(claims), key, "ES256")


def _claims(base: str) -> dict[str, Any]:
    return {
        "iat": int(NOW.timestamp()),
        "aud": EXPECT.aud,
        "nonce": EXPECT.nonce,
        "sd_hash": sd_digest("sha-256", base),
    }


KB_CASES: dict[str, tuple[Callable[[], str], str]] = {
    "missing": (lambda: present(ISSUED, ["given_name"]), "KB_JWT_MISSING"),
    "wrong aud": (lambda: kb_present(aud="https://evil.example"), "KB_JWT_AUD_MISMATCH"),
    "wrong nonce": (lambda: kb_present(nonce="n-2"), "KB_JWT_NONCE_MISMATCH"),
    "too old": (lambda: kb_present(iat=NOW - timedelta(hours=1)), "KB_JWT_IAT_OUT_OF_WINDOW"),
    "in the future": (lambda: kb_present(iat=NOW + timedelta(hours=1)), "KB_JWT_IAT_OUT_OF_WINDOW"),
    "wrong typ": (
        lambda: _kb_token({"alg": "ES256", "typ": "JWT"}, _claims(present(ISSUED, ["given_name"]))),
        "KB_JWT_TYP_INVALID",
    ),
    "alg none": (
        lambda: (
            present(ISSUED, ["given_name"]) + raw('{"alg":"none","typ":"kb+jwt"}') + "." + raw("{}") + "."
        ),
        "KB_JWT_ALG_NONE",
    ),
    "signed by another key": (
        lambda: _kb_token(
            {"alg": "ES256", "typ": "kb+jwt"}, _claims(present(ISSUED, ["given_name"])), ISSUER
        ),
        "KB_JWT_SIGNATURE_INVALID",
    ),
    "sd_hash of another presentation": (
        lambda: _kb_token({"alg": "ES256", "typ": "kb+jwt"}, _claims(present(ISSUED, ["birthdate"]))),
        "KB_JWT_SD_HASH_MISMATCH",
    ),
    "disclosure added after binding": (
        lambda: kb_present().replace("~", "~" + present(ISSUED, ["birthdate"]).split("~")[1] + "~", 1),
        "KB_JWT_SD_HASH_MISMATCH",
    ),
    "claim missing": (
        lambda: _kb_token({"alg": "ES256", "typ": "kb+jwt"}, {"iat": 1, "aud": "a", "nonce": "n"}),
        "KB_JWT_CLAIM_MISSING",
    ),
}


@pytest.mark.parametrize("name", list(KB_CASES))
def test_key_binding_rule(name: str) -> None:
    make, code = KB_CASES[name]
    assert reason(make(), key_binding=EXPECT) == code


def test_key_binding_needs_cnf() -> None:
    plain = issue_sd_jwt({"given_name": Sd("Ana")}, ISSUER)
    kb = jose.sign_compact(
        {"alg": "ES256", "typ": "kb+jwt"}, jose.json_bytes(_claims(plain)), HOLDER, "ES256"
    )
    assert reason(plain + kb, key_binding=EXPECT) == "CNF_MISSING"
