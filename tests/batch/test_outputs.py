"""Outputs of a distributed batch: local folders and fsspec URLs, atomic, never overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("fsspec")

import fsspec

from microcred.batch.outputs import OutputFolder, local_path, name_for
from microcred.errors import BatchOutputExistsError, UsageError


def test_names_follow_the_credential_id_and_the_format() -> None:
    assert name_for("urn:uuid:1", "eddsa-rdfc-2022") == "urn%3Auuid%3A1.json"
    assert name_for("urn:uuid:1", "vc+jwt") == "urn%3Auuid%3A1.jwt"


def test_local_paths_and_file_urls(tmp_path: Path) -> None:
    assert local_path(str(tmp_path)) == tmp_path
    assert local_path(tmp_path.as_uri()) == tmp_path
    assert local_path("memory://x/y") is None
    with pytest.raises(UsageError, match="local folder"):
        local_path("file://elsewhere/x")


def test_a_local_write_is_atomic_and_never_replaces(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path.as_uri() + "/out")
    folder.create()
    assert not folder.exists("a.json")
    written = folder.write("a.json", "{}\n")
    assert Path(written).read_text() == "{}\n" and folder.exists("a.json")
    assert oct(os.stat(written).st_mode & 0o777) == "0o644"
    with pytest.raises(BatchOutputExistsError):
        folder.write("a.json", '{"other": 1}\n')
    assert Path(written).read_text() == "{}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json"]  # no temporary file left


def test_an_fsspec_url_gets_a_temporary_name_then_the_real_one() -> None:
    folder = OutputFolder("memory://microcred-test-outputs/issued")
    folder.create()
    fs = fsspec.filesystem("memory")
    folder.write("b.json", '{"b": 1}\n')
    assert fs.cat("/microcred-test-outputs/issued/b.json") == b'{"b": 1}\n'
    assert folder.exists("b.json") and not folder.exists("c.json")
    with pytest.raises(BatchOutputExistsError):
        folder.write("b.json", "{}\n")
    assert [p.rsplit("/", 1)[1] for p in fs.ls("/microcred-test-outputs/issued", detail=False)] == ["b.json"]
    fs.rm("/microcred-test-outputs", recursive=True)


def test_an_unknown_protocol_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a file system fsspec knows"):
        OutputFolder("nosuchprotocol://bucket/x")
