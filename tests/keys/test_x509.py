"""X.509 for JAdES: x5c, x5t#S256, the EDC issuer-serial kid, and path validation."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from microcred.demo_ca import make_test_certificate_chain
from microcred.errors import KeyMaterialError
from microcred.keys import (
    Key,
    issuer_serial_der,
    issuer_serial_kid,
    issuer_serial_matches,
    load_certificate_chain,
    parse_issuer_serial,
    verify_chain,
    x5c_encode,
    x5t_s256,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "keys"
EDC = json.loads((VECTORS / "edc-jades-certificates.json").read_text())
NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def edc_leaf() -> x509.Certificate:
    return load_certificate_chain(EDC["protected_header"]["x5c"])[0]


@pytest.fixture(scope="module")
def edc_ca() -> x509.Certificate:
    return load_certificate_chain([EDC["issuing_ca_from_xVals"]])[0]


def test_edc_issuer_serial_kid_is_reproduced(edc_leaf: x509.Certificate) -> None:
    header = EDC["protected_header"]
    assert issuer_serial_kid(edc_leaf) == header["kid"]
    assert base64.b64decode(header["kid"]) == issuer_serial_der(edc_leaf)
    assert issuer_serial_matches(header["kid"], edc_leaf)
    name_der, serial = parse_issuer_serial(header["kid"])
    assert serial == edc_leaf.serial_number and name_der == edc_leaf.issuer.public_bytes()


def test_edc_thumbprint_and_x5c(edc_leaf: x509.Certificate) -> None:
    header = EDC["protected_header"]
    assert x5t_s256(edc_leaf) == header["x5t#S256"]
    assert x5c_encode([edc_leaf]) == header["x5c"]


def test_edc_certificate_key_loads_as_an_rsa_key(edc_leaf: x509.Certificate) -> None:
    key = Key.from_pem(edc_leaf.public_bytes(serialization.Encoding.PEM))
    assert key.key_type == "RSA" and EDC["protected_header"]["alg"] in key.allowed_algs
    assert key.certificate_chain == [edc_leaf] and not key.is_private


def test_edc_chain_validates_to_its_issuing_ca_at_signing_time(
    edc_leaf: x509.Certificate, edc_ca: x509.Certificate
) -> None:
    signed_at = dt.datetime.fromisoformat(EDC["protected_header"]["sigT"].replace("Z", "+00:00"))
    ok, reason = verify_chain([edc_leaf], [edc_ca], signed_at)
    assert ok, reason
    ok, reason = verify_chain([edc_leaf, edc_ca], [edc_ca], signed_at)
    assert ok, reason
    ok, reason = verify_chain([edc_leaf], [edc_ca], NOW)  # the test seal expired in 2025
    assert not ok and "not valid at" in reason


def test_issuer_serial_of_other_certificate_does_not_match(
    edc_leaf: x509.Certificate, cert_chain_keys: dict[str, Key]
) -> None:
    ours = cert_chain_keys["RSA"].certificate_chain[0]
    assert not issuer_serial_matches(EDC["protected_header"]["kid"], ours)
    assert issuer_serial_matches(issuer_serial_kid(ours), ours)


@pytest.mark.parametrize(
    "kid", ["", "not base64!", base64.b64encode(b"\x30\x03\x02\x01\x01").decode(), "MAA="]
)
def test_malformed_issuer_serial(kid: str, edc_leaf: x509.Certificate) -> None:
    with pytest.raises(KeyMaterialError):
        parse_issuer_serial(kid)
    assert not issuer_serial_matches(kid, edc_leaf)


def test_issuer_serial_der_handles_high_bit_serials() -> None:
    key = Key.generate("P-256", did=None)
    for serial in (1, 127, 128, 255, 2**159 - 1):
        cert = _cert(key, key, "self", "self", serial=serial, ca=True)
        assert parse_issuer_serial(issuer_serial_kid(cert))[1] == serial


# -- path validation -----------------------------------------------------------------------------------------


def test_fixed_test_chains_validate(
    cert_chain_keys: dict[str, Key], cert_chain_anchors: dict[str, Any]
) -> None:
    for alg, key in cert_chain_keys.items():
        chain = key.certificate_chain
        assert len(chain) == 2 and chain[-1] == cert_chain_anchors[alg]
        ok, reason = verify_chain(chain, [cert_chain_anchors[alg]], NOW)
        assert ok, reason
        ok, _ = verify_chain(chain[:1], [cert_chain_anchors[alg]], NOW)
        assert ok


def test_chain_problems(cert_chain_keys: dict[str, Key], cert_chain_anchors: dict[str, Any]) -> None:
    chain = cert_chain_keys["RSA"].certificate_chain
    anchor = cert_chain_anchors["RSA"]
    other_anchor = cert_chain_anchors["P-256"]
    cases = [
        (verify_chain(chain, [], NOW), "no trust anchor"),
        (verify_chain([], [anchor], NOW), "no certificate chain"),
        (verify_chain(chain[:1], [other_anchor], NOW), "does not lead to a trust anchor"),
        (verify_chain(chain, [other_anchor], NOW), "does not lead to a trust anchor"),
        (verify_chain(chain, [anchor], dt.datetime(2046, 1, 1, tzinfo=dt.UTC)), "not valid at"),
        (verify_chain(chain, [anchor], dt.datetime(2024, 12, 31, tzinfo=dt.UTC)), "not valid at"),
    ]
    for (ok, reason), expected in cases:
        assert not ok and expected in reason, (reason, expected)


def _cert(
    subject_key: Key,
    issuer_key: Key,
    subject: str,
    issuer: str,
    *,
    ca: bool,
    serial: int = 7,
    extra: list[tuple[x509.ExtensionType, bool]] | None = None,
    path_length: int | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(subject_key.public_key)
        .serial_number(serial)
        .not_valid_before(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
    )
    for ext, critical in extra or []:
        builder = builder.add_extension(ext, critical=critical)
    return builder.sign(issuer_key.private_key, hashes.SHA256())


@pytest.fixture(scope="module")
def three_keys() -> tuple[Key, Key, Key]:
    return (Key.generate("P-256", did=None), Key.generate("P-256", did=None), Key.generate("P-256", did=None))


def test_intermediate_must_be_a_ca(three_keys: tuple[Key, Key, Key]) -> None:
    root_key, mid_key, leaf_key = three_keys
    root = _cert(root_key, root_key, "root", "root", ca=True)
    not_ca = _cert(mid_key, root_key, "mid", "root", ca=False)
    leaf = _cert(leaf_key, mid_key, "leaf", "mid", ca=False)
    ok, reason = verify_chain([leaf, not_ca], [root], NOW)
    assert not ok and "not a CA" in reason
    mid = _cert(mid_key, root_key, "mid", "root", ca=True)
    ok, reason = verify_chain([leaf, mid], [root], NOW)
    assert ok, reason


def test_path_length_constraint(three_keys: tuple[Key, Key, Key]) -> None:
    root_key, mid_key, leaf_key = three_keys
    root = _cert(root_key, root_key, "root", "root", ca=True, path_length=0)
    mid = _cert(mid_key, root_key, "mid", "root", ca=True)
    leaf = _cert(leaf_key, mid_key, "leaf", "mid", ca=False)
    ok, reason = verify_chain([leaf, mid], [root], NOW)
    assert not ok and "path length" in reason


def test_unknown_critical_extension_is_refused(three_keys: tuple[Key, Key, Key]) -> None:
    root_key, _, leaf_key = three_keys
    root = _cert(root_key, root_key, "root", "root", ca=True)
    odd = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00")
    leaf = _cert(leaf_key, root_key, "leaf", "root", ca=False, extra=[(odd, True)])
    ok, reason = verify_chain([leaf], [root], NOW)
    assert not ok and "critical extension" in reason
    fine = _cert(leaf_key, root_key, "leaf", "root", ca=False, extra=[(odd, False)])
    assert verify_chain([fine], [root], NOW)[0]


def test_forged_signature_is_refused(three_keys: tuple[Key, Key, Key]) -> None:
    root_key, impostor_key, leaf_key = three_keys
    root = _cert(root_key, root_key, "root", "root", ca=True)
    forged = _cert(leaf_key, impostor_key, "leaf", "root", ca=False)  # right issuer name, wrong key
    ok, reason = verify_chain([forged], [root], NOW)
    assert not ok and "does not lead to a trust anchor" in reason


def test_ca_without_key_cert_sign_is_refused(three_keys: tuple[Key, Key, Key]) -> None:
    root_key, mid_key, leaf_key = three_keys
    root = _cert(root_key, root_key, "root", "root", ca=True)
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    mid = _cert(mid_key, root_key, "mid", "root", ca=True, extra=[(usage, True)])
    leaf = _cert(leaf_key, mid_key, "leaf", "mid", ca=False)
    ok, reason = verify_chain([leaf, mid], [root], NOW)
    assert not ok and "keyCertSign" in reason


def test_make_test_certificate_chain(keys: dict[str, Key]) -> None:
    for name in ("Ed25519", "P-384", "secp256k1"):
        key, ca = make_test_certificate_chain(keys[name], subject=f"seal {name}")
        assert key.kid == keys[name].kid and key.certificate_chain[-1] == ca
        assert key.certificate_chain[0].subject.rfc4514_string().startswith(f"CN=seal {name}")
        assert verify_chain(key.certificate_chain, [ca], NOW)[0]
        assert Key.from_jwk(key.to_jwk(private=True)).certificate_chain == key.certificate_chain


def test_load_certificate_chain_errors() -> None:
    with pytest.raises(KeyMaterialError):
        load_certificate_chain(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(KeyMaterialError):
        load_certificate_chain("no pem")
    with pytest.raises(KeyMaterialError, match="x5c\\[0\\]"):
        load_certificate_chain(["AAAA"])
    with pytest.raises(KeyMaterialError):
        load_certificate_chain(42)  # type: ignore[arg-type]


def test_the_key_layer_does_not_import_the_demo_ca() -> None:
    """Certificate *making* is for tests and demos (microcred.demo_ca); the key layer only reads certificates."""
    import subprocess
    import sys

    code = "import sys, microcred.keys, microcred.keys.x509; print('microcred.demo_ca' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
