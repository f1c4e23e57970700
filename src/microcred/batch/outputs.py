"""Where a distributed batch writes: a local folder or any fsspec URL, one file per credential, atomically.

A worker of a Dask batch (:mod:`microcred.batch.dask_engine`) writes each credential as soon as it is issued,
under the name :func:`~microcred.batch.files.output_name` gives (the percent-encoded credential id), and a job
started again skips the credentials whose file is already there. So a file must never be seen half-written:

* a **local folder** (a path or a ``file://`` URL): a temporary file in the same folder, written and
  ``fsync``-ed, then *linked* to its name (``os.link`` fails when the name exists: a credential is never
  replaced, even by a concurrent worker) and the temporary name removed; the folder is ``fsync``-ed;
* **any other fsspec URL** (``s3://``, ``gs://``, ``memory://``, ...): the text is written to a temporary name
  beside the target (``.<name>.<random>.tmp``), then moved into place with ``fs.mv`` (an atomic rename on file
  systems that have one; on object stores a copy whose object only appears once complete). A reader that
  lists the folder ignores names starting with ``.``.

fsspec is the well-kept library for "any file system by URL"; it is imported only for non-local URLs (the
``[dask]`` extra installs it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import BatchOutputExistsError, InputError, UsageError
from ..jsonio import write_atomic
from .files import file_stem

#: Formats whose secured credential is a compact JWS (written as ``.jwt``); every other format is JSON.
COMPACT_FORMATS = frozenset({"vc+jwt", "vc-jwt"})


def name_for(credential_id: str, format: str) -> str:
    """The output name of a credential of ``format`` (as :func:`~microcred.batch.files.output_name`)."""
    return file_stem(credential_id) + (".jwt" if format in COMPACT_FORMATS else ".json")


def local_path(url: str) -> Path | None:
    """The local folder a path or ``file://`` URL names; None for another fsspec URL."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise UsageError(f"a file:// URL names a local folder, not one on {parts.netloc!r}")
        return Path(unquote(parts.path))
    if "://" in url or "::" in url:
        return None
    return Path(url)


class OutputFolder:
    """The output of a batch, opened from its URL (a picklable string) in each worker."""

    def __init__(self, url: str) -> None:
        if not isinstance(url, str) or not url:
            raise UsageError("the output of a distributed batch is a folder path or an fsspec URL")
        self.url = url
        self.local = local_path(url)
        self.fs: Any = None
        self.root = ""
        if self.local is None:
            try:
                from fsspec.core import url_to_fs
            except ImportError as exc:  # pragma: no cover - the [dask] extra installs fsspec
                raise UsageError(
                    f"{url}: writing to a URL needs fsspec (pip install 'microcred[dask]')"
                ) from exc
            try:
                self.fs, self.root = url_to_fs(url)
            except (ValueError, ImportError) as exc:
                raise UsageError(f"{url}: not a file system fsspec knows ({exc})") from exc

    def create(self) -> None:
        """Create the folder if it is missing (the driver does this once, before any worker writes)."""
        try:
            if self.local is not None:
                self.local.mkdir(parents=True, exist_ok=True)
            else:
                self.fs.makedirs(self.root, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create {self.url}: {exc.strerror or exc}", path=self.url) from exc

    def _target(self, name: str) -> str:
        if self.local is not None:
            return str(self.local / name)
        return f"{self.root.rstrip('/')}/{name}"

    def exists(self, name: str) -> bool:
        """Whether ``name`` is already written (a finished credential of an earlier run)."""
        if self.local is not None:
            return (self.local / name).exists()
        return bool(self.fs.exists(self._target(name)))

    def write(self, name: str, text: str) -> str:
        """Write ``text`` as ``name``, atomically and never over an existing file; the path or URL written."""
        target = self._target(name)
        payload = text.encode("utf-8")
        if self.local is not None:
            _write_local(self.local, Path(target), payload)
            return target
        if self.fs.exists(target):
            raise _exists(target)
        tmp = f"{self.root.rstrip('/')}/.{name}.{secrets.token_hex(6)}.tmp"
        try:
            with self.fs.open(tmp, "wb") as fh:
                fh.write(payload)
            self.fs.mv(tmp, target)
        except BaseException:
            with contextlib.suppress(Exception):
                self.fs.rm(tmp)
            raise
        return target


def _exists(target: str) -> BatchOutputExistsError:
    return BatchOutputExistsError(
        f"{target} already exists (the same credential id twice in the input); not overwritten", path=target
    )


def _write_local(folder: Path, target: Path, payload: bytes) -> None:
    """Temporary file + fsync + link (no overwrite: ``jsonio.write_atomic``) + fsync of the folder."""
    if target.exists():
        raise _exists(str(target))
    try:
        write_atomic(target, payload, overwrite=False)
    except FileExistsError:
        raise _exists(str(target)) from None
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
