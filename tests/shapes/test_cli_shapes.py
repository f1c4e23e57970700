"""``convert --to ob3``, ``convert`` of a badge, and ``issue --shape ob3``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import microcred
from microcred.cli.main import main
from microcred.shapes.ob3_schema import ob3_schema_errors

ROOT = Path(__file__).resolve().parents[2]
OB3 = Path(__file__).resolve().parent / "data" / "ob3"
KEY = ROOT / "tests" / "data" / "keys" / "ed25519.jwk"


def test_convert_model_to_ob3(tmp_path: Path) -> None:
    out = tmp_path / "badge.json"
    assert (
        main(["convert", str(ROOT / "examples" / "microcredential.json"), "--to", "ob3", "-o", str(out)]) == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in doc["type"] and ob3_schema_errors(doc) == []


def test_convert_ob3_to_model_and_back_is_lossless(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = OB3 / "fullOpenBadge.json"
    model = tmp_path / "model.json"
    assert main(["convert", str(source), "--to", "model", "-o", str(model)]) == 0
    assert "warning:" in capsys.readouterr().err
    again = tmp_path / "again.json"
    assert main(["convert", str(model), "--to", "ob3", "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8")) == json.loads(source.read_text(encoding="utf-8"))


def test_issue_shape_ob3(tmp_path: Path) -> None:
    out = tmp_path / "signed.json"
    args = ["issue", str(ROOT / "examples" / "microcredential.json"), "--key", str(KEY), "--shape", "ob3"]
    assert main([*args, "--now", "2026-01-01T00:00:00Z", "-o", str(out)]) == 0
    signed = json.loads(out.read_text(encoding="utf-8"))
    assert microcred.verify(signed, now="2026-01-01T00:00:00Z").verified
