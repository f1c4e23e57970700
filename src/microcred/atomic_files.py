"""Many files written atomically with one flush to disk: each is whole under its name, or not there.

:func:`~microcred.jsonio.write_atomic` writes one file through a temporary file, ``fsync`` and a rename (or a
hard link). A batch writes thousands of files, and an ``fsync`` per file costs more than issuing the credential:
on the test machine 0.4-0.5 ms of CPU per file when four threads ``fsync`` at once. :func:`write_files` keeps
the same guarantee for a group of files with one flush: every file is written under a temporary name in its
folder, the file system is flushed once (Linux ``syncfs(2)`` on one of the files, which writes out the file
system's dirty data and metadata and reports write-back errors; elsewhere an ``fsync`` per file), and only then
is each file put under its name. A crash leaves whole files under their names and, at worst, temporary files
(``.<name>.<random>.tmp``, hidden) -- never a name with half a file. On the test machine a group of 64 costs
0.07-0.09 ms of CPU per file (``benchmarks/`` and ``docs/batch.md``).

``syncfs`` is called through :mod:`ctypes` (the standard library has no binding); where it is missing or fails,
each file is ``fsync``-ed instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError


def _load_syncfs() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


_SYNCFS = _load_syncfs()


def flush(descriptors: Sequence[int]) -> None:
    """Make the data of every open file in ``descriptors`` durable: ``syncfs`` once per file system (Linux, for
    more than one file), else an ``fsync`` each. Raises :class:`OSError` if the data could not be written out."""
    if _SYNCFS is not None and len(descriptors) > 1:
        devices: dict[int, int] = {}
        for fd in descriptors:
            devices.setdefault(os.fstat(fd).st_dev, fd)
        if all(_SYNCFS(fd) == 0 for fd in devices.values()):  # type: ignore[operator]
            return
    for fd in descriptors:
        os.fsync(fd)


def write_files(
    files: Sequence[tuple[Path, bytes]], *, overwrite: bool = False, mode: int = 0o644
) -> list[Exception | None]:
    """Write each ``(path, data)`` atomically, flushing the group once; per file ``None`` or the error.

    Without ``overwrite`` a file is put in place with a hard link, which fails with :class:`FileExistsError` when
    the name exists (a file written before, or twice in the group: the first one wins); where the file system has
    no hard links, the name is checked and the file renamed into place. A missing folder is an
    :class:`~microcred.errors.InputError` naming the file. One file's failure does not stop the others.
    """
    results: list[Exception | None] = [None] * len(files)
    written: list[tuple[int, int, str]] = []  # (index, fd, temporary path)
    folders: dict[Path, bool] = {}
    try:
        for index, (target, data) in enumerate(files):
            folder = target.parent if str(target.parent) else Path(".")
            if folders.setdefault(folder, folder.is_dir()) is False:
                results[index] = InputError(
                    f"cannot write {target}: folder {folder} does not exist", path=str(target)
                )
                continue
            if not overwrite and target.exists():  # (before the work of writing it)
                results[index] = FileExistsError(str(target))
                continue
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            except OSError as exc:
                results[index] = exc
                continue
            written.append((index, fd, tmp))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, mode)
            except OSError as exc:
                results[index] = exc
        try:
            flush([fd for index, fd, _ in written if results[index] is None])
        except OSError as exc:  # nothing of the group is known to be on disk: no file is put in place
            for index, _, _ in written:
                results[index] = results[index] or exc
        for index, _, tmp in written:
            if results[index] is None:
                try:
                    _into_place(tmp, files[index][0], overwrite)
                except OSError as exc:
                    results[index] = exc
    finally:
        for _, fd, tmp in written:
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return results


def _into_place(tmp: str, target: Path, overwrite: bool) -> None:
    """Give ``tmp`` the name ``target`` (replacing it only with ``overwrite``); ``tmp`` may stay (removed later)."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (e.g. some network or FAT file systems)
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)
