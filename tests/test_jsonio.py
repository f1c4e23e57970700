from __future__ import annotations

import os
from pathlib import Path

import pytest

from microcred.errors import (
    DuplicateKeyError,
    InputError,
    InputTooLargeError,
    JsonParseError,
    NestingTooDeepError,
)
from microcred.jsonio import load_file, loads_strict, write_atomic, write_json_atomic


def test_parses_plain_json() -> None:
    assert loads_strict('{"a": [1, 2, {"b": null}]}') == {"a": [1, 2, {"b": None}]}
    assert loads_strict(b"\xef\xbb\xbf{}") == {}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"a": 1, "a": 2}', DuplicateKeyError),
        ('{"x": {"id": 1, "id": 1}}', DuplicateKeyError),
        ('{"a": NaN}', JsonParseError),
        ('{"a": Infinity}', JsonParseError),
        ('{"a": 1', JsonParseError),
        ("[" * 100 + "]" * 100, NestingTooDeepError),
        ("[" * 100000 + "]" * 100000, NestingTooDeepError),
        (b"\xff\xfe", JsonParseError),
    ],
)
def test_rejects_hostile_json(text: str | bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        loads_strict(text)


def test_size_cap() -> None:
    with pytest.raises(InputTooLargeError):
        loads_strict('"' + "x" * 100 + '"', max_bytes=50)


def test_load_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1,}')
    with pytest.raises(JsonParseError, match=r"bad\.json"):
        load_file(bad)
    with pytest.raises(InputError, match=r"missing\.json"):
        load_file(tmp_path / "missing.json")


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_json_atomic(target, {"a": 1})
    assert target.read_text() == '{\n  "a": 1\n}\n'
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind


def test_write_atomic_leaves_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_without_overwrite_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert write_atomic(target, "first", overwrite=False) == target
    with pytest.raises(FileExistsError):
        write_atomic(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left behind


def test_write_atomic_without_hard_links_checks_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.txt"
    write_atomic(target, "first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "x.json", "{}")


@pytest.mark.parametrize("padding", [0, 5000])
def test_depth_limit_for_short_and_long_texts(padding: int) -> None:
    """The bracket count is a shortcut for short texts only: the limit is the same for long ones."""
    filler = '"' + "x" * padding + '"'
    at_limit = "[" * 9 + filler + "]" * 9
    assert loads_strict(at_limit, max_depth=9) is not None
    with pytest.raises(NestingTooDeepError):
        loads_strict("[" * 10 + filler + "]" * 10, max_depth=9)
    brackets_in_strings = '["' + "[" * (padding + 20) + '"]'
    assert loads_strict(brackets_in_strings, max_depth=1) == ["[" * (padding + 20)]
