"""The compiled JSON-LD core (tools/mypyc_build.py, tools/hatch_build.py): what it compiles, and where it is used.

``pip install .`` compiles it into the wheel where a C compiler is found; CI installs that way, runs the whole
suite on it (``MICROCRED_REQUIRE_COMPILED=1``: the test below fails if the install fell back to pure Python),
then runs the JSON-LD / RDFC suites again on the pure-Python source tree (``PYTHONPATH=src``).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from microcred.jsonld import expansion, expansion_plans

ROOT = Path(__file__).resolve().parent.parent


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mypyc_build", ROOT / "tools" / "mypyc_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mypyc_build"] = module
    spec.loader.exec_module(module)
    return module


def test_the_hot_modules_are_compiled_and_the_entry_points_are_not() -> None:
    listed = tool().modules(ROOT / "src")
    names = {Path(m).name for m in listed}
    assert {"expansion.py", "to_rdf.py", "rdfc.py", "context_processing.py", "active_context.py"} <= names
    # outside the JSON-LD package: the walks over parsed JSON and the inline EDC context of every batch credential
    assert {"microcred/json_values.py", "microcred/elm/inline_context.py"} <= set(listed)
    # the caller-facing entry points check their arguments themselves (UsageError, not a compiled TypeError)
    assert not names & {"__init__.py", "loader.py", "canonicalize.py", "processor.py", "context_limits.py"}
    assert all((ROOT / "src" / m).is_file() for m in listed)


def test_a_checkout_imports_pure_python() -> None:
    """From the source tree (editable install, ``PYTHONPATH=src``) the modules are pure unless built in place."""
    package = Path(expansion.__file__).parent
    if not package.is_relative_to(ROOT / "src"):
        pytest.skip(f"microcred is installed from a wheel ({package}), not imported from the checkout")
    if expansion_plans.COMPILED:  # built in place with tools/mypyc_build.py
        assert expansion.__file__.endswith(".so")
        return
    assert expansion.__file__.endswith(".py")
    assert not list(package.glob("*.so"))  # nothing compiled next to the modules that were imported


def test_an_installed_wheel_is_compiled() -> None:
    """``pip install .`` compiles the core where a C compiler is found (tools/hatch_build.py); CI requires it."""
    if os.environ.get("MICROCRED_REQUIRE_COMPILED") != "1":
        pytest.skip("set MICROCRED_REQUIRE_COMPILED=1 where the install must have compiled (CI does)")
    assert expansion_plans.COMPILED, f"{expansion.__file__} is not compiled"
    pure = [m for m in tool().modules(ROOT / "src") if not _imported_compiled(m)]
    assert pure == [], f"imported as pure Python: {pure}"


def _imported_compiled(relative: str) -> bool:
    module = importlib.import_module(relative.removesuffix(".py").replace("/", "."))
    return (module.__file__ or "").endswith(".so")
