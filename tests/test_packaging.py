"""The wheel ships the contexts and vocabularies, and they load from an unpacked wheel (no checkout around)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A pure-Python wheel (the compiled build is the build hook's, tests/test_hatch_build.py)."""
    out = tmp_path_factory.mktemp("wheel")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MICROCRED_COMPILE", "0")
        builder = WheelBuilder(str(ROOT))
        (path,) = list(builder.build(directory=str(out), versions=["standard"]))
    yield Path(path)


def test_wheel_contains_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "microcred/py.typed" in names
    index = json.loads((ROOT / "contexts" / "index.json").read_text())
    for entry in index.values():
        assert f"microcred/_data/contexts/{entry['file']}" in names
    assert "microcred/_data/contexts/index.json" in names
    vocab = {p.relative_to(ROOT / "vocab").as_posix() for p in (ROOT / "vocab").rglob("*") if p.is_file()}
    for name in vocab:
        assert f"microcred/_data/vocab/{name}" in names
    assert not any(n.startswith(("tests/", "microcred/tests")) for n in names)


def test_unpacked_wheel_serves_every_context(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    script = (
        "import hashlib, microcred, microcred._resources as r\n"
        "from microcred.jsonld.contexts import bundled_contexts, bundled_document\n"
        "assert str(r.data_dir('contexts')).startswith(%r), r.data_dir('contexts')\n"
        "for url, e in bundled_contexts().items():\n"
        "    bundled_document(url)\n"
        "    assert hashlib.sha256(e.path.read_bytes()).hexdigest() == e.sha256\n"
        "print(len(bundled_contexts()))\n"
    ).replace("%r", repr(str(tmp_path / "site")))
    proc = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r})\n" + script,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) == len(json.loads((ROOT / "contexts" / "index.json").read_text()))


def test_wheel_contains_the_sd_jwt_vc_type_metadata(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "microcred/sd_jwt_vc/type_metadata/micro-credential-v1.json" in names


def test_a_pure_wheel_is_for_any_platform(wheel: Path) -> None:
    """With ``MICROCRED_COMPILE=0`` the wheel has no extension module and installs on any Python 3.11+."""
    assert wheel.name.endswith("-py3-none-any.whl")
    archive = zipfile.ZipFile(wheel)
    assert not [n for n in archive.namelist() if n.endswith((".so", ".pyd"))]
    (wheel_file,) = [n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")]
    assert "Root-Is-Purelib: true" in archive.read(wheel_file).decode()
