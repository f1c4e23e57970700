"""The records of a batch: numbered inputs read from JSONL or CSV files, or taken from an iterable.

A :class:`BatchRecord` is what a worker turns into one credential. Its ``kind`` says how:

* ``"json"``: the raw bytes of one JSONL line, parsed (strictly) in the worker; a JSON object with ``@context``
  is a JSON-LD credential issued as it is, one with a ``credential`` member an ELM wrapper read back with
  :func:`~microcred.elm.from_elm`, any other object model JSON (:meth:`MicroCredential.from_dict`);
* ``"model"``: model JSON already parsed (a CSV row, a dict from Python);
* ``"value"``: a :class:`~microcred.model.MicroCredential` or a JSON-LD dict from Python;
* ``"error"``: a record that already failed while being read (its ``data`` is the :class:`RecordError`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputError, InputTooLargeError, UsageError
from ..jsonio import MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from .csv_columns import Column

RecordKind = Literal["json", "model", "value", "error"]

#: File suffixes read as JSON Lines, and as CSV.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
InputKind = Literal["jsonl", "csv", "parquet"]


@dataclass(frozen=True)
class BatchRecord:
    """One input record: its ``number`` (line number in the file, or 1-based position) and its data."""

    number: int
    data: Any
    kind: RecordKind = "value"
    #: For CSV rows: the header, so that errors name the column (stays in the parent process).
    columns: Sequence[Column] | None = field(default=None, repr=False, compare=False)

    def payload(self) -> tuple[int, RecordKind, Any]:
        """What is sent to a worker process."""
        return (self.number, self.kind, self.data)


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[BatchRecord]:
    """One record per non-blank line of a JSON Lines file, numbered by line; lines are parsed by the workers."""
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}", path=str(p)) from exc
    return _jsonl_lines(fh)


def _jsonl_lines(fh: Any) -> Iterator[BatchRecord]:
    """Lines read with a byte limit each, so one endless line cannot fill memory before it is refused."""
    name = getattr(fh, "name", "<input>")
    with fh:
        number = 0
        while line := fh.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            if len(line) > MAX_DOCUMENT_BYTES:
                raise InputTooLargeError(
                    f"{name} line {number} is longer than {MAX_DOCUMENT_BYTES:,} bytes, the limit of one record",
                    path=str(name),
                )
            if line.strip():
                yield BatchRecord(number, bytes(line), kind="json")


def count_jsonl_lines(path: str | os.PathLike[str]) -> int:
    """How many non-blank lines the file has (for a progress bar), read in bounded chunks."""
    count = 0
    with Path(path).open("rb") as fh:
        blank = True
        while chunk := fh.read(1 << 20):
            lines = chunk.split(b"\n")
            for i, part in enumerate(lines):
                if part.strip():
                    blank = False
                if i < len(lines) - 1:  # a newline ends the line
                    count += not blank
                    blank = True
        count += not blank
    return count


def input_kind(path: str | os.PathLike[str], kind: str | None = None) -> InputKind:
    """``jsonl``, ``csv`` or ``parquet``: as given, else from the file name's suffix."""
    if kind in ("jsonl", "csv", "parquet"):
        return kind  # type: ignore[return-value]
    if kind is not None:
        raise UsageError(f"input kind must be 'jsonl', 'csv' or 'parquet', not {kind!r}")
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise UsageError(
        f"cannot tell whether {path} is JSON Lines, CSV or Parquet from its name (use .jsonl, .csv or .parquet, "
        "or say which: kind='jsonl' / --input-format jsonl)"
    )


def read_records(path: str | os.PathLike[str], *, kind: str | None = None) -> Iterable[BatchRecord]:
    """The records of a ``.jsonl``, ``.csv`` or ``.parquet`` file (a CSV / Parquet header is checked now)."""
    chosen = input_kind(path, kind)
    if chosen == "csv":
        from .csv_rows import read_csv

        return read_csv(path)
    if chosen == "parquet":
        from .parquet import read_parquet

        return read_parquet(path)
    return read_jsonl(path)


def count_records(path: str | os.PathLike[str], *, kind: str | None = None) -> int:
    """How many records :func:`read_records` will yield (one quick pass over the file)."""
    try:
        chosen = input_kind(path, kind)
        if chosen == "csv":
            from .csv_rows import count_csv_rows

            return count_csv_rows(path)
        if chosen == "parquet":
            from .parquet import count_parquet_rows

            return count_parquet_rows(path)
        return count_jsonl_lines(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", path=str(path)) from exc


def as_records(records: Iterable[Any] | str | os.PathLike[str]) -> Iterable[BatchRecord]:
    """Number what the caller gave: a file path, records, or plain items (dicts, MicroCredentials)."""
    if isinstance(records, str | os.PathLike):
        return read_records(records)
    if isinstance(records, bytes | dict):
        raise UsageError("issue_many() takes an iterable of records (or a file path), not one record")
    return _numbered(records)


def _numbered(items: Iterable[Any]) -> Iterator[BatchRecord]:
    for position, item in enumerate(items, 1):
        if isinstance(item, BatchRecord):
            yield item
        elif isinstance(item, bytes | str):
            yield BatchRecord(position, item.encode("utf-8") if isinstance(item, str) else item, kind="json")
        elif isinstance(item, dict) and "@context" not in item and "credential" not in item:
            yield BatchRecord(position, item, kind="model")
        else:
            yield BatchRecord(position, item, kind="value")
