"""``microcred keygen --signer pkcs11:…`` and ``microcred issue --signer pkcs11:…|csc:…``; signer references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.cli.main import main
from microcred.errors import UsageError
from microcred.keys import Key
from microcred.signers.pkcs11_uri import parse_pkcs11_uri
from microcred.signers.uri import open_signer, parse_csc_reference

from .csc_server import CscTestServer, LoopbackTransport
from .softhsm import SoftHsm

NOW = "2026-01-15T12:00:00Z"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _uri(hsm: SoftHsm, label: str, extra: str = "") -> str:
    return (
        f"pkcs11:token={hsm.token};object={label}{extra}?module-path={hsm.module}&pin-source=env:TEST_HSM_PIN"
    )


def test_issue_with_a_token_key_from_the_command_line(
    softhsm: SoftHsm, keys: dict[str, Key], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("TEST_HSM_PIN", softhsm.pin)
    out = tmp_path / "vc.jwt"
    argv = ["issue", str(EXAMPLES / "microcredential.json"), "--signer", _uri(softhsm, "ed25519")]
    code = main([*argv, "--kid", keys["Ed25519"].kid or "", "-f", "vc+jwt", "--now", NOW, "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert microcred.verify(out.read_text().strip(), now=NOW).verified


def test_issue_refuses_a_pin_on_the_command_line_and_both_key_and_signer(
    softhsm: SoftHsm, tmp_path: Path, capsys: Any
) -> None:
    leaky = softhsm.uri("ed25519")  # pin-value=…
    code = main(["issue", str(EXAMPLES / "microcredential.json"), "--signer", leaky, "-f", "vc+jwt"])
    assert code != 0 and "pin-value" in capsys.readouterr().err
    code = main(["issue", str(EXAMPLES / "microcredential.json"), "-f", "vc+jwt"])
    assert code != 0 and "--signer" in capsys.readouterr().err


def test_keygen_generates_in_the_token(
    softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("TEST_HSM_PIN", softhsm.pin)
    for alg, label in (("P-256", "gen-p256"), ("Ed25519", "gen-ed25519"), ("RSA", "gen-rsa")):
        out = tmp_path / f"{label}.jwk"
        assert main(["keygen", "--alg", alg, "--signer", _uri(softhsm, label), "-o", str(out)]) == 0
        public = Key.from_jwk(json.loads(out.read_text()))
        assert not public.is_private and public.key_type == alg
        signer = open_signer(_uri(softhsm, label), env={"TEST_HSM_PIN": softhsm.pin})
        try:
            assert public.verify(b"x", signer.sign(b"x"))
        finally:
            signer.close()  # type: ignore[attr-defined]
    # the label is taken now
    code = main(
        ["keygen", "--alg", "P-256", "--signer", _uri(softhsm, "gen-p256"), "-o", str(tmp_path / "x")]
    )
    assert code != 0 and "already has" in capsys.readouterr().err


def test_csc_reference_and_its_secrets(seals: dict[str, Any], loopback_ports: set[int]) -> None:
    server = CscTestServer(seals["P-256"][0])
    loopback_ports.add(server.port)
    try:
        ref = f"csc:https://127.0.0.1:{server.port}?credential=seal-1&client_id=registrar"
        with pytest.raises(UsageError, match="MICROCRED_CSC_CLIENT_SECRET"):
            open_signer(ref, env={})
        signer = open_signer(
            ref, env={"MICROCRED_CSC_CLIENT_SECRET": "s3cret"}, transport=LoopbackTransport()
        )
        assert signer.certificate_chain == seals["P-256"][0].certificate_chain
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("csc:http://rss.example/api?client_id=a", "https"),
        ("csc:https://rss.example/api", "client_id"),
        ("csc:https://rss.example/api?client_id=a&client_secret=b", "leak"),
        ("csc:https://rss.example/api?client_id=a&colour=red", "unknown"),
        ("csc:https://rss.example/api?client_id=a&client_id=b", "repeated"),
    ],
)
def test_bad_csc_references(reference: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_csc_reference(reference)


def test_pkcs11_uri_parsing() -> None:
    uri = parse_pkcs11_uri(
        "pkcs11:token=My%20Token;object=seal;id=%01%ff;type=private?module-path=/m.so&pin-source=env:P"
    )
    assert (uri.token, uri.object, uri.key_id, uri.module_path) == ("My Token", "seal", b"\x01\xff", "/m.so")
    assert uri.pin(env={"P": "42"}) == "42"
    for bad, message in [
        ("token=x", "starts with"),
        ("pkcs11:colour=red", "unknown"),
        ("pkcs11:token=a;token=b", "repeated"),
        ("pkcs11:token", "no '='"),
        ("pkcs11:token=a?pin-value=1&pin-source=env:X", "not both"),
        ("pkcs11:token=%ff", "UTF-8"),
    ]:
        with pytest.raises(UsageError, match=message):
            parse_pkcs11_uri(bad)
    with pytest.raises(UsageError, match="not set"):
        parse_pkcs11_uri("pkcs11:object=a?pin-source=env:NOPE").pin(env={})
