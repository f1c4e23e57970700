"""Batch issuance: CSV and JSON records, output files that must not be overwritten, worker processes."""

from __future__ import annotations

from .base import InputError, MicrocredError


class CsvColumnError(InputError):
    """A CSV column name does not map onto the micro-credential model, or a row does not fit the header."""

    code = "CSV_COLUMN_INVALID"


class BatchOutputExistsError(InputError):
    """Batch issuance would overwrite an output file (a repeated credential id, or an earlier run)."""

    code = "BATCH_OUTPUT_EXISTS"


class BatchWorkerError(MicrocredError):
    """A batch worker process died (killed, out of memory); the batch cannot go on."""

    code = "BATCH_WORKER_FAILED"


class ClusterUnavailableError(MicrocredError):
    """The Dask scheduler of a distributed batch cannot be reached (or the cluster cannot be started)."""

    code = "CLUSTER_UNAVAILABLE"
