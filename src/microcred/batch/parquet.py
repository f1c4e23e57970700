"""Read a Parquet file of micro-credentials: one row per credential, columns named as CSV columns.

A Parquet file is the columnar form of the CSV layout (docs/batch.md#csv): each column is named by the model path
of the value it holds (``learner.fullName.en``, ``learningOutcomes[0].text.en``), the header is checked against
the model before anything is issued (:func:`~microcred.batch.csv_columns.read_header`), and each row becomes model
JSON through the same conversion as a CSV row (:func:`~microcred.batch.csv_rows.row_to_model`): numbers,
booleans and dates are written as text first, a null is an empty cell, a list column (``list<string>``) is the
list of values. Rows are numbered from 1 and read a row group batch at a time, so memory stays flat.

pyarrow is the reference Parquet implementation for Python; it is imported only when a Parquet file is read
(``pip install 'microcred[dask]'`` installs it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import CsvColumnError, InputError, UsageError
from .csv_columns import VALUE_SEPARATOR, read_header
from .csv_rows import row_to_model
from .outcome import RecordError
from .records import BatchRecord

#: Rows read from the file at a time.
READ_BATCH = 4096


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - the [dask] extra installs it
        raise UsageError("reading Parquet needs pyarrow: pip install 'microcred[dask]'") from exc
    return pq


def _open(path: Path) -> Any:
    pq = _pyarrow_parquet()
    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow.ArrowInvalid is a ValueError
        raise InputError(f"cannot read {path} as Parquet: {exc}", path=str(path)) from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, list | tuple):
        return VALUE_SEPARATOR.join(_cell(v) for v in value if v is not None)
    return str(value)


def read_parquet(path: str | os.PathLike[str]) -> Iterator[BatchRecord]:
    """The rows of a Parquet file as batch records (columns checked now; rows read as you iterate)."""
    p = Path(path)
    file = _open(p)
    names = list(file.schema_arrow.names)
    try:
        columns = read_header(names)
    except CsvColumnError as exc:
        raise CsvColumnError(f"{p}: {exc.message}", path=exc.path, details=exc.details) from exc
    return _rows(file, columns)


def _rows(file: Any, columns: Any) -> Iterator[BatchRecord]:
    number = 0
    for batch in file.iter_batches(batch_size=READ_BATCH):
        for row in batch.to_pylist():
            number += 1
            cells = list(row.values())
            if all(c is None for c in cells):
                continue
            texts = [_cell(cells[c.position - 1]) for c in columns]
            try:
                data = row_to_model(columns, texts)
            except CsvColumnError as exc:
                yield BatchRecord(number, RecordError.from_exception(exc), kind="error")
                continue
            yield BatchRecord(number, data, kind="model", columns=columns)


def count_parquet_rows(path: str | os.PathLike[str]) -> int:
    """How many rows the file has (from its footer)."""
    return int(_open(Path(path)).metadata.num_rows)
