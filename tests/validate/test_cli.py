"""``microcred convert`` and ``microcred validate``: outputs; exit codes 0 ok, 1 invalid, 2 input error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred.cli.main import main
from microcred.elm import from_elm, unwrap_credential
from microcred.jsonld import canonicalize
from microcred.model import MicroCredential, example_microcredential

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "microcredential.json")
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "elm" / "official"


def test_convert_model_to_elm_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", EXAMPLE, "--to", "elm"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert from_elm(doc) == example_microcredential()


def test_convert_to_v2_with_ids(tmp_path: Path) -> None:
    out = tmp_path / "v2.json"
    args = ["convert", EXAMPLE, "--to", "elm-v2", "-o", str(out), "--issuer-id", "did:example:issuer"]
    assert main([*args, "--credential-id", "urn:example:cred"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["issuer"]["id"] == "did:example:issuer" and doc["id"] == "urn:example:cred"
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, no temporary file left


@pytest.mark.parametrize("sample", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_convert_official_sample_to_model_and_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: Path
) -> None:
    model, elm = tmp_path / "model.json", tmp_path / "elm.jsonld"
    assert main(["convert", str(sample), "--to", "model", "-o", str(model)]) == 0
    data = json.loads(model.read_text(encoding="utf-8"))
    source = json.loads(sample.read_text(encoding="utf-8"))
    assert MicroCredential.from_dict(data, lenient=True) == from_elm(source)
    # the samples miss Annex I elements (quality assurance, ...): convert warns, validate/issue reject
    assert main(["convert", str(model), "--to", "elm", "-o", str(elm)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "qualityAssurance" in err
    out = json.loads(elm.read_text(encoding="utf-8"))
    assert canonicalize(out, safe=False) == canonicalize(unwrap_credential(source), safe=False)


def test_convert_bad_model_names_file_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    bad["learner"]["nationalId"]["country"] = "Atlantis"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["convert", str(path), "--to", "elm"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "learner.nationalId.country" in err and "country vocabulary" in err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "invalid JSON"),
        ('{"a": 1, "a": 2}', "duplicate JSON object key"),
        ('{"hello": "world"}', "no credential found"),
    ],
)
def test_convert_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    assert main(["convert", str(path), "--to", "model"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and str(path) in err


def test_convert_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "no-such-file.json", "--to", "elm"]) == 2
    assert "no-such-file.json: no such file" in capsys.readouterr().err


def test_convert_needs_a_target() -> None:
    with pytest.raises(SystemExit) as info:
        main(["convert", EXAMPLE])
    assert info.value.code == 2


def test_validate_model_json_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", EXAMPLE, "--profile", "microcredential"]) == 0
    assert "CONFORMS to profile microcredential" in capsys.readouterr().out


def test_validate_sample_that_does_not_conform(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(SAMPLES / "AA-Annex1-MC-signed.jsonld")
    assert main(["validate", sample, "--profile", "microcredential", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["file"] == sample and report["conforms"] is False
    assert [v["shape"] for v in report["violations"]] == ["mcsh:QualityAssuranceShape"]
    assert main(["validate", sample, "--profile", "edc"]) == 0


def test_validate_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads((SAMPLES / "Sample-MC-Annex1-unsigned.jsonld").read_text(encoding="utf-8"))
    doc["@context"] = ["https://example.org/not-bundled"]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(path), "--profile", "edc"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "https://example.org/not-bundled" in err
