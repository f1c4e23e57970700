"""``microcred --version``: the version and the JSON-LD core's build (compiled with mypyc, or pure Python)."""

from __future__ import annotations

import pytest

from microcred import __version__
from microcred.cli.main import main
from microcred.jsonld import expansion_plans


def test_version_names_the_core_build(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    build = "compiled with mypyc" if expansion_plans.COMPILED else "pure Python"
    out = capsys.readouterr()
    assert out.out == f"microcred {__version__} (JSON-LD core: {build})\n"
    assert out.err == ""


def test_version_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--version" in capsys.readouterr().out
