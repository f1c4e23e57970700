"""Groups of files written atomically with one flush (microcred.atomic_files)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from microcred import atomic_files
from microcred.atomic_files import write_files
from microcred.errors import InputError


def temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


class Calls:
    """Counts the calls of a wrapped function."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.count = 0

    def __call__(self, *args: Any) -> Any:
        self.count += 1
        return self.function(*args)


def test_a_group_is_written_whole_with_one_flush(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform.startswith("linux"):
        assert atomic_files._SYNCFS is not None  # the real syncfs(2) of this machine's C library
        syncfs = Calls(atomic_files._SYNCFS)
        monkeypatch.setattr(atomic_files, "_SYNCFS", syncfs)
    fsync = Calls(os.fsync)
    monkeypatch.setattr(os, "fsync", fsync)
    files = [(tmp_path / f"f{i}.json", f"{i}\n".encode() * (i + 1)) for i in range(20)]
    assert write_files(files) == [None] * 20
    for path, data in files:
        assert path.read_bytes() == data
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert temporaries(tmp_path) == []
    if sys.platform.startswith("linux"):
        assert (syncfs.count, fsync.count) == (1, 0)
    else:
        assert fsync.count == 20


def test_without_syncfs_every_file_is_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_files, "_SYNCFS", None)
    fsync = Calls(os.fsync)
    monkeypatch.setattr(os, "fsync", fsync)
    assert write_files([(tmp_path / "a", b"a"), (tmp_path / "b", b"b")]) == [None, None]
    assert fsync.count == 2


def test_a_failing_syncfs_falls_back_to_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_files, "_SYNCFS", lambda fd: -1)
    fsync = Calls(os.fsync)
    monkeypatch.setattr(os, "fsync", fsync)
    assert write_files([(tmp_path / "a", b"a"), (tmp_path / "b", b"b")]) == [None, None]
    assert fsync.count == 2


def test_a_file_that_cannot_be_flushed_is_not_put_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic_files, "_SYNCFS", None)

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    results = write_files([(tmp_path / "a", b"a"), (tmp_path / "b", b"b")])
    assert all(isinstance(r, OSError) for r in results)
    assert list(tmp_path.iterdir()) == []  # no name, no temporary file


def test_existing_names_and_repeats_are_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "old").write_text("old")
    results = write_files(
        [(tmp_path / "old", b"new"), (tmp_path / "x", b"first"), (tmp_path / "x", b"second")]
    )
    assert results[0].__class__ is FileExistsError and results[2].__class__ is FileExistsError
    assert results[1] is None
    assert (tmp_path / "old").read_text() == "old" and (tmp_path / "x").read_text() == "first"
    assert temporaries(tmp_path) == []
    assert write_files([(tmp_path / "old", b"new")], overwrite=True) == [None]
    assert (tmp_path / "old").read_text() == "new"


def test_a_missing_folder_fails_its_files_only(tmp_path: Path) -> None:
    results = write_files([(tmp_path / "missing" / "a", b"a"), (tmp_path / "b", b"b")])
    assert isinstance(results[0], InputError) and "missing" in str(results[0])
    assert results[1] is None and (tmp_path / "b").read_bytes() == b"b"


def test_without_hard_links_files_are_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Any, target: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "taken").write_text("kept")
    results = write_files([(tmp_path / "new", b"new"), (tmp_path / "taken", b"other")])
    assert results[0] is None and isinstance(results[1], FileExistsError)
    assert (tmp_path / "new").read_bytes() == b"new" and (tmp_path / "taken").read_text() == "kept"
    assert temporaries(tmp_path) == []


def test_a_failed_write_fails_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    calls = {"n": 0}

    def full_disk_once(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk_once)
    results = write_files([(tmp_path / "a", b"a"), (tmp_path / "b", b"b")])
    assert isinstance(results[0], OSError) and results[1] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
