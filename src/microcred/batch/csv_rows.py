"""Read a CSV file of micro-credentials: one row per credential, columns named by model paths.

:func:`read_csv` checks the header against the model (:mod:`.csv_columns`), then yields one
:class:`~microcred.batch.records.BatchRecord` per row, numbered by the line the row starts on (the header is
line 1), holding the row as model JSON (:func:`row_to_model`). A row that does not fit (a gap in a list, more
cells than columns) becomes a record that fails with the column named; the other rows go on.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import CsvColumnError, InputError
from .csv_columns import VALUE_SEPARATOR, Column, Part, column_for, format_path, read_header
from .outcome import RecordError
from .records import BatchRecord


def _put(root: dict[Part, Any], column: Column, value: Any) -> None:
    node = root
    for part in column.parts[:-1]:
        node = node.setdefault(part, {})
    node[column.parts[-1]] = value


def _materialize(node: Any, parts: list[Part], columns: Sequence[Column]) -> Any:
    """Dicts with int keys become lists; a gap (``[2]`` filled, ``[1]`` empty) is an error."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        indices = sorted(node)
        for expected, index in enumerate(indices):
            if index != expected:
                path = format_path([*parts, index])
                raise CsvColumnError(
                    f"{path} is filled but {format_path([*parts, expected])} is empty; "
                    "fill list items from [0] without gaps",
                    path=column_for(path, columns) or path,
                )
        return [_materialize(node[i], [*parts, i], columns) for i in indices]
    return {k: _materialize(v, [*parts, k], columns) for k, v in node.items()}


def row_to_model(columns: Sequence[Column], cells: Sequence[str]) -> dict[str, Any]:
    """Model JSON for one row: empty cells are left out, ``;`` splits list-of-values cells."""
    root: dict[Part, Any] = {}
    for column, cell in zip(columns, cells, strict=False):
        text = cell.strip()
        if not text:
            continue
        if column.kind == "values":
            _put(root, column, [v.strip() for v in text.split(VALUE_SEPARATOR) if v.strip()])
        else:
            _put(root, column, text)
    out = _materialize(root, [], columns)
    assert isinstance(out, dict)
    return out


class CsvRecords:
    """The rows of a CSV file as batch records (iterate once; ``columns`` is the checked header)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._file = _open(self.path)
        self._reader = csv.reader(self._file)
        try:
            header = next(self._reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            self._file.close()
            raise InputError(f"{self.path}: line 1: {exc}", path=str(self.path)) from exc
        if header is None:
            self._file.close()
            raise CsvColumnError(f"{self.path} is empty: a CSV file needs a header row", path=str(self.path))
        try:
            self.columns = read_header(header)
        except CsvColumnError as exc:
            self._file.close()
            raise CsvColumnError(f"{self.path}: {exc.message}", path=exc.path, details=exc.details) from exc
        self._width = len(header)

    def __iter__(self) -> Iterator[BatchRecord]:
        line = self._reader.line_num
        try:
            for row in self._reader:
                number, line = line + 1, self._reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                yield self._record(number, row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: line {line + 1}: {exc}", path=str(self.path)) from exc
        finally:
            self._file.close()

    def _record(self, number: int, row: list[str]) -> BatchRecord:
        if len(row) > self._width:
            error = RecordError(
                CsvColumnError.code, f"the row has {len(row)} cells but the header has {self._width} columns"
            )
            return BatchRecord(number, error, kind="error")
        cells = [row[c.position - 1] if c.position <= len(row) else "" for c in self.columns]
        try:
            data = row_to_model(self.columns, cells)
        except CsvColumnError as exc:
            return BatchRecord(number, RecordError.from_exception(exc), kind="error")
        return BatchRecord(number, data, kind="model", columns=self.columns)


def _open(path: Path) -> Any:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc


def read_csv(path: str | os.PathLike[str]) -> CsvRecords:
    """Open a CSV file of micro-credentials (header checked now; rows read as you iterate)."""
    return CsvRecords(path)


def count_csv_rows(path: str | os.PathLike[str]) -> int:
    """How many non-empty data rows the file has (for a progress bar)."""
    with _open(Path(path)) as fh:
        reader = csv.reader(fh)
        next(reader, None)
        return sum(1 for row in reader if any(cell.strip() for cell in row))
