"""The JSON-LD contexts microcred bundles, pinned by sha256.

``contexts/index.json`` maps each URL to ``{"file", "sha256", "source"}``. Files are read and hash-checked on
first use, parsed once, and shared (read-only) by every loader in the process.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .._resources import data_dir
from ..errors import ContextIntegrityError, UnknownDocumentError
from ..jsonio import write_json_atomic

#: The URLs microcred's own documents use.
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
EDC_AP = "http://data.europa.eu/snb/model/context/edc-ap"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
JWS_2020 = "https://w3id.org/security/suites/jws-2020/v1"
BITSTRING_STATUS_V1 = "https://www.w3.org/ns/credentials/status/v1"
MICROCRED_V1 = "https://w3id.org/microcred/v1"


@dataclass(frozen=True)
class BundledContext:
    """A context bundled with microcred: its URL, file name and SHA-256."""

    url: str
    file: str
    sha256: str
    source: str

    @property
    def path(self) -> Path:
        """Where the bundled file is on disk."""
        return data_dir("contexts") / self.file


@cache
def bundled_contexts() -> dict[str, BundledContext]:
    """URL -> :class:`BundledContext` for every bundled context."""
    index_path = data_dir("contexts") / "index.json"
    raw = json.loads(index_path.read_text(encoding="utf-8"))
    return {
        url: BundledContext(url=url, file=e["file"], sha256=e["sha256"], source=e.get("source", ""))
        for url, e in raw.items()
    }


_lock = threading.Lock()
_parsed: dict[str, Any] = {}


def bundled_document(url: str) -> Any:
    """The parsed JSON of a bundled context (hash-checked once, then cached). Do not mutate it."""
    doc = _parsed.get(url)
    if doc is not None:
        return doc
    entry = bundled_contexts().get(url)
    if entry is None:
        raise UnknownDocumentError(f"no bundled JSON-LD context for {url}", details={"url": url})
    with _lock:
        doc = _parsed.get(url)
        if doc is None:
            data = entry.path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != entry.sha256:
                raise ContextIntegrityError(
                    f"bundled context {url} ({entry.file}) has sha256 {digest}, expected {entry.sha256}",
                    details={"url": url, "file": entry.file},
                )
            doc = json.loads(data)
            _parsed[url] = doc
    return doc


def bundled_documents_loaded() -> dict[str, Any]:
    """URL -> parsed object of every bundled context parsed so far (the shared objects, not copies)."""
    return _parsed


def export_contexts(folder: str | os.PathLike[str]) -> Path:
    """Copy every bundled context into ``folder`` with an ``index.json`` ``{url: {"file", "sha256"}}``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, str]] = {}
    for url, entry in sorted(bundled_contexts().items()):
        bundled_document(url)  # hash check before copying
        target = out / entry.file
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(entry.path, tmp)
        os.replace(tmp, target)
        index[url] = {"file": entry.file, "sha256": entry.sha256}
    write_json_atomic(out / "index.json", index)
    return out
