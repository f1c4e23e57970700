"""Wheel build hook (hatchling): the JSON-LD core compiled with mypyc when this machine can build it, else pure.

``pip install .`` builds a wheel through this hook. It compiles the modules :func:`mypyc_build.modules` lists
(the JSON-LD processor, RDFC-1.0 and the walks over parsed JSON; docs/performance.md) into the wheel when a C
compiler and the Python headers are found, about 35 s of build on one core; the wheel then carries the
extension modules next to the same ``.py`` sources and is tagged for this interpreter and platform. When they are
missing, or the build fails, the wheel is pure Python, as before, and the reason is printed: nothing needs a
compiler, and both builds pass the same suites (CI runs the whole suite on the default install, then the JSON-LD
suites on pure Python).

``MICROCRED_COMPILE`` chooses:

* ``auto`` (the default): compile when the toolchain is found, fall back to pure Python on any failure;
* ``0`` (or ``no``, ``false``, ``off``): pure Python;
* ``1`` (or ``yes``, ``true``, ``on``): compile, and a failure fails the build (for wheels that must be compiled).

Any other value is an error. An editable install (``pip install -e .``) is never compiled: an extension module
takes precedence over the ``.py`` beside it, so edits to the source would silently not run
(``tools/mypyc_build.py build`` compiles a checkout in place on purpose).

The compiler is mypyc, shipped with mypy (pinned as :data:`MYPY`, the ``dev`` extra's pin): hatchling installs
it into the isolated build environment only when a compile will be tried (hatchling asks for build requirements
before it says whether the wheel is editable, so an editable install fetches it too, unused). A hand-written
setuptools extension would need the same compiler; mypyc translates the mypy-strict sources that already exist,
so there is one source for both builds.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: The compiler's requirement (mypyc ships with mypy), the same pin as the ``dev`` extra, and setuptools, which
#: mypyc drives to call the C compiler (Python 3.12+ venvs no longer carry it).
MYPY = "mypy==2.4.1"
REQUIRES = [MYPY, "setuptools>=68"]
#: The environment variable that chooses the build, and its spellings.
SWITCH = "MICROCRED_COMPILE"
YES = {"1", "yes", "true", "on"}
NO = {"0", "no", "false", "off"}
AUTO = {"", "auto"}
#: mypy's configuration for the compile (see :func:`compile_into`).
MYPY_CONFIG = "[mypy]\nignore_missing_imports = True\nfollow_imports = silent\n"


def choice() -> str:
    """``"yes"``, ``"no"`` or ``"auto"`` from :data:`SWITCH`; any other value is an error naming the variable."""
    value = os.environ.get(SWITCH, "").strip().lower()
    if value in YES:
        return "yes"
    if value in NO:
        return "no"
    if value in AUTO:
        return "auto"
    spelled = ", ".join(sorted(YES | NO | {"auto"}))
    raise ValueError(f"{SWITCH}={os.environ[SWITCH]!r}: expected one of {spelled}")


def toolchain_problem() -> str | None:
    """Why this interpreter cannot compile extension modules, or ``None`` when a C compiler and headers are found."""
    if sys.implementation.name != "cpython":
        return f"{sys.implementation.name} is not CPython"
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if not headers.is_file():
        return f"no Python headers ({headers} is missing; Debian: python3-dev)"
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "").split()
    if not compiler:
        return "no C compiler configured for this Python (sysconfig CC is empty; set CC)"
    if shutil.which(compiler[0]) is None:
        return f"no C compiler ({compiler[0]} is not on PATH)"
    return None


def mypyc_build(root: Path) -> ModuleType:
    """``tools/mypyc_build.py`` of the project at ``root`` (its module list and build are shared)."""
    spec = importlib.util.spec_from_file_location("_microcred_mypyc_build", root / "tools" / "mypyc_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_into(root: Path, work: Path) -> dict[str, str]:
    """Compile a copy of ``root/src`` in ``work``; the extension modules as ``{absolute path: path in the wheel}``.

    mypyc's and the compiler's output go to ``work/build.log``; a failure raises with its last lines.
    """
    tool = mypyc_build(root)
    src = work / "src"
    shutil.copytree(root / "src", src, ignore=shutil.ignore_patterns("*.so", "__pycache__", "*.pyc"))
    # mypy's options for the copy (no pyproject.toml above it): the project's other imports may be installed
    # untyped, or not at all, in the build environment; they are not compiled, only followed.
    (src / "mypy.ini").write_text(MYPY_CONFIG)
    log_path = work / "build.log"
    try:
        with log_path.open("wb") as log:
            tool.build(src, log=log)
    except Exception as exc:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-15:]
        raise RuntimeError(f"mypyc build failed ({exc}):\n" + "\n".join(tail)) from exc
    extensions = {str(path): path.relative_to(src).as_posix() for path in tool.built(src)}
    wanted = len(tool.modules(src))
    compiled = [rel for rel in extensions.values() if "__mypyc" not in rel]
    if len(compiled) != wanted:
        raise RuntimeError(f"mypyc built {len(compiled)} of {wanted} modules")
    return extensions


class CompiledCoreHook(BuildHookInterface[BuilderConfig]):
    """Adds the mypyc-compiled modules to a standard wheel (see the module docstring)."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """The compiler, when a compile will be tried (hatchling installs these into the build environment)."""
        wanted = choice()
        if wanted == "no" or (wanted == "auto" and toolchain_problem() is not None):
            return []
        return list(REQUIRES)

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile for a standard wheel; leave an editable wheel, or one this machine cannot compile, pure."""
        wanted = choice()
        if version != "standard" or wanted == "no":
            return
        problem = toolchain_problem()
        if problem is not None:
            if wanted == "yes":
                raise RuntimeError(f"{SWITCH}=1 but this machine cannot compile: {problem}")
            self._say(f"pure-Python wheel: {problem}")
            return
        self._work = Path(tempfile.mkdtemp(prefix="microcred-mypyc-"))
        try:
            extensions = compile_into(Path(self.root), self._work)
        except Exception as exc:
            shutil.rmtree(self._work, ignore_errors=True)  # nothing of a failed compile is left behind
            if wanted == "yes":
                raise
            self._say(f"pure-Python wheel: the compiled build failed: {exc}")
            return
        build_data["force_include"].update(extensions)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        modules = sum("__mypyc" not in path for path in extensions.values())
        self._say(f"compiled {modules} modules with mypyc (set {SWITCH}=0 for a pure-Python wheel)")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the compile's working folder once the wheel is written."""
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    def _say(self, message: str) -> None:
        print(f"microcred build: {message}", file=sys.stderr)
