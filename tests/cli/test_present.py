"""``microcred present`` and ``microcred verify --challenge --domain``; ``microcred issue --holder`` in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.keys import Key, b64url_decode_strict

NOW = "2026-01-15T12:00:00Z"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHALLENGE, DOMAIN = "c-7", "https://employer.example"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path, keys: dict[str, Key], capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    keys["P-256"].save(tmp_path / "issuer.jwk")
    keys["Ed25519"].save(tmp_path / "holder.jwk")
    code, _, err = run(
        capsys, "keygen", "--public", str(tmp_path / "holder.jwk"), "-o", str(tmp_path / "holder.pub.jwk")
    )
    assert code == 0, err
    assert "d" not in json.loads((tmp_path / "holder.pub.jwk").read_text())
    return {name: tmp_path / f"{name}.jwk" for name in ("issuer", "holder", "holder.pub")}


def _issue(capsys: Any, files: dict[str, Path], fmt: str, out: Path) -> None:
    code, _, err = run(
        capsys,
        "issue",
        str(EXAMPLES / "microcredential.json"),
        "--key",
        str(files["issuer"]),
        "--format",
        fmt,
        "--holder",
        str(files["holder.pub"]),
        "--now",
        NOW,
        "-o",
        str(out),
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("cred_format", "vp_format", "extra"),
    [
        ("ecdsa-rdfc-2019", "eddsa-rdfc-2022", []),
        ("ecdsa-jcs-2019", "eddsa-jcs-2022", []),
        ("vc+jwt", "eddsa-jcs-2022", []),
        ("vc+jwt", "vp+jwt", []),
        ("sd-jwt-vc", "sd-jwt", ["--disclose", "learner.givenName"]),
        ("ecdsa-sd-2023", "eddsa-rdfc-2022", ["--disclose", "/credentialSubject/fullName"]),
    ],
)
def test_issue_present_verify(
    tmp_path: Path,
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    cred_format: str,
    vp_format: str,
    extra: list[str],
) -> None:
    credential, vp = tmp_path / "credential", tmp_path / "presentation"
    _issue(capsys, files, cred_format, credential)
    argv = ["present", str(credential), "--key", str(files["holder"]), "--format", vp_format, *extra]
    argv += ["--challenge", CHALLENGE, "--domain", DOMAIN, "--now", NOW, "-o", str(vp)]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    common = [str(vp), "--now", NOW, "--domain", DOMAIN, "--json"]
    code, out, _ = run(capsys, "verify", *common, "--challenge", CHALLENGE)
    result = json.loads(out)
    assert code == 0 and result["verified"], out
    assert any(c["name"] == "holder" and c["status"] == "passed" for c in result["checks"])
    if vp_format == "sd-jwt":
        assert "dateOfBirth" not in vp.read_text()
    else:
        assert len(result["credentials"]) == 1 and result["credentials"][0]["verified"]
    if cred_format == "ecdsa-sd-2023":  # derived when presented: only what was disclosed
        subject = json.loads(vp.read_text())["verifiableCredential"][0]["credentialSubject"]
        assert "fullName" in subject and "dateOfBirth" not in subject
    code, out, _ = run(capsys, "verify", *common, "--challenge", "replayed")
    assert code == 1 and not json.loads(out)["verified"]


def test_the_cli_offers_every_presentation_format() -> None:
    from microcred.cli.present import FORMATS
    from microcred.present import PRESENT_FORMATS

    assert FORMATS == PRESENT_FORMATS


def test_holder_binding_in_every_issue_format(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    holder = Key.load(files["holder"])
    for fmt in ("ecdsa-rdfc-2019", "jws-2020", "vc-jwt", "vc+jwt"):
        out = tmp_path / f"c-{fmt}"
        _issue(capsys, files, fmt, out)
        code, text, _ = run(capsys, "verify", str(out), "--now", NOW, "--json")
        assert code == 0, text
        issued = out.read_text()
        if not issued.startswith("{"):
            issued = b64url_decode_strict(issued.split(".")[1]).decode()
        document = json.loads(issued)
        if "vc" in document:  # VC-JWT 1.1 §6.3.1: credentialSubject.id is the sub claim
            assert document["sub"] == holder.did
        else:
            assert document["credentialSubject"]["id"] == holder.did


def test_errors_are_one_line(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "vp"
    code, _, err = run(
        capsys, "present", str(tmp_path / "missing"), "--key", str(files["holder"]), "-o", str(out)
    )
    assert code == 2 and "missing" in err and err.count("\n") == 1
    credential = tmp_path / "c.json"
    _issue(capsys, files, "ecdsa-rdfc-2019", credential)
    code, _, err = run(capsys, "present", str(credential), "--key", str(files["holder.pub"]), "-o", str(out))
    assert code == 2 and "private key" in err and err.count("\n") == 1
    code, _, err = run(
        capsys, "present", str(credential), "--key", str(files["holder"]), "--disclose", "a", "-o", str(out)
    )
    assert code == 2 and "disclose applies" in err
    code, _, err = run(
        capsys,
        "present",
        str(credential),
        "--key",
        str(files["holder"]),
        "--format",
        "vp+jwt",
        "-o",
        str(out),
    )
    assert code == 2 and "compact token" in err
    assert not out.exists()  # nothing half-written


def test_a_presentation_of_an_expired_credential_exits_1(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    credential, vp = tmp_path / "credential.json", tmp_path / "vp.json"
    _issue(capsys, files, "ecdsa-rdfc-2019", credential)
    argv = ["present", str(credential), "--key", str(files["holder"]), "--challenge", CHALLENGE, "--now", NOW]
    assert run(capsys, *argv, "-o", str(vp))[0] == 0
    code, out, _ = run(capsys, "verify", str(vp), "--challenge", CHALLENGE, "--now", "2031-01-01T00:00:00Z")
    assert code == 1 and "EXPIRED" in out
