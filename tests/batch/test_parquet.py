"""Parquet input: CSV column names, typed cells as text, nulls as empty cells, lists, the header checked first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq

from microcred.batch import count_records, issue_many, read_records
from microcred.batch.parquet import read_parquet
from microcred.errors import CsvColumnError, InputError
from microcred.keys import Key

from .conftest import NOW, make_records


def _course() -> dict[str, object]:
    course = make_records(1)[0]
    del course["learner"]
    return course


def test_rows_become_model_records(tmp_path: Path, keys: dict[str, Key]) -> None:
    path = tmp_path / "learners.parquet"
    table = pa.table(
        {
            "learner.fullName.en": ["Ana", None, "Cy", "Di"],
            "learner.citizenship": [["IT", "IE"], None, ["FR"], None],
            "issued": [dt.datetime(2026, 1, 2, 9, 0, tzinfo=dt.UTC), None, None, None],
            "workload.creditPoints[0].points": [5, None, 2.5, None],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    assert count_records(path) == 4
    records = list(read_records(path))
    assert [r.number for r in records] == [1, 3, 4]  # row 2 is empty: skipped, but counted
    assert records[0].data["learner"] == {"fullName": {"en": "Ana"}, "citizenship": ["IT", "IE"]}
    assert records[0].data["issued"] == "2026-01-02T09:00:00Z"
    assert records[1].data["workload"] == {"creditPoints": [{"points": "2.5"}]}
    outcomes = list(issue_many(path, keys["Ed25519"], workers=1, template=_course(), now=NOW))
    assert [o.ok for o in outcomes] == [True, True, True], [o.error for o in outcomes]


def test_a_bad_column_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"learner.fulName.en": ["Ana"]}), path)
    with pytest.raises(CsvColumnError, match=r"bad\.parquet"):
        read_parquet(path)


def test_a_row_error_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "gap.parquet"
    pq.write_table(pa.table({"learner.fullName.en": ["Ana"], "learningOutcomes[1].text.en": ["x"]}), path)
    [record] = list(read_parquet(path))
    assert record.kind == "error" and record.data.path == "learningOutcomes[1].text.en"


def test_a_file_that_is_not_parquet_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="as Parquet"):
        read_parquet(path)
