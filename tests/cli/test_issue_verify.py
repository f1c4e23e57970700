"""``microcred issue`` / ``verify`` / ``contexts`` / ``demo`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.keys import Key

NOW = "2026-01-15T12:00:00Z"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def key_file(tmp_path: Path, keys: dict[str, Key]) -> Path:
    path = tmp_path / "issuer.jwk"
    keys["Ed25519"].save(path)
    return path


@pytest.fixture
def issued(tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "credential.json"
    code, _, err = run(
        capsys,
        "issue",
        str(EXAMPLES / "microcredential.json"),
        "--key",
        str(key_file),
        "--format",
        "eddsa-rdfc-2022",
        "--now",
        NOW,
        "-o",
        str(out),
    )
    assert code == 0, err
    return out


def test_issue_then_verify_json(issued: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--json", "--now", NOW, str(issued))
    assert code == 0
    result: dict[str, Any] = json.loads(out)
    assert result["verified"] is True and result["format"] == "eddsa-rdfc-2022"
    names = [c["name"] for c in result["checks"]]
    assert names[:3] == ["format", "proof", "issuer"]
    for check in result["checks"]:
        assert set(check) >= {"name", "status", "code", "message"}
        assert check["status"] == "passed"


def test_tampered_credential_exits_1(
    issued: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(issued.read_text())
    doc["credentialSubject"]["givenName"] = "Mallory"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "verify", "--now", NOW, str(bad))
    assert code == 1
    assert "NOT VERIFIED" in out and "proof" in out


def test_unresolvable_key_exits_2(issued: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(issued.read_text())
    doc["proof"]["verificationMethod"] = "did:web:registrar.example.edu#key-1"  # needs the network
    doc["issuer"] = doc["issuer"] | {"id": "did:web:registrar.example.edu"}
    path = tmp_path / "web.json"
    path.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "verify", "--json", "--now", NOW, str(path))
    result = json.loads(out)
    assert result["verified"] is False
    assert {c["name"]: c["status"] for c in result["checks"]}["proof"] == "error"
    assert code == 2


def test_verify_many_files_and_directories(
    issued: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.json").write_text(issued.read_text())
    (folder / "b.json").write_text(issued.read_text())
    (folder / "notes.md").write_text("ignored")
    code, out, _ = run(capsys, "verify", "--json", "--now", NOW, str(folder), str(issued))
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]  # JSON Lines: one object per file
    assert all(r["verified"] is True for r in results) and len(results) == 3
    assert [Path(r["source"]).name for r in results] == ["a.json", "b.json", "credential.json"]


def test_verify_with_static_keys_file(
    issued: Path, tmp_path: Path, keys: dict[str, Key], capsys: pytest.CaptureFixture[str]
) -> None:
    from microcred.resolve import keys_json_entry

    key = keys["Ed25519"]
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps(keys_json_entry(key)))
    code, _, err = run(capsys, "verify", "--keys", str(keys_file), "--now", NOW, "-q", str(issued))
    assert code == 0, err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", 2),  # not JSON at all: could not process
        ("plain words", 2),
        (b"\xff\xfe{}", 2),  # not UTF-8
        ("{}", 1),  # JSON, but no proof: not verified
        ('{"a": 1, "a": 2}', 1),  # JSON made ambiguous: refused as invalid
        ("eyJhbGciOiJub25lIn0.e30.", 1),
    ],
)
def test_malformed_files_are_reported(
    content: str | bytes, expected: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out, err = run(capsys, "verify", "--json", str(path))
    assert code == expected
    assert json.loads(out)["checks"][0]["name"] == "format"
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "verify", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err


def test_issue_bad_model_names_the_field(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((EXAMPLES / "minimal.json").read_text())
    data["levels"] = {"eqf": 11}
    path = tmp_path / "bad-model.json"
    path.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "issue", str(path), "--key", str(key_file), "-o", str(out))
    assert code == 2
    assert "eqf" in err
    assert not out.exists()


def test_issue_with_public_key_is_refused(
    tmp_path: Path, keys: dict[str, Key], capsys: pytest.CaptureFixture[str]
) -> None:
    pub = tmp_path / "pub.jwk"
    keys["Ed25519"].save(pub, private=False)
    code, _, err = run(capsys, "issue", str(EXAMPLES / "minimal.json"), "--key", str(pub))
    assert code == 2 and "private" in err


def test_contexts_list_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contexts", "list")
    assert code == 0 and "http://data.europa.eu/snb/model/context/edc-ap" in out
    code, out, _ = run(capsys, "contexts", "list", "--json")
    listing = json.loads(out)
    code, _, _ = run(capsys, "contexts", "export", str(tmp_path / "ctx"))
    index = json.loads((tmp_path / "ctx" / "index.json").read_text())
    assert code == 0 and set(index) == set(listing)


def test_demo_subset_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "-f", "eddsa-rdfc-2022", "--no-shacl")
    assert code == 0, out
    assert "STATUS_REVOKED" in out and "All done." in out
    assert "seal SIGNATURE_VALID, trust TRUST_ANCHOR_MISSING" in out
    assert "353 of 353 statements, graph identical (issuer id aside), verified" in out
    assert "employer's view: VERIFIED" in out and "date of birth shown: False" in out
    assert "replayed with another nonce: rejected" in out


def test_full_demo_verifies_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0, out
    for fmt in (
        "eddsa-rdfc-2022",
        "ecdsa-rdfc-2019",
        "eddsa-jcs-2022",
        "ecdsa-jcs-2019",
        "ecdsa-sd-2023",
        "jws-2020",
        "vc+jwt",
        "vc-jwt",
        "jades",
    ):
        line = next(line for line in out.splitlines() if line.strip().startswith(fmt))
        assert " verified " in line and "failed" not in line and "error" not in line, line
    assert "SHACL edc              conforms" in out
    assert "trust=passed" in out


def test_demo_writes_outputs_that_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "demo"
    assert run(capsys, "demo", "--no-shacl", "--no-revocation", "--out", str(out_dir))[0] == 0
    files = sorted(p.name for p in out_dir.iterdir() if p.suffix != ".pem")
    assert len(files) == 9  # one per issue format
    code, out, _ = run(capsys, "verify", "--json", *(str(out_dir / f) for f in files))
    assert code == 2  # the JAdES seal's trust cannot be decided without the demo's CA ...
    results = [json.loads(line) for line in out.splitlines()]
    trust = [c for r in results for c in r["checks"] if c["name"] == "trust"]
    assert [c["code"] for c in trust] == ["TRUST_ANCHOR_MISSING"]
    anchor = str(out_dir / "demo-ca.pem")
    code, out, _ = run(capsys, "verify", "--trust-anchor", anchor, *(str(out_dir / f) for f in files))
    assert code == 0, out  # ... and with it, all six verify


def test_missing_fields_are_reported_in_one_round(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A field error (title) and missing Annex I elements (outcomes, assessment) come in the same error."""
    data = json.loads((EXAMPLES / "minimal.json").read_text())
    for name in ("title", "learningOutcomes", "assessment", "participation"):
        del data[name]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, "issue", str(path), "--key", str(key_file), "-o", str(tmp_path / "o.json"))
    assert code == 2
    for name in ("title", "learningOutcomes", "assessment", "participation"):
        assert f"  - {name}:" in err, err
    assert err.count("title") == 2  # once in the summary line, once in the list


def test_up_to_three_problems_fit_on_one_line(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((EXAMPLES / "minimal.json").read_text())
    del data["title"], data["assessment"]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, "issue", str(path), "--key", str(key_file))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "title: is required" in err and "assessment: the type of assessment is mandatory" in err
