"""The optional compiled JSON-LD processor (tools/mypyc_build.py): what it compiles, and that the default is pure.

Building it needs a C compiler and takes minutes, so CI builds it in a step of its own (``.ci/run``) and runs the
JSON-LD / RDFC suites on it; here: the module list, and that a checkout without a build imports pure Python.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

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


def test_the_default_is_pure_python() -> None:
    if expansion_plans.COMPILED:  # the CI step that runs the suites on a compiled build
        assert expansion.__file__.endswith(".so")
        return
    assert expansion.__file__.endswith(".py")
    package = Path(expansion.__file__).parent
    assert not list(package.glob("*.so"))  # nothing compiled next to the modules that were imported
