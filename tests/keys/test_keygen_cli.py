"""``microcred keygen``: a 0600 private JWK whose kid is its verification method id; public key printing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cryptography import x509

from microcred.cli.main import main
from microcred.keys import Key
from microcred.resolve import StaticResolver, default_resolver


@pytest.mark.parametrize(
    ("alg", "did", "prefix"),
    [
        ("Ed25519", None, "did:key:z6Mk"),
        ("P-256", "key", "did:key:zDna"),
        ("P-384", "jwk", "did:jwk:"),
        ("secp256k1", "key", "did:key:zQ3s"),
        ("RSA", None, "did:jwk:"),
    ],
)
def test_keygen_writes_private_jwk(tmp_path: Path, alg: str, did: str | None, prefix: str) -> None:
    out = tmp_path / "key.jwk"
    args = ["keygen", "--alg", alg, "-o", str(out)] + (["--did", did] if did else [])
    assert main(args) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    jwk = json.loads(out.read_text())
    assert "d" in jwk and jwk["kid"].startswith(prefix)
    key = Key.load(out)
    assert key.key_type == alg and key.is_private
    method = default_resolver().resolve(jwk["kid"])  # the kid resolves to this very key
    assert method.key.thumbprint() == key.thumbprint()


def test_keygen_did_none_with_and_without_kid(tmp_path: Path) -> None:
    assert (
        main(
            [
                "keygen",
                "--alg",
                "P-256",
                "--did",
                "none",
                "--kid",
                "https://u.example/i#k1",
                "-o",
                str(tmp_path / "a.jwk"),
            ]
        )
        == 0
    )
    assert Key.load(tmp_path / "a.jwk").kid == "https://u.example/i#k1"
    assert main(["keygen", "--alg", "P-256", "--did", "none", "-o", str(tmp_path / "b.jwk")]) == 0
    key = Key.load(tmp_path / "b.jwk")
    assert key.kid == key.thumbprint()


def test_keygen_with_certificate(tmp_path: Path) -> None:
    out = tmp_path / "seal.jwk"
    assert (
        main(
            [
                "keygen",
                "--alg",
                "P-256",
                "--did",
                "none",
                "--kid",
                "urn:x:seal",
                "--with-certificate",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    key = Key.load(out)
    assert len(key.certificate_chain) == 2
    ca = tmp_path / "seal.ca.pem"
    assert ca.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    anchor = x509.load_pem_x509_certificate(ca.read_bytes())
    assert anchor == key.certificate_chain[1]


def test_keygen_public(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "key.jwk"
    assert main(["keygen", "--alg", "Ed25519", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["keygen", "--public", str(out)]) == 0
    captured = capsys.readouterr()
    public = json.loads(captured.out)
    assert "d" not in public and public["kid"].startswith("did:key:z6Mk")
    assert "publicKeyMultibase: z6Mk" in captured.err and "did: did:key:" in captured.err
    assert main(["keygen", "--public", str(out), "--keys-json", "-o", str(tmp_path / "KEYS.json")]) == 0
    resolver = StaticResolver.from_file(tmp_path / "KEYS.json")
    assert resolver.resolve(public["kid"]).key.thumbprint() == Key.load(out).thumbprint()


@pytest.mark.parametrize(
    "args",
    [
        ["keygen"],
        ["keygen", "--alg", "Ed25519"],
        ["keygen", "--alg", "Ed25519", "-o", "-"],
        ["keygen", "--alg", "Ed25519", "--kid", "x", "-o", "k.jwk"],
        ["keygen", "--alg", "RSA", "--did", "key", "-o", "k.jwk"],
        ["keygen", "--alg", "Ed25519", "--keys-json", "-o", "k.jwk"],
        ["keygen", "--public", "k.jwk", "--alg", "Ed25519"],
        ["keygen", "--public", "missing.jwk"],
    ],
)
def test_keygen_usage_errors(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "key.jwk"
    assert main(["keygen", "--alg", "Ed25519", "-o", str(out)]) == 0
    before = out.read_text()
    assert main(["keygen", "--alg", "Ed25519", "-o", str(out)]) == 2
    assert out.read_text() == before
    assert main(["keygen", "--alg", "Ed25519", "-o", str(out), "--force"]) == 0
    assert out.read_text() != before


def test_keygen_seal_identity_makes_a_jades_seal_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """keygen --with-certificate with the issuer's O / organizationIdentifier / C, issue -f jades, verify."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    key = tmp_path / "seal.jwk"
    argv = ["keygen", "--alg", "P-256", "--did", "none", "--with-certificate", "-o", str(key)]
    identity = ["--organization", "University of Zed Digital Credentials Office"]
    identity += ["--organization-identifier", "IE-VAT-6543210A-DCO", "--country", "IE"]
    assert main([*argv, *identity]) == 0
    subject = Key.load(key).certificate_chain[0].subject.rfc4514_string()
    assert "2.5.4.97=IE-VAT-6543210A-DCO" in subject and "C=IE" in subject
    sealed = tmp_path / "sealed.json"
    now = "2026-01-15T12:00:00Z"
    issue = ["issue", str(examples / "microcredential.json"), "--key", str(key), "-f", "jades"]
    assert main([*issue, "--now", now, "-o", str(sealed)]) == 0
    capsys.readouterr()
    anchor = str(tmp_path / "seal.ca.pem")
    code = main(["verify", "--json", "--now", now, "--trust-anchor", anchor, str(sealed)])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["verified"] is True
    issuer = next(c for c in result["checks"] if c["name"] == "issuer")
    assert issuer["code"] == "ISSUER_CERTIFICATE_MATCHES"
    # without the identity the same flow is refused: the certificate does not name the issuer
    other = tmp_path / "other.jwk"
    assert main(["keygen", "--alg", "P-256", "--did", "none", "--with-certificate", "-o", str(other)]) == 0
    issue[3] = str(other)
    assert main([*issue, "--now", now, "-o", str(tmp_path / "s2.json")]) == 0
    capsys.readouterr()
    anchor = str(tmp_path / "other.ca.pem")
    assert main(["verify", "--json", "--now", now, "--trust-anchor", anchor, str(tmp_path / "s2.json")]) != 0
    result = json.loads(capsys.readouterr().out)
    assert next(c for c in result["checks"] if c["name"] == "issuer")["code"] == "ISSUER_CERTIFICATE_MISMATCH"


@pytest.mark.parametrize(
    "extra",
    [
        ["--organization", "X"],
        ["--with-certificate", "--country", "Ireland"],
        ["--with-certificate", "--country", "ie"],
    ],
)
def test_keygen_seal_identity_usage_errors(extra: list[str], tmp_path: Path) -> None:
    assert main(["keygen", "--alg", "P-256", "--did", "none", *extra, "-o", str(tmp_path / "k.jwk")]) == 2
