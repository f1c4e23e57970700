"""One rule, every JOSE format (issue 11 item 4): the JWS header and payload rules of suites/jose.py and
suites/jwt_claims.py, each applied to vc+jwt, vc-jwt, vp+jwt, JAdES and jws-2020 alike.

Every token is made by hand (the header and payload *bytes* the rule is about), then signed with the right key, so
that a rejection can only come from the rule. Each format has a positive control built the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

import microcred
from microcred.clock import FixedClock
from microcred.jsonld.loader import DocumentLoader
from microcred.resolve import default_resolver
from microcred.suites.base import VerifyOptions
from microcred.suites.vp_jose import verify_presentation

from .jose_helpers import NOW, b64d, b64e, jbytes

BOM = b"\xef\xbb\xbf"
V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def _append(document: bytes, member: bytes) -> bytes:
    """``member`` (raw JSON text ``"name":value``) added at the end of a JSON object's text."""
    return document[:-1] + b"," + member + b"}"


def _duplicate_first(document: bytes) -> bytes:
    first = next(iter(json.loads(document).items()))
    return _append(document, jbytes(dict([first]))[1:-1])


#: header rules: name -> (change to the header bytes, expected code)
HeaderChange = Callable[[dict[str, Any]], bytes]
HEADER_RULES: dict[str, tuple[HeaderChange, str]] = {
    "header-byte-order-mark": (lambda h: BOM + jbytes(h), "JSON_INVALID_UNICODE"),
    "header-lone-surrogate": (lambda h: _append(jbytes(h), b'"x":"\\ud800"'), "JSON_INVALID_UNICODE"),
    "header-duplicate-member": (
        lambda h: _append(jbytes(h), jbytes({"alg": h["alg"]})[1:-1]),
        "DUPLICATE_JSON_KEY",
    ),
    "header-huge-integer": (lambda h: _append(jbytes(h), b'"x":' + b"9" * 5000), "JSON_NUMBER_OUT_OF_RANGE"),
    "header-alg-none": (lambda h: jbytes({**h, "alg": "none"}), "ALG_NONE"),
    "header-alg-hmac": (lambda h: jbytes({**h, "alg": "HS256"}), "ALG_SYMMETRIC"),
    "header-alg-unknown": (lambda h: jbytes({**h, "alg": "XS512"}), "ALG_UNSUPPORTED"),
    "header-crit-unknown": (
        lambda h: jbytes({**h, "crit": [*h.get("crit", []), "urn:x"], "urn:x": 1}),
        "CRIT_UNKNOWN",
    ),
    "header-crit-registered": (lambda h: jbytes({**h, "crit": [*h.get("crit", []), "kid"]}), "CRIT_INVALID"),
    "header-b64-not-critical": (
        lambda h: jbytes({**{k: v for k, v in h.items() if k != "crit"}, "b64": h.get("b64", True)}),
        "B64_NOT_CRITICAL",
    ),
    "header-zip": (lambda h: jbytes({**h, "zip": "DEF"}), "COMPRESSION_NOT_ALLOWED"),
    "header-over-64-kib": (lambda h: jbytes({**h, "x": "a" * 70_000}), "JWS_TOO_LARGE"),
    "header-not-an-object": (lambda h: jbytes([h]), "JWS_MALFORMED"),
}
#: payload rules (formats with a JSON payload): name -> (change to the payload bytes, expected code)
PAYLOAD_RULES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "payload-byte-order-mark": (lambda p: BOM + p, "JSON_INVALID_UNICODE"),
    "payload-lone-surrogate": (lambda p: _append(p, b'"x":"\\udc00"'), "JSON_INVALID_UNICODE"),
    "payload-duplicate-member": (_duplicate_first, "DUPLICATE_JSON_KEY"),
    "payload-huge-integer": (lambda p: _append(p, b'"x":-' + b"1" * 4301), "JSON_NUMBER_OUT_OF_RANGE"),
    "payload-overflowing-float": (lambda p: _append(p, b'"x":1e400'), "JSON_NUMBER_OUT_OF_RANGE"),
    "payload-nan": (lambda p: _append(p, b'"x":NaN'), "JSON_PARSE_ERROR"),
    "payload-not-utf8": (lambda p: _append(p, b'"x":"\xff"'), "JSON_PARSE_ERROR"),
}
#: JWT claim rules (vc+jwt, vc-jwt, vp+jwt): name -> (claims added, expected code or None when accepted)
CLAIM_RULES: dict[str, tuple[dict[str, Any], str | None]] = {
    "iat-numeric-date": ({"iat": 1768400000}, None),
    "iat-fractional": ({"iat": 1768400000.25}, None),
    "iat-date-time-string": ({"iat": "2010-01-01T19:23:24Z"}, None),  # the W3C test suite's vectors
    "iat-1e20": ({"iat": 1e20}, "CLAIM_INVALID"),
    "iat-negative": ({"iat": -1}, "CLAIM_INVALID"),
    "iat-not-a-date": ({"iat": "yesterday"}, "CLAIM_INVALID"),
    "iat-boolean": ({"iat": True}, "CLAIM_INVALID"),
    "nbf-string": ({"nbf": "2026-01-01T00:00:00Z"}, "CLAIM_INVALID"),
    "exp-1e20": ({"exp": 1e20}, "CLAIM_INVALID"),
    "exp-array": ({"exp": [1]}, "CLAIM_INVALID"),
}


def _v1_credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": [V1],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ana"},
    }


def _issue(credential: dict[str, Any], key: Any, fmt: str) -> dict[str, Any]:
    secured = microcred.issue(credential, key, format=fmt, now=NOW)
    assert isinstance(secured, dict)
    return secured


class Format:
    """Builds a signed input of one format from header and payload bytes, and verifies it to (proof ok, codes)."""

    name: str
    #: jws-2020 signs a detached hash of canonical RDF: no JSON payload
    has_payload = True
    #: JAdES and jws-2020 carry no JWT claims
    has_claims = True
    #: rules whose code differs for a reason of the format's own shape
    codes: ClassVar[dict[str, str]] = {}

    def __init__(self, keys: dict[str, Any], seal: tuple[Any, Any]) -> None:
        self.key = keys["Ed25519"]
        self.seal_key, self.seal_ca = seal

    def header(self) -> dict[str, Any]:
        raise NotImplementedError

    def payload(self, **claims: Any) -> bytes:
        return b""

    def build(self, header: bytes, payload: bytes) -> Any:
        protected = b64e(header)
        return f"{protected}.{b64e(payload)}.{b64e(self.key.sign(f'{protected}.{b64e(payload)}'.encode(), 'EdDSA'))}"

    def verify(self, secured: Any) -> tuple[bool, list[str]]:
        result = microcred.verify(secured, now=NOW, trust_anchors=[self.seal_ca])
        proof = [c for c in result.checks if c.name == "proof"]
        return bool(proof) and all(c.passed for c in proof), [c.code for c in result.checks if not c.passed]


#: a compact token whose header is not an object cannot be routed to a format at all
_UNROUTABLE: dict[str, str] = {"header-not-an-object": "UNSUPPORTED_FORMAT"}


class VcJoseCose(Format):
    name = "vc+jwt"
    codes: ClassVar[dict[str, str]] = _UNROUTABLE

    def header(self) -> dict[str, Any]:
        return {"alg": "EdDSA", "kid": self.key.kid, "typ": "vc+jwt", "cty": "vc"}

    def payload(self, **claims: Any) -> bytes:
        vc = {"@context": [V2], "type": ["VerifiableCredential"], "issuer": self.key.controller}
        return jbytes(
            {**vc, "credentialSubject": {"id": "did:example:ana"}, "iss": self.key.controller, **claims}
        )


class VcJwt(Format):
    name = "vc-jwt"
    codes: ClassVar[dict[str, str]] = _UNROUTABLE

    def header(self) -> dict[str, Any]:
        return {"alg": "EdDSA", "kid": self.key.kid, "typ": "JWT"}

    def payload(self, **claims: Any) -> bytes:
        vc: dict[str, Any] = {
            "@context": [V1],
            "type": ["VerifiableCredential"],
            "issuanceDate": "2025-01-01T00:00:00Z",
        }
        vc["credentialSubject"] = {"id": "did:example:ana"}
        return jbytes({"iss": self.key.controller, "vc": vc, **claims})


class VpJwt(Format):
    name = "vp+jwt"

    def header(self) -> dict[str, Any]:
        return {"alg": "EdDSA", "kid": self.key.kid, "typ": "vp+jwt", "cty": "vp"}

    def payload(self, **claims: Any) -> bytes:
        vp = {"@context": [V2], "type": ["VerifiablePresentation"], "holder": self.key.controller}
        return jbytes({**vp, "verifiableCredential": [], **claims})

    def verify(self, secured: Any) -> tuple[bool, list[str]]:
        options = VerifyOptions(loader=DocumentLoader(), resolver=default_resolver(), clock=FixedClock(NOW))
        outcome = verify_presentation(secured, options)
        proof = [c for c in outcome.checks if c.name == "proof"]
        return bool(proof) and all(c.passed for c in proof), [c.code for c in outcome.checks if not c.passed]


class Jades(Format):
    name = "jades"
    has_claims = False
    #: the payload is a JSON string of the serialization: bytes that are not UTF-8 reach it as lone surrogates
    codes: ClassVar[dict[str, str]] = {"payload-not-utf8": "JSON_INVALID_UNICODE"}

    def __init__(self, keys: dict[str, Any], seal: tuple[Any, Any]) -> None:
        super().__init__(keys, seal)
        self.template = _issue(_v1_credential(self.seal_key.controller), self.seal_key, "jades")

    def header(self) -> dict[str, Any]:
        header: dict[str, Any] = json.loads(b64d(self.template["signatures"][0]["protected"]))
        return header

    def payload(self, **claims: Any) -> bytes:
        return jbytes(_v1_credential(self.seal_key.controller))

    def build(self, header: bytes, payload: bytes) -> Any:
        protected = b64e(header)
        text = payload.decode("utf-8", "surrogateescape")
        signing_input = protected.encode() + b"." + payload
        signature = self.seal_key.sign(signing_input, "ES256")
        return {"payload": text, "signatures": [{"protected": protected, "signature": b64e(signature)}]}


class Jws2020(Format):
    name = "jws-2020"
    has_payload = False
    has_claims = False

    def __init__(self, keys: dict[str, Any], seal: tuple[Any, Any]) -> None:
        super().__init__(keys, seal)
        self.template = _issue(_v1_credential(self.key.controller), self.key, "jws-2020")

    def header(self) -> dict[str, Any]:
        header: dict[str, Any] = json.loads(b64d(self.template["proof"]["jws"].split(".")[0]))
        return header

    def build(self, header: bytes, payload: bytes) -> Any:
        """The issued credential with its JWS header replaced (the header rules are checked before the signature)."""
        original = self.template["proof"]["jws"]
        jws = original if header == jbytes(self.header()) else f"{b64e(header)}..{original.split('.')[2]}"
        return {**self.template, "proof": {**self.template["proof"], "jws": jws}}


FORMATS: list[type[Format]] = [VcJoseCose, VcJwt, VpJwt, Jades, Jws2020]


@pytest.fixture(scope="module")
def formats(keys: dict[str, Any], seal_chains: dict[str, Any]) -> dict[str, Format]:
    return {cls.name: cls(keys, seal_chains["P-256"]) for cls in FORMATS}


def _ids(rules: dict[str, Any], applies: Callable[[type[Format]], bool] = lambda f: True) -> list[Any]:
    """(format, rule) pairs for every format the rules apply to (jws-2020 has no JSON payload, only the JWT
    formats have claims)."""
    return [
        pytest.param(f.name, rule, id=f"{f.name}-{rule}") for f in FORMATS if applies(f) for rule in rules
    ]


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
def test_positive_control(formats: dict[str, Format], fmt: str) -> None:
    f = formats[fmt]
    accepted, failed = f.verify(f.build(jbytes(f.header()), f.payload()))
    assert accepted, failed


@pytest.mark.parametrize(("fmt", "rule"), _ids(HEADER_RULES))
def test_header_rule(formats: dict[str, Format], fmt: str, rule: str) -> None:
    f = formats[fmt]
    change, code = HEADER_RULES[rule]
    code = f.codes.get(rule, code)
    accepted, failed = f.verify(f.build(change(f.header()), f.payload()))
    assert not accepted and code in failed, failed


@pytest.mark.parametrize(("fmt", "rule"), _ids(PAYLOAD_RULES, lambda f: f.has_payload))
def test_payload_rule(formats: dict[str, Format], fmt: str, rule: str) -> None:
    f = formats[fmt]
    change, code = PAYLOAD_RULES[rule]
    code = f.codes.get(rule, code)
    accepted, failed = f.verify(f.build(jbytes(f.header()), change(f.payload())))
    assert not accepted and code in failed, failed


@pytest.mark.parametrize(("fmt", "rule"), _ids(CLAIM_RULES, lambda f: f.has_claims))
def test_claim_rule(formats: dict[str, Format], fmt: str, rule: str) -> None:
    f = formats[fmt]
    claims, code = CLAIM_RULES[rule]
    accepted, failed = f.verify(f.build(jbytes(f.header()), f.payload(**claims)))
    if code is None:
        assert accepted and not any(c in failed for c in ("CLAIM_INVALID", "SIGNATURE_INVALID")), failed
    else:
        assert not accepted and code in failed, failed


@pytest.mark.parametrize("fmt", ["vc+jwt", "vc-jwt", "vp+jwt", "jades", "jws-2020"])
def test_base64url_errors_are_reported_as_such(formats: dict[str, Format], fmt: str) -> None:
    """A padded (non-canonical) header segment: BASE64URL_ERROR, never JSON_PARSE_ERROR."""
    f = formats[fmt]
    secured = f.build(jbytes(f.header()), f.payload())
    if isinstance(secured, str):
        head, rest = secured.split(".", 1)
        secured = f"{head}=.{rest}"
    elif "signatures" in secured:
        entry = secured["signatures"][0]
        secured = {**secured, "signatures": [{**entry, "protected": entry["protected"] + "="}]}
    else:
        jws = secured["proof"]["jws"]
        secured = {**secured, "proof": {**secured["proof"], "jws": "=" + jws}}
    accepted, failed = f.verify(secured)
    assert not accepted and "BASE64URL_ERROR" in failed and "JSON_PARSE_ERROR" not in failed, failed
