"""``microcred issue-batch`` through the real entry point, then ``microcred verify OUTDIR``."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.batch.progress import Progress
from microcred.cli.main import main
from microcred.status import StatusRegistry

NOW = "2026-01-15T12:00:00Z"
LATER = "2026-02-01T00:00:00Z"
DATA = Path(__file__).resolve().parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")]


def test_jsonl_batch_then_verify_the_folder(
    tmp_path: Path, key_file: Path, many: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "batch.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in many(8)), encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "issue-batch",
        str(source),
        "--key",
        str(key_file),
        "--out",
        str(out),
        "--now",
        NOW,
        "--workers",
        "2",
    )
    assert code == 0, err
    assert stdout.startswith("issued 8, failed 0 of 8 records in ")
    assert "credentials/s" in stdout
    assert "\r" not in err  # no progress bar when stderr is not a terminal
    files = sorted(out.iterdir())
    assert len(files) == 8 and all(p.name.startswith("urn%3Auuid%3A") and p.suffix == ".json" for p in files)
    assert leftovers(out) == []
    credential = json.loads(files[0].read_text(encoding="utf-8"))
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    code, stdout, _ = run(capsys, "verify", "--now", LATER, str(out))
    assert code == 0 and stdout.count("VERIFIED") == 8


def test_bad_lines_are_reported_with_their_numbers(
    tmp_path: Path, key_file: Path, jsonl_with_bad_lines: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "issue-batch",
        str(jsonl_with_bad_lines),
        "--key",
        str(key_file),
        "--out",
        str(out),
        "--now",
        NOW,
    )
    assert code == 1
    assert stdout.startswith("issued 4, failed 3 of 7 records")
    lines = err.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "batch.jsonl line 4",
        "batch.jsonl line 6",
        "batch.jsonl line 8",
    ]
    assert (
        "[JSON_PARSE_ERROR]" in lines[0] and "[MODEL_INVALID]" in lines[1] and "learner.fullName" in lines[1]
    )
    assert len(list(out.iterdir())) == 4 and leftovers(out) == []
    code, _, _ = run(capsys, "verify", "-q", "--now", LATER, str(out))
    assert code == 0


def test_csv_batch_with_template_and_json_summary(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "issue-batch",
        str(DATA / "learners.csv"),
        "--key",
        str(key_file),
        "--out",
        str(out),
        "--now",
        NOW,
        "--template",
        str(DATA / "template.json"),
        "--json",
        "--workers",
        "1",
    )
    assert code == 0, err
    summary = json.loads(stdout)
    assert (summary["records"], summary["issued"], summary["failed"], summary["failures"]) == (4, 4, 0, [])
    assert summary["credentialsPerSecond"] > 0
    assert (out / "urn%3Auuid%3A0b6c1a80-0000-4000-8000-000000000003.json").is_file()


def test_csv_row_errors_name_line_and_column(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(
        "learner.fullName.en,learner.email\nAna,ana@example.org\nBo,not-an-email\n", encoding="utf-8"
    )
    code, stdout, _ = run(
        capsys,
        "issue-batch",
        str(source),
        "--key",
        str(key_file),
        "--out",
        str(tmp_path / "out"),
        "--template",
        str(DATA / "template.json"),
        "--json",
    )
    assert code == 1
    [failure] = json.loads(stdout)["failures"]
    assert failure["number"] == 3 and failure["error"]["path"] == "learner.email"


def test_existing_outputs_are_not_overwritten_unless_asked(
    tmp_path: Path, key_file: Path, many: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "batch.jsonl"
    records = many(2)
    source.write_text("".join(json.dumps(r) + "\n" for r in [*records, records[0]]), encoding="utf-8")
    out = tmp_path / "out"
    argv = [
        "issue-batch",
        str(source),
        "--key",
        str(key_file),
        "--out",
        str(out),
        "--now",
        NOW,
        "--workers",
        "1",
    ]
    code, _, err = run(capsys, *argv)
    assert code == 1 and "batch.jsonl line 3 (urn:uuid:" in err  # the same credential twice
    assert "[BATCH_OUTPUT_EXISTS]" in err and err.count("\n") == 1
    code, _, err = run(capsys, *argv)
    assert code == 1 and err.count("BATCH_OUTPUT_EXISTS") == 3
    code, _, err = run(capsys, *argv, "--overwrite")
    assert code == 0, err
    assert len(list(out.iterdir())) == 2


def test_status_db_allocates_per_credential(
    tmp_path: Path, key_file: Path, many: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "status.sqlite"
    source = tmp_path / "batch.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in many(6)), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["issue-batch", str(source), "--key", str(key_file), "--out", str(out), "--status-db", str(db)]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "has no status lists" in err
    with StatusRegistry(db) as registry:
        registry.create_list("https://registrar.example.edu/status/1")
    code, _, err = run(capsys, *argv, "--workers", "2")
    assert code == 0, err
    indices = {json.loads(p.read_text())["credentialStatus"]["statusListIndex"] for p in out.iterdir()}
    assert len(indices) == 6


def test_usage_and_input_errors_exit_2(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    code, _, err = run(
        capsys, "issue-batch", str(tmp_path / "missing.jsonl"), "--key", str(key_file), "--out", out
    )
    assert code == 2 and "no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("learner.fulName.en\nAna\n", encoding="utf-8")
    code, _, err = run(capsys, "issue-batch", str(bad), "--key", str(key_file), "--out", out)
    assert code == 2 and "CSV_COLUMN_INVALID" in err and "fulName" in err
    other = tmp_path / "records.txt"
    other.write_text("{}\n", encoding="utf-8")
    code, _, err = run(capsys, "issue-batch", str(other), "--key", str(key_file), "--out", out)
    assert code == 2 and "--input-format" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = run(capsys, "issue-batch", str(empty), "--key", str(key_file), "--out", out)
    assert code == 2 and "no records" in err
    code, _, err = run(capsys, "issue-batch", str(empty), "--key", str(tmp_path / "nokey.jwk"), "--out", out)
    assert code == 2


def test_progress_bar_draws_only_on_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(stream, 4, enabled=True)
    for ok in (True, False, True, True):
        bar.update(ok=ok)
    bar.message("microcred: line 3: failed")
    bar.update(ok=True)
    text = stream.getvalue()
    assert "\r[" in text and "4/4" in text and "1 failed" in text and "microcred: line 3: failed\n" in text
    quiet = io.StringIO()
    off = Progress(quiet, 4)  # StringIO is not a TTY
    off.update(ok=True)
    off.clear()
    assert quiet.getvalue() == ""


def test_an_over_long_jsonl_line_is_refused_without_reading_it_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microcred.batch.records import read_jsonl
    from microcred.errors import InputTooLargeError
    from microcred.jsonio import MAX_DOCUMENT_BYTES

    path = tmp_path / "long.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"a": 1}\n')
        fh.truncate(MAX_DOCUMENT_BYTES * 3)  # one line of zero bytes, three times the limit
    records = iter(read_jsonl(path))
    assert next(records).number == 1
    with pytest.raises(InputTooLargeError, match="line 2"):
        next(records)
