"""``microcred canon FILE [--from jsonld|nquads] [--hash sha256|sha384] [--max-work N]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
RDFC = Path(__file__).resolve().parents[1] / "suites" / "rdf-canon" / "rdfc10"


def test_jsonld_file_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["canon", str(DATA / "small-vc.json")]) == 0
    assert capsys.readouterr().out == (DATA / "small-vc.canon.nq").read_text(encoding="utf-8")


def test_nquads_with_sha384(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "input.txt"
    source.write_text((RDFC / "test075-in.nq").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["canon", str(source), "--from", "nquads", "--hash", "sha384"]) == 0
    assert capsys.readouterr().out == (RDFC / "test075-rdfc10.nq").read_text(encoding="utf-8")


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "canon.nq"
    assert main(["canon", str(RDFC / "test003-in.nq"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (RDFC / "test003-rdfc10.nq").read_text(encoding="utf-8")


def test_work_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["canon", str(RDFC / "test074-in.nq")]) == 2
    assert "CANONICALIZATION_WORK_LIMIT" in capsys.readouterr().err
    assert main(["canon", str(RDFC / "test044-in.nq"), "--max-work", "10"]) == 2
    assert "more than 10 units" in capsys.readouterr().err


def test_safe_mode_violation_names_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads((DATA / "small-vc.json").read_text(encoding="utf-8"))
    document["credentialSubject"] = {"id": "did:example:1", "zz": 1}
    document["@context"] = document["@context"][:1]
    path = tmp_path / "vc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["canon", str(path)]) == 2
    err = capsys.readouterr().err
    assert "JSONLD_SAFE_MODE_VIOLATION" in err and "$.credentialSubject.zz" in err
    assert main(["canon", str(path), "--unsafe"]) == 0
    assert "zz" not in capsys.readouterr().out


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["canon", "does-not-exist.json"]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512"])
def test_digest_is_the_hash_of_the_canonical_nquads(
    algorithm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    canonical = (DATA / "small-vc.canon.nq").read_bytes()
    assert main(["canon", str(DATA / "small-vc.json"), "--digest", algorithm]) == 0
    assert capsys.readouterr().out == hashlib.new(algorithm, canonical).hexdigest() + "\n"


def test_hash_help_says_it_is_internal(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["canon", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "it does not print a digest" in text and "--digest" in text
