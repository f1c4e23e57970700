"""Reading batch inputs: line numbers of JSONL lines and CSV rows, kinds, counts, file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred.batch import count_records, read_csv, read_jsonl, read_records
from microcred.batch.files import file_stem, output_name
from microcred.batch.outcome import BatchOutcome
from microcred.batch.records import as_records, input_kind
from microcred.errors import CsvColumnError, InputError, UsageError

DATA = Path(__file__).resolve().parent / "data"


def test_jsonl_records_carry_their_line_numbers(jsonl_with_bad_lines: Path) -> None:
    records = list(read_jsonl(jsonl_with_bad_lines))
    assert [r.number for r in records] == [1, 2, 4, 5, 6, 7, 8]  # line 3 is blank
    assert all(r.kind == "json" and isinstance(r.data, bytes) for r in records)
    assert count_records(jsonl_with_bad_lines) == 7


def test_csv_rows_are_numbered_by_the_line_they_start_on() -> None:
    rows = read_csv(DATA / "learners.csv")
    records = list(rows)
    # header line 1; row 3 spans lines 4-5; line 6 is blank
    assert [r.number for r in records] == [2, 3, 4, 7]
    assert records[2].data["learner"]["fullName"] == {"en": 'Cy "Swan"\nCygnus'}
    assert records[0].data["learner"]["citizenship"] == ["IT", "IE"]
    assert "learningOutcomes" in records[1].data and len(records[1].data["learningOutcomes"]) == 1
    assert records[0].columns is rows.columns
    assert count_records(DATA / "learners.csv") == 4


def test_a_row_longer_than_the_header_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("title.en,learner.fullName.en\nA,Ana\nB,Bo,extra\nC,Cy\n", encoding="utf-8")
    records = list(read_csv(path))
    assert [r.kind for r in records] == ["model", "error", "model"]
    assert records[1].number == 3 and records[1].data.code == "CSV_COLUMN_INVALID"


def test_bad_csv_header_and_empty_file_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("title.en,learner.fulName.en\n", encoding="utf-8")
    with pytest.raises(CsvColumnError, match="fulName"):
        read_csv(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CsvColumnError, match="needs a header"):
        read_csv(empty)
    with pytest.raises(InputError, match="cannot read"):
        read_csv(tmp_path / "missing.csv")


def test_csv_that_is_not_utf8_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("title.en\nA\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv: line"):
        list(read_csv(path))


def test_input_kind_from_suffix_or_given() -> None:
    assert input_kind("a.jsonl") == "jsonl" and input_kind("a.NDJSON") == "jsonl"
    assert input_kind("a.csv") == "csv"
    assert input_kind("a.txt", "csv") == "csv"
    assert input_kind("a.parquet") == "parquet" and input_kind("a.PQ") == "parquet"
    with pytest.raises(UsageError, match="JSON Lines, CSV or Parquet"):
        input_kind("a.txt")
    assert isinstance(read_records(DATA / "learners.csv"), type(read_csv(DATA / "learners.csv")))


def test_as_records_numbers_plain_items() -> None:
    items = [{"title": {"en": "x"}}, {"@context": [], "id": "urn:x"}, '{"a": 1}']
    records = list(as_records(items))
    assert [(r.number, r.kind) for r in records] == [(1, "model"), (2, "value"), (3, "json")]
    with pytest.raises(UsageError, match="not one record"):
        as_records({"title": {"en": "x"}})


@pytest.mark.parametrize(
    ("ident", "stem"),
    [
        ("urn:uuid:6f1c2a52-4b8e", "urn%3Auuid%3A6f1c2a52-4b8e"),
        ("../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd"),
        ("https://x.example/c?id=1#a", "https%3A%2F%2Fx.example%2Fc%3Fid%3D1%23a"),
        ("a b\u00e9", "a%20b%C3%A9"),
    ],
)
def test_file_names_are_safe_and_distinct(ident: str, stem: str) -> None:
    assert file_stem(ident) == stem
    assert "/" not in file_stem(ident) and not file_stem(ident).startswith(".")


def test_long_ids_are_cut_and_hashed() -> None:
    a, b = "urn:x:" + "a" * 300, "urn:x:" + "a" * 299 + "b"
    assert len(file_stem(a)) < 200 and file_stem(a) != file_stem(b)


def test_output_name_by_kind() -> None:
    assert output_name(BatchOutcome(3, "urn:x:1", {"id": "urn:x:1"})) == "urn%3Ax%3A1.json"
    assert output_name(BatchOutcome(3, "urn:x:1", '{"id": "urn:x:1"}\n')) == "urn%3Ax%3A1.json"
    assert output_name(BatchOutcome(3, "urn:x:1", "eyJ.eyJ.sig")) == "urn%3Ax%3A1.jwt"
    assert output_name(BatchOutcome(7, None, {"type": "x"})) == "record-7.json"
