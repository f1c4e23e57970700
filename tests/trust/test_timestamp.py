"""RFC 3161 tokens (trust/timestamp.py, trust/cms_signature.py, trust/tsa.py): intact and broken tokens."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from asn1crypto import cms, core
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from microcred.clock import FixedClock
from microcred.trust.timestamp import TimeStampToken, check_token, timestamping_eku_problem
from microcred.trust.tsa import LocalTimeStampAuthority

from .tl_factory import T0, certificate, ec_key, name

KEY = ec_key(20)
AT = T0 + dt.timedelta(days=2)


def tsa_certificate(eku: list[x509.ObjectIdentifier] | None, critical: bool = True) -> x509.Certificate:
    extensions: list[tuple[x509.ExtensionType, bool]] = (
        [] if eku is None else [(x509.ExtendedKeyUsage(eku), critical)]
    )
    return certificate(name("Token test TSA"), KEY, None, KEY, serial=9, extensions=extensions)


GOOD_CERT = tsa_certificate([ExtendedKeyUsageOID.TIME_STAMPING])


def token(cert: x509.Certificate = GOOD_CERT, data: bytes = b"covered bytes") -> bytes:
    return LocalTimeStampAuthority(KEY, cert, clock=FixedClock(AT)).timestamp(data)


def rebuilt(der: bytes, edit: str) -> bytes:
    info = cms.ContentInfo.load(der)
    signed = info["content"]
    if edit == "signature":
        sig = bytearray(signed["signer_infos"][0]["signature"].native)
        sig[-3] ^= 1
        signed["signer_infos"][0]["signature"] = bytes(sig)
    elif edit == "content":
        content = bytearray(signed["encap_content_info"]["content"].contents)
        content[-3] ^= 1  # inside genTime's digits
        signed["encap_content_info"]["content"] = core.ParsableOctetString(bytes(content))
    elif edit == "certificates":
        signed["certificates"] = None
    return bytes(info.dump(force=True))


def test_intact_token() -> None:
    parsed = TimeStampToken.parse(base64.b64encode(token()).decode())
    assert parsed.gen_time == AT and parsed.policy == "0.4.0.2023.1.1" and parsed.certificates == [GOOD_CERT]
    result = check_token(parsed, b"covered bytes")
    assert result.intact and result.tsa_certificate == GOOD_CERT


def test_imprint_over_other_bytes() -> None:
    result = check_token(TimeStampToken.parse(token()), b"other bytes")
    assert not result.imprint_intact and result.signature_problem is None


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ("signature", "does not verify"),
        ("content", "message-digest"),
        ("certificates", "neither in the token"),
    ],
)
def test_broken_token(edit: str, problem: str) -> None:
    parsed = TimeStampToken.parse(rebuilt(token(), edit))
    result = check_token(parsed, b"covered bytes")
    assert result.signature_problem is not None and problem in result.signature_problem


def test_tsa_certificate_from_x_vals() -> None:
    parsed = TimeStampToken.parse(rebuilt(token(), "certificates"))
    assert check_token(parsed, b"covered bytes", [GOOD_CERT]).intact


@pytest.mark.parametrize(
    ("cert", "problem"),
    [
        (tsa_certificate(None), "no extendedKeyUsage"),
        (tsa_certificate([ExtendedKeyUsageOID.TIME_STAMPING], critical=False), "not critical"),
        (
            tsa_certificate([ExtendedKeyUsageOID.TIME_STAMPING, ExtendedKeyUsageOID.CODE_SIGNING]),
            "not exactly",
        ),
    ],
)
def test_tsa_key_usage(cert: x509.Certificate, problem: str) -> None:
    assert problem in (timestamping_eku_problem(cert) or "")
    assert not check_token(TimeStampToken.parse(token(cert)), b"covered bytes").intact


@pytest.mark.parametrize(
    "value", ["not base64!", base64.b64encode(b"\x30\x03\x02\x01\x01").decode(), b"\x00" * 10]
)
def test_not_a_token(value: str | bytes) -> None:
    with pytest.raises(ValueError, match="token"):
        TimeStampToken.parse(value)


def test_ess_signing_certificate_attribute() -> None:
    from microcred.trust.timestamp import signing_certificate_problem

    signer = TimeStampToken.parse(token()).signed_data["signer_infos"][0]
    assert signing_certificate_problem(signer, GOOD_CERT) is None
    other = tsa_certificate([ExtendedKeyUsageOID.TIME_STAMPING, ExtendedKeyUsageOID.CODE_SIGNING])
    assert "another certificate" in (signing_certificate_problem(signer, other) or "")
    kept = [a for a in signer["signed_attrs"] if a["type"].native != "signing_certificate_v2"]
    signer["signed_attrs"] = cms.CMSAttributes(kept)
    assert "no ESS signing-certificate" in (signing_certificate_problem(signer, GOOD_CERT) or "")
