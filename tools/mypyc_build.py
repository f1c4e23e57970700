"""Compile the JSON-LD processor, RDFC-1.0 and a few hot modules with mypyc, in place (docs/performance.md).

    python tools/mypyc_build.py build   [--src DIR]   # compile the modules below in place (next to the .py files)
    python tools/mypyc_build.py check   [--src DIR]   # which of them would be imported compiled
    python tools/mypyc_build.py clean   [--src DIR]   # remove what ``build`` made: back to pure Python

``pip install .`` compiles these modules into the wheel where a C compiler is found (the build hook
``tools/hatch_build.py`` uses :func:`modules` and :func:`build` on a copy of ``src/``). This script is for a
checkout: an editable install (``pip install -e .``) is never compiled by the hook, and ``build`` here compiles
the source tree in place for a developer who wants the compiled speed there (``clean`` undoes it). It needs mypy
(the ``dev`` extra pins it; mypyc ships with it), a C compiler and the Python headers. The compiled modules are the
same source, type-checked by mypy strict, translated to C by mypyc; Python's import system prefers an extension
module (``*.so``) over the ``.py`` next to it, so an editable install or ``PYTHONPATH=src`` picks them up. They
are built for the interpreter that runs this script.

Left out: ``jsonld/__init__.py`` (a package's ``__init__``), ``jsonld/loader.py`` (a runtime-checkable
``Protocol``, which mypyc cannot compile), ``jsonld/contexts.py`` (reads package data), and the thin entry points
that take the caller's arguments (``canonicalize.py``, ``processor.py``, ``context_limits.py``,
``shared_expansion.py``): compiled code checks argument types itself and would answer a wrong type with a
``TypeError`` instead of microcred's ``UsageError``. None of them is on a hot path. Compiled, the expansion
refuses documents nesting deeper than ``expansion.MAX_COMPILED_NESTING`` levels (the pure-Python processor is
stopped by the interpreter's recursion limit instead; both report "nests too deeply").
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "microcred/jsonld"
LEFT_OUT = {
    "__init__.py",
    "loader.py",
    "contexts.py",
    "context_limits.py",
    "canonicalize.py",
    "processor.py",
    "shared_expansion.py",
}


#: Hot modules outside the JSON-LD package, compiled too: walks over every parsed JSON value (depth check, copy,
#: the duplicate-key hook), and the inline EDC context each credential of a batch gets. Their functions take
#: ``Any`` or are internal (called with a dict by microcred itself), so compiling changes no caller-facing check.
EXTRA = ["microcred/json_values.py", "microcred/elm/inline_context.py"]


def modules(src: Path) -> list[str]:
    """The source files compiled, relative to ``src``."""
    folder = src / PACKAGE
    listed = [f"{PACKAGE}/{p.name}" for p in folder.glob("*.py") if p.name not in LEFT_OUT]
    return sorted(listed + [m for m in EXTRA if (src / m).is_file()])


def built(src: Path) -> list[Path]:
    """The extension modules (and mypyc's shared runtime library) a build left under ``src``."""
    return sorted(p for p in src.rglob("*.so") if p.is_file()) + sorted(src.glob("*__mypyc*.so"))


def clean(src: Path) -> None:
    """Remove every extension module under ``src`` and the build folder: the pure-Python modules are used again."""
    for path in set(built(src)):
        path.unlink()
    shutil.rmtree(src / "build", ignore_errors=True)
    shutil.rmtree(src / ".mypy_cache", ignore_errors=True)


def build(src: Path, *, log: IO[bytes] | None = None) -> None:
    """Compile :func:`modules` in place (``mypyc`` runs from ``src``, so the extensions land next to the sources).

    ``log``: where mypyc's and the C compiler's output go (default: this process's stdout and stderr).
    """
    clean(src)
    env = {**os.environ, "MYPYC_OPT_LEVEL": os.environ.get("MYPYC_OPT_LEVEL", "3")}
    command = [sys.executable, "-m", "mypyc", *modules(src)]
    subprocess.run(
        command, cwd=src, env=env, check=True, stdout=log, stderr=subprocess.STDOUT if log else None
    )
    shutil.rmtree(src / "build", ignore_errors=True)
    shutil.rmtree(src / ".mypy_cache", ignore_errors=True)


def check(src: Path) -> list[str]:
    """The compiled modules, as imported from ``src`` (fails if ``src`` is not where ``microcred`` comes from)."""
    sys.path.insert(0, str(src))
    compiled = []
    for relative in modules(src):
        name = relative.removesuffix(".py").replace("/", ".")
        module = importlib.import_module(name)
        origin = Path(module.__file__ or "")
        if not origin.is_relative_to(src):
            raise SystemExit(f"{name} was imported from {origin}, not from {src}")
        if origin.suffix == ".so":
            compiled.append(name)
    return compiled


def main(argv: list[str] | None = None) -> int:
    """The command line above."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["build", "check", "clean"])
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the source folder (default: src/)")
    args = parser.parse_args(argv)
    src = args.src.resolve()
    if args.action == "build":
        build(src)
    elif args.action == "clean":
        clean(src)
        return 0
    compiled = check(src)
    wanted = len(modules(src))
    print(f"{len(compiled)} of {wanted} modules compiled: {', '.join(compiled) or 'none'}")
    return 0 if args.action == "check" or len(compiled) == wanted else 1


if __name__ == "__main__":
    sys.exit(main())
