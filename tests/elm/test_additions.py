"""Non-standard additions seen in real EDCs: a top-level ``cnf`` and a ``StatusList2021Entry`` status entry.

The EDC is the official Sample-MC-Annex1 payload with those members added, JAdES-sealed as a third-party sealer
would (the JAdES suite directly: microcred's own ``issue`` refuses to sign undefined members). Reading, writing
and verifying never crash; what is undefined, that the seal signs it and what the EDC shapes say are reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred import verify
from microcred.clock import FixedClock
from microcred.elm import from_elm, to_elm, unwrap_credential
from microcred.keys import Key
from microcred.shacl import validate
from microcred.suites.base import ProofOptions
from microcred.suites.jades import Jades
from microcred.undefined_members import describe, undefined_members

DATA = Path(__file__).resolve().parents[1] / "data"
NOW = "2026-01-15T12:00:00Z"
CNF = {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}
STATUS = {
    "id": "https://status.example.org/lists/1#94567",
    "type": "StatusList2021Entry",
    "statusPurpose": "revocation",
    "statusListIndex": "94567",
    "statusListCredential": "https://status.example.org/lists/1",
}
UNDEFINED = [
    "$.cnf",
    "$.credentialStatus.type",
    "$.credentialStatus.statusPurpose",
    "$.credentialStatus.statusListIndex",
    "$.credentialStatus.statusListCredential",
]


def _credential() -> dict[str, Any]:
    sample = json.loads((DATA / "elm" / "official" / "Sample-MC-Annex1-signed.jsonld").read_text("utf-8"))
    cred = unwrap_credential(sample)
    cred["cnf"] = CNF
    cred["credentialStatus"] = STATUS
    return cred


@pytest.fixture(scope="module")
def sealed() -> dict[str, Any]:
    key = Key.load(DATA / "keys" / "seal-p256.jwk")
    return Jades().issue(_credential(), key, ProofOptions(clock=FixedClock(NOW)))


def _verify(document: Any) -> Any:
    anchor = (DATA / "keys" / "seal-p256-ca.pem").read_bytes()
    return verify(document, now=NOW, trust_anchors=[anchor])


def test_undefined_members_are_listed() -> None:
    assert sorted(u["path"] for u in undefined_members(_credential())) == sorted(UNDEFINED)
    text = describe(undefined_members(_credential()), signed_as="jades")
    assert "5 member(s)" in text and "$.cnf" in text and "StatusList2021Entry" in text
    assert "jades signature covers the JSON bytes, so they are signed" in text
    assert "signed" not in describe(undefined_members(_credential()), signed_as="eddsa-rdfc-2022")


def test_verification_reports_them_without_crashing(sealed: dict[str, Any]) -> None:
    result = _verify(sealed)
    checks = {c.name: c for c in result.checks}
    assert checks["proof"].passed  # the seal is valid: the additions are part of the signed bytes
    schema = checks["schema"]
    assert schema.code == "DATA_LOSS_DETECTION_ERROR" and not schema.passed
    assert sorted(e["path"] for e in schema.details["errors"]) == sorted(UNDEFINED)
    assert schema.details["signedAsBytes"] is True
    assert "covers the JSON bytes" in schema.message
    assert checks["status"].status == "error"  # a StatusList2021 list that was not given: could not check
    assert not result.verified


def test_the_additions_are_signed(sealed: dict[str, Any]) -> None:
    payload = json.loads(sealed["payload"])
    payload["cnf"]["jwk"]["x"] = "A" * 43
    tampered = {**sealed, "payload": json.dumps(payload, separators=(",", ":"), ensure_ascii=False)}
    proof = next(c for c in _verify(tampered).checks if c.name == "proof")
    assert not proof.passed


def test_reading_and_writing_keep_them(sealed: dict[str, Any]) -> None:
    mc = from_elm(sealed)
    out = to_elm(mc)
    assert out["cnf"] == CNF and out["credentialStatus"] == STATUS
    assert out == json.loads(sealed["payload"])


def test_edc_shapes_compared() -> None:
    """The EDC shapes see the credential's graph: no rule about cnf; the defined ``credentialStatus`` member
    does reach them, and edc-generic-full expects its value to be an xsd:anyURI literal."""
    with_additions = validate(_credential(), profile="edc-full").violations
    plain = {k: v for k, v in _credential().items() if k not in ("cnf", "credentialStatus")}
    assert validate(plain, profile="edc-full").violations == []
    dropped = sorted(v.path for v in with_additions if v.shape == "jsonld:DroppedData")
    assert dropped == sorted(UNDEFINED)
    shapes = [v for v in with_additions if v.shape != "jsonld:DroppedData"]
    assert [(v.shape, v.path) for v in shapes] == [
        ("edc:EuropeanDigitalCredential-cred_credentialStatus", "cred:credentialStatus")
    ]


def test_convert_warns_and_keeps_them(
    sealed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microcred.cli.main import main

    src, out = tmp_path / "sealed.json", tmp_path / "out.json"
    src.write_text(json.dumps(sealed), encoding="utf-8")
    assert main(["convert", str(src), "--to", "elm", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "5 member(s) are not defined by the credential's @context" in err and "$.cnf" in err
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(sealed["payload"])
