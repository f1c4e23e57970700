"""Batch issuance: many credentials from a JSONL or CSV file (or any iterable), on every core.

::

    from microcred import Key
    from microcred.batch import issue_many

    for outcome in issue_many("learners.csv", Key.load("issuer.jwk"), format="eddsa-rdfc-2022"):
        print(outcome.number, outcome.credential_id, outcome.error)

See ``docs/batch.md`` for the CSV columns and the ``microcred issue-batch`` command.
"""

from __future__ import annotations

from .csv_columns import Column, read_header
from .csv_rows import read_csv, row_to_model
from .files import output_name, write_outcome
from .outcome import BatchOutcome, RecordError
from .pool import default_workers, issue_many
from .records import BatchRecord, count_records, read_jsonl, read_records
from .verify_many import verify_many

__all__ = [
    "BatchOutcome",
    "BatchRecord",
    "Column",
    "RecordError",
    "count_records",
    "default_workers",
    "issue_many",
    "output_name",
    "read_csv",
    "read_header",
    "read_jsonl",
    "read_records",
    "row_to_model",
    "verify_many",
    "write_outcome",
]
