"""JAdES seals as microcred issues them, the seal checks, trust, and the certificate <-> issuer rule."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import microcred
from microcred.demo_ca import make_test_certificate_chain
from microcred.keys import issuer_serial_kid, x5c_encode, x5t_s256
from microcred.verification.certificate_issuer import identifier_matches, issuer_certificate_check

from .jose_helpers import NOW, b64d, b64e, jbytes


def _seal(seal_chains: dict[str, Any], mc: Any, kt: str = "RSA") -> tuple[dict[str, Any], Any, Any]:
    key, ca = seal_chains[kt]
    return microcred.issue(mc, key, format="jades", now=NOW), key, ca


def _resign(
    secured: dict[str, Any], key: Any, header: dict[str, Any], payload: str | None = None
) -> dict[str, Any]:
    payload = secured["payload"] if payload is None else payload
    protected = b64e(jbytes(header))
    signature = key.sign(protected.encode() + b"." + payload.encode(), header.get("alg", key.alg))
    return {"payload": payload, "signatures": [{"protected": protected, "signature": b64e(signature)}]}


def _header(secured: dict[str, Any]) -> dict[str, Any]:
    header: dict[str, Any] = json.loads(b64d(secured["signatures"][0]["protected"]))
    return header


def test_issued_seal_has_the_edc_shape(seal_chains: dict[str, Any], mc: Any) -> None:
    secured, key, _ = _seal(seal_chains, mc)
    assert list(secured) == ["payload", "signatures"] and list(secured["signatures"][0]) == [
        "protected",
        "signature",
    ]
    leaf = key.certificate_chain[0]
    assert _header(secured) == {
        "alg": "RS256",
        "cty": "octet-stream",
        "kid": issuer_serial_kid(leaf),
        "x5t#S256": x5t_s256(leaf),
        "x5c": x5c_encode([leaf]),  # the self-signed CA is a trust anchor, not part of x5c
        "typ": "jose+json",
        "b64": False,
        "sigT": NOW,
        "crit": ["b64", "sigT"],
    }
    assert json.loads(secured["payload"])["issuer"]["legalName"]


def test_flattened_syntax_is_accepted(seal_chains: dict[str, Any], mc: Any) -> None:
    secured, _, ca = _seal(seal_chains, mc)
    flat = {"payload": secured["payload"], **secured["signatures"][0]}
    assert microcred.verify(flat, now=NOW, trust_anchors=[ca]).verified


def test_no_trust_anchor_is_an_error(seal_chains: dict[str, Any], mc: Any) -> None:
    secured, _, _ = _seal(seal_chains, mc)
    result = microcred.verify(secured, now=NOW)
    assert (result.check("trust").status.value, result.check("trust").code) == (
        "error",
        "TRUST_ANCHOR_MISSING",
    )
    assert result.check("proof").passed and not result.verified


def test_wrong_trust_anchor_fails(
    seal_chains: dict[str, Any], mc: Any, cert_chain_anchors: dict[str, Any]
) -> None:
    secured, _, _ = _seal(seal_chains, mc)
    result = microcred.verify(secured, now=NOW, trust_anchors=[cert_chain_anchors["P-256"]])
    assert (result.check("trust").status.value, result.check("trust").code) == (
        "failed",
        "TRUST_CHAIN_INVALID",
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"x5t#S256": "AAAA"}, "X5T_MISMATCH"),
        ({"x5t#S256": None}, "X5T_MISMATCH"),
        ({"kid": "MAA="}, "KID_MISMATCH"),
        ({"x5c": ["not base64!"]}, "X5C_INVALID"),
        ({"x5c": None}, "X5C_INVALID"),
        ({"sigT": "yesterday"}, "SIGT_INVALID"),
        ({"sigT": "2046-01-01T00:00:00Z"}, "SIGT_OUTSIDE_CERTIFICATE_VALIDITY"),
        ({"sigT": "2026-02-01T00:00:00Z"}, "SIGT_IN_FUTURE"),
        ({"crit": ["b64"]}, "SIGT_MISSING"),
        ({"crit": ["b64", "sigT", "sigD"], "sigD": {}}, "CRIT_UNKNOWN"),
        ({"alg": "PS512"}, "SIGNATURE_INVALID"),
        ({"alg": "ES256"}, "ALG_KEY_MISMATCH"),
        ({"alg": "EdDSA"}, "ALG_UNSUPPORTED"),
        ({"zip": "DEF"}, "COMPRESSION_NOT_ALLOWED"),
    ],
    ids=lambda v: json.dumps(v) if isinstance(v, dict) else v,
)
def test_seal_checks(change: dict[str, Any], code: str, seal_chains: dict[str, Any], mc: Any) -> None:
    secured, key, ca = _seal(seal_chains, mc)
    header = {k: v for k, v in {**_header(secured), **change}.items() if v is not None}
    forged = _resign(secured, key, {**header, "alg": "RS256"})
    forged["signatures"][0]["protected"] = b64e(jbytes(header))  # the header as the attacker wants it
    if code not in ("SIGNATURE_INVALID", "ALG_KEY_MISMATCH", "ALG_UNSUPPORTED"):
        forged = _resign(secured, key, header)
    result = microcred.verify(forged, now=NOW, trust_anchors=[ca])
    assert (result.check("proof").status.value, result.check("proof").code) == ("failed", code), (
        result.summary()
    )


def test_certificate_of_another_key_fails(seal_chains: dict[str, Any], mc: Any) -> None:
    """x5c names the P-256 seal's certificate, but the RSA seal key signed: the signature cannot verify."""
    secured, rsa_key, ca = _seal(seal_chains, mc)
    other = seal_chains["P-256"][0].certificate_chain[0]
    header = {
        **_header(secured),
        "x5c": x5c_encode([other]),
        "x5t#S256": x5t_s256(other),
        "kid": issuer_serial_kid(other),
    }
    forged = _resign(secured, rsa_key, {**header, "alg": "RS256"})
    result = microcred.verify(forged, now=NOW, trust_anchors=[ca])
    assert result.check("proof").code == "ALG_KEY_MISMATCH"


def test_two_signatures_are_refused(seal_chains: dict[str, Any], mc: Any) -> None:
    secured, _, ca = _seal(seal_chains, mc)
    secured["signatures"] *= 2
    assert microcred.verify(secured, now=NOW, trust_anchors=[ca]).check("proof").code == "TOO_MANY_SIGNATURES"


def test_expired_certificate_cannot_seal(keys: dict[str, Any], mc: Any) -> None:
    key, _ = make_test_certificate_chain(
        keys["RSA"],
        ca_key=keys["P-256"],
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(microcred.errors.SigningError, match="not valid"):
        microcred.issue(mc, key, format="jades", now=NOW)


# -- the issuer <-> certificate rule ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("oi", "notation", "match"),
    [
        ("VATES-A00000000", "VATES-A00000000", True),
        ("VATES-A00000000", "A00000000", True),
        ("VATES-A00000000", "ESA00000000", True),
        ("vates-a00000000", "VATES-A00000000", True),
        ("NTRBE-0123456789", "0123456789", True),
        ("VATES-A00000000", "B00000000", False),
        ("IE-VAT-6543210A-DCO", "IE-VAT-6543210A-DCO", True),
        ("IE-VAT-6543210A-DCO", "6543210A", False),
    ],
)
def test_identifier_matches(oi: str, notation: str, match: bool) -> None:
    assert identifier_matches(oi, notation) is match


def _cert(keys: dict[str, Any], **subject: Any) -> Any:
    key, _ = make_test_certificate_chain(keys["P-256"], ca_key=keys["P-256"], **subject)
    return key.certificate_chain[0]


ISSUER = {
    "id": "urn:epass:org:1",
    "type": "Organisation",
    "legalName": {"en": "University of Zed", "de": "Universität Zed"},
    "eIDASIdentifier": {"type": "LegalIdentifier", "notation": "VATIE-6543210A"},
}


@pytest.mark.parametrize(
    ("subject", "issuer", "expected"),
    [
        (
            {"organization": "Other", "organization_identifier": "VATIE-6543210A"},
            ISSUER,
            ("passed", "identifier"),
        ),
        (
            {"organization": "University of Zed", "organization_identifier": "VATIE-0000000"},
            ISSUER,
            ("failed", "identifier"),
        ),
        ({"organization": "universität  zed"}, ISSUER, ("passed", "name")),
        ({"organization": "Other"}, ISSUER, ("failed", "name")),
        ({"organization": None}, ISSUER, ("error", None)),
        ({"organization": "University of Zed"}, {"id": "urn:x", "type": "Organisation"}, ("error", None)),
        ({"organization": "University of Zed"}, "did:example:issuer", ("error", None)),
    ],
    ids=[
        "identifier",
        "identifier-mismatch",
        "name",
        "name-mismatch",
        "nothing-in-cert",
        "nothing-in-issuer",
        "issuer-is-a-url",
    ],
)
def test_issuer_certificate_rule(
    subject: dict[str, Any], issuer: Any, expected: tuple[str, Any], keys: dict[str, Any]
) -> None:
    check = issuer_certificate_check({"issuer": issuer}, _cert(keys, **subject))
    assert (check.status.value, check.details.get("rule")) == expected
    assert (
        check.code
        == {
            "passed": "ISSUER_CERTIFICATE_MATCHES",
            "failed": "ISSUER_CERTIFICATE_MISMATCH",
            "error": "ISSUER_UNCHECKED",
        }[expected[0]]
    )


def test_seal_of_another_organisation_fails_issuer(keys: dict[str, Any], mc: Any) -> None:
    key, ca = make_test_certificate_chain(
        keys["RSA"], ca_key=keys["P-256"], organization="Someone Else", organization_identifier="VATXX-1"
    )
    result = microcred.verify(microcred.issue(mc, key, format="jades", now=NOW), now=NOW, trust_anchors=[ca])
    assert (result.check("issuer").status.value, result.check("issuer").code) == (
        "failed",
        "ISSUER_CERTIFICATE_MISMATCH",
    )
    assert result.check("proof").passed and result.check("trust").passed


def test_compact_jades_with_encoded_payload(seal_chains: dict[str, Any], mc: Any) -> None:
    """A compact JAdES token (encoded payload, no b64) is detected by its sigT/x5t#S256 and verified too."""
    secured, key, ca = _seal(seal_chains, mc)
    header = {k: v for k, v in _header(secured).items() if k not in ("b64", "typ", "cty")}
    header["crit"] = ["sigT"]
    protected, payload = b64e(jbytes(header)), b64e(secured["payload"].encode())
    token = f"{protected}.{payload}.{b64e(key.sign(f'{protected}.{payload}'.encode(), 'RS256'))}"
    result = microcred.verify(token, now=NOW, trust_anchors=[ca])
    assert result.format == "jades" and result.verified, result.summary()
    tampered = f"{protected}.{b64e(secured['payload'].replace('Ana', 'Eve').encode())}.{token.split('.')[2]}"
    assert microcred.verify(tampered, now=NOW, trust_anchors=[ca]).check("proof").code == "SIGNATURE_INVALID"
