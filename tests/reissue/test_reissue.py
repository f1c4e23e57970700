"""Re-sealing third-party EDCs: verify the official JAdES-sealed EC samples, re-issue their credential in another
format with a new key, and check that nothing but the issuer id and the seal changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred import verify
from microcred.cli.main import main
from microcred.elm import from_elm, unwrap_credential
from microcred.errors import VerificationError
from microcred.jsonld import canonicalize
from microcred.keys import Key
from microcred.reissue import reissue

DATA = Path(__file__).resolve().parents[1] / "data"
SEALED = [
    DATA / "elm" / "official" / n for n in ("Sample-MC-Annex1-signed.jsonld", "AA-Annex1-MC-signed.jsonld")
]
NOW = "2026-01-15T12:00:00Z"
KEYS = {
    "eddsa-rdfc-2022": "ed25519.jwk",
    "ecdsa-rdfc-2019": "p256.jwk",
    "jws-2020": "ed25519.jwk",
    "vc-jwt": "ed25519.jwk",
    "vc+jwt": "p256.jwk",
    "jades": "seal-p256.jwk",
}
ANCHOR = (DATA / "keys" / "seal-p256-ca.pem").read_bytes()


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _with_issuer(cred: dict[str, Any], issuer_id: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(cred))
    out["issuer"]["id"] = issuer_id
    return out


@pytest.mark.parametrize("fmt", sorted(KEYS))
@pytest.mark.parametrize("sample", SEALED, ids=[p.name for p in SEALED])
def test_reissue_official_sample(sample: Path, fmt: str) -> None:
    key = Key.load(DATA / "keys" / KEYS[fmt])
    done = reissue(_load(sample), key, format=fmt, now=NOW, require_trust=False)
    assert done.original.format == "jades"
    assert [c.code for c in done.original.checks if not c.passed] == ["TRUST_ANCHOR_MISSING"]
    result = verify(done.secured, now=NOW, trust_anchors=[ANCHOR])
    failed = [c.code for c in result.checks if not c.passed]
    if fmt == "jades":  # the test seal names another organisation than the credential's issuer
        assert failed == ["ISSUER_CERTIFICATE_MISMATCH"]
    else:
        assert result.verified, failed
    original = unwrap_credential(_load(sample))
    assert key.controller is not None
    expected = _with_issuer(original, key.controller)
    if fmt == "vc+jwt":  # VC-JOSE-COSE needs VC 2.0: the envelope changes, the facts do not
        assert from_elm(done.credential) == from_elm(expected)
    else:
        assert done.credential == expected  # nothing lost: the same JSON, the issuer id aside
        assert canonicalize(result.credential, safe=False) == canonicalize(expected, safe=False)


def test_a_failed_check_stops_reissue() -> None:
    sealed = _load(SEALED[0])
    payload = json.loads(sealed["payload"])
    payload["credentialSubject"]["fullName"] = {"en": "Someone Else"}
    sealed["payload"] = json.dumps(payload)
    key = Key.load(DATA / "keys" / "ed25519.jwk")
    with pytest.raises(VerificationError, match="proof") as info:
        reissue(sealed, key, now=NOW, require_trust=False)
    assert info.value.details["checks"]


def test_trust_is_required_by_default() -> None:
    key = Key.load(DATA / "keys" / "ed25519.jwk")
    with pytest.raises(VerificationError, match="TRUST_ANCHOR_MISSING"):
        reissue(_load(SEALED[0]), key, now=NOW)


def test_cli_reissue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reissued.json"
    key = str(DATA / "keys" / "ed25519.jwk")
    args = ["issue", str(SEALED[0]), "--reissue", "--key", key, "--format", "eddsa-rdfc-2022", "--now", NOW]
    assert main([*args, "-o", str(out)]) == 1  # no trust anchor for the EC test seal: refused
    assert "TRUST_ANCHOR_MISSING" in capsys.readouterr().err and not out.exists()
    assert main([*args, "--untrusted-ok", "-o", str(out)]) == 0
    secured = json.loads(out.read_text(encoding="utf-8"))
    assert secured["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verify(secured, now=NOW).verified
    assert main(["issue", str(SEALED[0]), "--key", key, "--untrusted-ok"]) == 2  # only with --reissue


def test_demo_sample_is_the_official_one() -> None:
    bundled = Path(__file__).resolve().parents[2] / "vocab" / "examples" / "edc" / SEALED[0].name
    assert bundled.read_bytes() == SEALED[0].read_bytes()


def test_reissue_a_data_integrity_credential_as_vc_jwt(keys: dict[str, Any]) -> None:
    from microcred.issuer import issue
    from microcred.model import example_microcredential

    original = issue(
        example_microcredential(), keys["Ed25519"], format="eddsa-rdfc-2022", data_model="v1", now=NOW
    )
    assert isinstance(original, dict)
    done = reissue(original, keys["P-256"], format="vc-jwt", now=NOW)
    assert verify(done.secured, now=NOW).verified
    payload = {k: v for k, v in original.items() if k != "proof"}
    assert done.credential == _with_issuer(payload, keys["P-256"].controller)
