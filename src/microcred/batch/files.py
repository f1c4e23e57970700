"""Output files of a batch: one file per credential, named from its id, written atomically.

The name is the credential id percent-encoded (every character but ``A-Z a-z 0-9 - _ .`` becomes ``%XX``), so
that different ids never share a file name and any id is a safe file name; ``urn:uuid:6f1c...`` becomes
``urn%3Auuid%3A6f1c....json``. Ids longer than 180 characters are cut and end in a hash of the whole id.
Embedded-proof and JAdES credentials are ``.json``, compact JWTs ``.jwt``. An existing file is not
overwritten unless asked (:class:`~microcred.errors.BatchOutputExistsError`): a repeated credential id in a
batch, or an earlier run into the same folder, is reported instead of silently replacing a credential.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from ..errors import BatchOutputExistsError, UsageError
from ..jsonio import write_atomic
from .outcome import BatchOutcome

MAX_STEM = 180


def file_stem(credential_id: str) -> str:
    """A file name stem for a credential id: percent-encoded, never hidden, at most ~200 characters."""
    stem = quote(credential_id, safe="-_.")
    if stem.startswith("."):
        stem = "%2E" + stem[1:]
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(credential_id.encode("utf-8")).hexdigest()[:16]
        stem = f"{stem[:MAX_STEM]}~{digest}"
    return stem


def output_text(outcome: BatchOutcome) -> str:
    """What the output file holds: the serialized credential (JSON, or the compact JWS)."""
    credential = outcome.credential
    if credential is None:
        raise UsageError(f"record {outcome.number} has no credential to write")
    if isinstance(credential, str):
        return credential if credential.endswith("\n") else credential + "\n"
    return json.dumps(credential, ensure_ascii=False) + "\n"


def output_name(outcome: BatchOutcome) -> str:
    """``<percent-encoded id>.json`` (``.jwt`` for a compact JWS), or ``record-<number>`` without an id."""
    credential = outcome.credential
    compact = isinstance(credential, str) and not credential.lstrip().startswith("{")
    stem = file_stem(outcome.credential_id) if outcome.credential_id else f"record-{outcome.number}"
    return stem + (".jwt" if compact else ".json")


def write_outcome(outcome: BatchOutcome, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write an issued credential into ``folder`` atomically; return its path."""
    target = Path(folder) / output_name(outcome)
    text = output_text(outcome)
    if not overwrite and target.exists():
        raise BatchOutputExistsError(
            f"{target} already exists (the same credential id twice, or an earlier run); not overwritten",
            path=str(target),
        )
    return write_atomic(target, text)
