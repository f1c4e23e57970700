"""``microcred render``: writes the certificate atomically, verifies first, and ``microcred verify`` reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from microcred.cli.main import main

from ..conftest import FROZEN_NOW
from ..render.conftest import issue_example


@pytest.fixture(scope="module")
def secured() -> dict[str, Any]:
    return issue_example()


@pytest.fixture(scope="module")
def tampered(secured: dict[str, Any]) -> dict[str, Any]:
    forged: dict[str, Any] = json.loads(json.dumps(secured))
    forged["credentialSubject"]["fullName"] = {"en": "Mallory Forger"}
    return forged


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_render_pdf_then_verify_it(tmp_path: Path, secured: dict[str, Any], capsys: Any) -> None:
    cred = _write(tmp_path, "cred.json", secured)
    out = tmp_path / "certificate.pdf"
    args = ["render", cred, "-o", str(out), "--verify-url", "https://v.example/verify", "--now", FROZEN_NOW]
    assert main(args) == 0
    assert f"wrote PDF certificate {out}" in capsys.readouterr().out
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
    assert main(["verify", str(out), "--now", FROZEN_NOW, "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["verified"] and "printed page itself is not what is signed" in line["checks"][0]["message"]
    # a folder walk picks certificates up too
    assert main(["verify", str(tmp_path), "--now", FROZEN_NOW, "-q"]) == 0


def test_render_html(tmp_path: Path, secured: dict[str, Any]) -> None:
    out = tmp_path / "certificate.html"
    assert (
        main(
            ["render", _write(tmp_path, "c.json", secured), "-f", "html", "-o", str(out), "--now", FROZEN_NOW]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html and "Ana Andromeda" in html


def test_unverified_is_refused_unless_allowed(tmp_path: Path, tampered: dict[str, Any], capsys: Any) -> None:
    cred = _write(tmp_path, "forged.json", tampered)
    out = tmp_path / "forged.pdf"
    assert main(["render", cred, "-o", str(out), "--now", FROZEN_NOW]) == 1
    assert "not verified" in capsys.readouterr().err and not out.exists()
    assert main(["render", cred, "-o", str(out), "--now", FROZEN_NOW, "--allow-unverified"]) == 0
    assert main(["verify", str(out), "--now", FROZEN_NOW, "-q"]) == 1  # the attachment is still the forgery


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    assert main(["render", str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err
