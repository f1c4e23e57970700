"""The wheel build hook (tools/hatch_build.py): when it compiles the JSON-LD core, when it falls back, and why.

The real compile runs when CI installs the package (``.ci/run``, the README's test command); the suite then
checks that the installed modules are the compiled ones (``tests/test_mypyc_build.py``). Here the hook's
decisions are tested with the compile itself replaced where it would take half a minute.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("microcred_hatch_build", ROOT / "tools" / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["microcred_hatch_build"] = module
    spec.loader.exec_module(module)
    return module


hook_module = load_hook()


def new_hook() -> Any:
    return hook_module.CompiledCoreHook(str(ROOT), {}, None, None, "", "wheel")


def build_data() -> dict[str, Any]:
    return {"force_include": {}, "pure_python": True, "infer_tag": False}


@pytest.fixture(autouse=True)
def default_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(hook_module.SWITCH, raising=False)


@pytest.fixture
def no_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC", "no-such-compiler-for-microcred")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "auto"),
        ("auto", "auto"),
        ("0", "no"),
        ("off", "no"),
        ("False", "no"),
        ("1", "yes"),
        (" YES ", "yes"),
    ],
)
def test_the_switch_is_read(monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    monkeypatch.setenv(hook_module.SWITCH, value)
    assert hook_module.choice() == expected


def test_a_misspelled_switch_is_an_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(hook_module.SWITCH, "maybe")
    with pytest.raises(ValueError, match="MICROCRED_COMPILE='maybe'"):
        hook_module.choice()
    with pytest.raises(ValueError):
        new_hook().dependencies()


def test_a_missing_compiler_is_named(no_compiler: None) -> None:
    problem = hook_module.toolchain_problem()
    assert problem is not None
    assert "no-such-compiler-for-microcred" in problem


def test_the_compiler_is_required_only_when_a_compile_will_be_tried(
    monkeypatch: pytest.MonkeyPatch, no_compiler: None
) -> None:
    assert new_hook().dependencies() == []  # auto, and no compiler
    monkeypatch.setenv(hook_module.SWITCH, "1")
    assert new_hook().dependencies() == hook_module.REQUIRES
    monkeypatch.setenv(hook_module.SWITCH, "0")
    assert new_hook().dependencies() == []


def test_the_mypy_pin_is_the_dev_extras() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert hook_module.MYPY in pyproject["project"]["optional-dependencies"]["dev"]
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["hooks"]["custom"]["path"] == "tools/hatch_build.py"


def never_compile(root: Path, work: Path) -> dict[str, str]:
    raise AssertionError("compile_into was called")


def test_an_editable_install_is_never_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hook_module, "compile_into", never_compile)
    monkeypatch.setenv(hook_module.SWITCH, "1")  # not even when compiling is required
    data = build_data()
    new_hook().initialize("editable", data)
    assert data == build_data()


def test_switched_off_is_pure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hook_module, "compile_into", never_compile)
    monkeypatch.setenv(hook_module.SWITCH, "0")
    data = build_data()
    new_hook().initialize("standard", data)
    assert data == build_data()


def test_no_compiler_falls_back_to_pure_and_says_why(
    monkeypatch: pytest.MonkeyPatch, no_compiler: None, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(hook_module, "compile_into", never_compile)
    data = build_data()
    new_hook().initialize("standard", data)
    assert data == build_data()
    assert "pure-Python wheel: no C compiler (no-such-compiler-for-microcred" in capsys.readouterr().err


def test_no_compiler_when_compiling_is_required_fails_the_build(
    monkeypatch: pytest.MonkeyPatch, no_compiler: None
) -> None:
    monkeypatch.setattr(hook_module, "compile_into", never_compile)
    monkeypatch.setenv(hook_module.SWITCH, "1")
    with pytest.raises(RuntimeError, match="MICROCRED_COMPILE=1 but this machine cannot compile"):
        new_hook().initialize("standard", build_data())


def failing_compile(failed_in: list[Path]) -> Any:
    def compile_into(root: Path, work: Path) -> dict[str, str]:
        failed_in.append(work)
        (work / "build.log").write_text("gcc: error\n")
        raise RuntimeError("mypyc build failed (gcc exited 1)")

    return compile_into


def with_toolchain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hook_module, "toolchain_problem", lambda: None)


def test_a_failed_compile_falls_back_to_pure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with_toolchain(monkeypatch)
    failed_in: list[Path] = []
    monkeypatch.setattr(hook_module, "compile_into", failing_compile(failed_in))
    hook = new_hook()
    data = build_data()
    hook.initialize("standard", data)
    assert data == build_data()
    assert "the compiled build failed: mypyc build failed (gcc exited 1)" in capsys.readouterr().err
    monkeypatch.setenv(hook_module.SWITCH, "yes")
    with pytest.raises(RuntimeError, match="gcc exited 1"):
        new_hook().initialize("standard", build_data())
    assert len(failed_in) == 2
    assert not [work for work in failed_in if work.exists()]  # no working folder left, fallback or failure


def test_a_compile_adds_the_extensions_and_tags_the_wheel(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with_toolchain(monkeypatch)
    seen: list[Path] = []

    def fake_compile(root: Path, work: Path) -> dict[str, str]:
        seen.append(work)
        (work / "x.so").write_bytes(b"")
        return {str(work / "x.so"): "microcred/jsonld/x.so", str(work / "h__mypyc.so"): "h__mypyc.so"}

    monkeypatch.setattr(hook_module, "compile_into", fake_compile)
    hook = new_hook()
    data = build_data()
    hook.initialize("standard", data)
    (work,) = seen
    assert data["pure_python"] is False and data["infer_tag"] is True
    assert data["force_include"] == {
        str(work / "x.so"): "microcred/jsonld/x.so",
        str(work / "h__mypyc.so"): "h__mypyc.so",
    }
    assert "compiled 1 modules with mypyc" in capsys.readouterr().err
    hook.finalize("standard", data, "microcred.whl")
    assert not work.exists()
