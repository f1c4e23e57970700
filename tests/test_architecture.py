"""The import direction of docs/architecture.md, enforced: a lower layer never imports a higher one.

Every ``import`` / ``from ... import`` in src/microcred (module level or inside a function, so lazy imports count
too) is read with :mod:`ast` and resolved to a module of the package; each rule below names the modules a group
may not import. A new module lands in a group by its path, so a new layer needs a rule here and a line in the doc.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "microcred"

#: The verification pipeline (on top of the suites and status lists), as opposed to the vocabulary and document
#: checks below the suites (results, codes, policy, outcome, checks, signed_members, issuer, certificate_issuer).
PIPELINE = ("verification.verifier", "verification.inputs", "verification.pdf_input", "presentation")
ABOVE_SUITES = (
    "suites",
    "sd_jwt",
    "sd_jwt_vc",
    "issuer",
    "issue_document",
    "issue_holder",
    "present",
    "status",
    "batch",
    "reissue",
    "cli",
    *PIPELINE,
)

#: group (module prefixes) -> prefixes it must never import.
RULES: dict[tuple[str, ...], tuple[str, ...]] = {
    (
        "errors",
        "jsonio",
        "atomic_files",
        "compact_json",
        "json_values",
        "clock",
        "fetcher",
        "_resources",
        "base64url",
        "issue_options",
        "model_check",
    ): (
        "jsonld",
        "keys",
        "model",
        "vcdm",
        "resolve",
        "elm",
        "shacl",
        "verification",
        *ABOVE_SUITES,
    ),
    ("jsonld", "keys", "model", "vcdm", "demo_ca"): (
        "resolve",
        "elm",
        "shacl",
        "verification",
        *ABOVE_SUITES,
    ),
    #: Signers (Key, PKCS#11, CSC remote seals): on top of keys and the fetcher, below every issuing path.
    ("signers",): ("resolve", "elm", "shacl", "verification", "trust", *ABOVE_SUITES),
    ("resolve",): ("elm", "shacl", "verification", *ABOVE_SUITES),
    ("elm", "shacl", "undefined_members"): ("resolve", "verification", *ABOVE_SUITES),
    #: other shapes of the model (Open Badges 3.0, EBSI, LOQ catalogue entries, baked images): beside elm/.
    ("shapes",): ("resolve", "verification", *ABOVE_SUITES),
    (
        "verification.results",
        "verification.codes",
        "verification.policy",
        "verification.outcome",
        "verification.checks",
        "verification.signed_members",
        "verification.issuer",
        "verification.certificate_issuer",
        "vcdm.conformance",  # the data model rules as a schema check
    ): ABOVE_SUITES,
    #: X.509 paths, RFC 3161 time-stamps, CRL/OCSP and EU trusted lists: below the JAdES suite that uses them.
    ("trust",): ("resolve", "elm", "shacl", *ABOVE_SUITES),
    ("suites",): ("sd_jwt", "sd_jwt_vc", "issuer", "status", "batch", "reissue", "cli", *PIPELINE),
    ("sd_jwt",): ("sd_jwt_vc", "issuer", "status", "batch", "reissue", "cli", *PIPELINE),
    ("sd_jwt_vc",): ("batch", "reissue", "cli", *PIPELINE),
    ("issuer", "issue_document", "issue_holder"): ("present", "status", "batch", "reissue", "cli", *PIPELINE),
    #: the holder's side: presentations made with the suites' proof creation and the SD-JWT presentation
    ("present",): (
        "issuer",
        "issue_document",
        "issue_holder",
        "status",
        "batch",
        "reissue",
        "cli",
        *PIPELINE,
    ),
    ("status",): ("batch", "reissue", "cli", *PIPELINE),
    PIPELINE: ("batch", "reissue", "cli"),
    ("batch", "reissue"): ("cli",),
    #: certificates and the verification page: on top of the verifier and the ELM reader, below the CLI.
    ("render",): ("batch", "reissue", "service", "cli"),
    #: the HTTP service (issue 17): adapters over everything below (it mounts the render page), under the CLI only
    ("service",): ("cli",),
    #: A stack's checks run inside the pipeline (which passes itself in): they never import it, nor issue.
    (
        "stack.check",
        "stack.clr_check",
        "stack.assess",
        "stack.read",
        "stack.parts",
        "stack.learner",
        "stack.rules",
    ): (
        "issuer",
        "status",
        "batch",
        "reissue",
        "cli",
        "conformance",
        "stack.build",
        *PIPELINE,
    ),
    ("stack", "conformance"): ("cli",),
}


#: Imports every layer may make: the check names and codes (verification/codes/ imports only errors/).
EVERYWHERE = ("verification.codes",)


def _module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, src: Path) -> Iterator[tuple[int, str]]:
    """(line, module inside microcred without the prefix) for every import in ``path``."""
    name = _module_name(path, src)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "microcred":
                target = node.module.split(".")[1:]
            else:
                continue
            # "from . import x" / "from ..suites import registry": the names may be modules themselves
            yield from ((node.lineno, ".".join([*target, alias.name])) for alias in node.names)
            yield node.lineno, ".".join(target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "microcred":
                    yield node.lineno, ".".join(alias.name.split(".")[1:])


def _in(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _group(module: str) -> tuple[str, ...] | None:
    # the most specific prefix wins (verification.checks before a rule on "verification")
    matches = [(max(len(p) for p in g if _in(module, (p,))), g) for g in RULES if _in(module, g)]
    return max(matches)[1] if matches else None


def violations(src: Path = SRC) -> list[str]:
    """Every import under ``src`` that goes the wrong way, as ``file:line: module imports target``."""
    out: list[str] = []
    for path in sorted(src.rglob("*.py")):
        module = _module_name(path, src)
        group = _group(module)
        if group is None:
            continue
        for line, target in _imports(path, src):
            if target and _in(target, RULES[group]) and not _in(target, EVERYWHERE):
                out.append(f"{path.relative_to(src)}:{line}: {module} imports {target}")
    return sorted(set(out))


def test_lower_layers_never_import_higher_ones() -> None:
    assert violations() == []


def test_the_codes_every_layer_imports_import_only_errors() -> None:
    """verification/codes/ may be imported from any layer because it imports nothing but errors/ (and itself)."""
    found = [
        f"{path.relative_to(SRC)}:{line}: {target}"
        for path in sorted((SRC / "verification" / "codes").rglob("*.py"))
        for line, target in _imports(path, SRC)
        if not _in(target, ("errors", *EVERYWHERE))
    ]
    assert len(list((SRC / "verification" / "codes").rglob("*.py"))) >= 3
    assert found == []


def test_every_module_is_in_a_layer() -> None:
    top = {"", "__init__"}  # the package's lazy public API and cli/ sit on top of everything
    loose = sorted(
        m
        for m in map(_module_name, SRC.rglob("*.py"))
        if m not in top and _group(m) is None and not _in(m, ("cli", "verification"))
    )
    assert loose == []


@pytest.mark.parametrize(
    ("module", "source", "bad"),
    [
        ("jsonld.cache", "from ..suites.registry import get_suite\n", True),
        ("suites.example", "from ..verification.verifier import verify\n", True),
        ("suites.example", "from ..verification.results import Check\n", False),
        ("verification.checks", "def f():\n    from ..status import check_status\n", True),
        ("keys.example", "import microcred.cli.main\n", True),
    ],
)
def test_the_rule_reader_catches_a_wrong_import(module: str, source: str, bad: bool, tmp_path: Path) -> None:
    """The checker itself can fail: a planted import in a scratch tree is reported."""
    parts = module.split(".")
    target = tmp_path.joinpath(*parts[:-1], parts[-1] + ".py")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    assert bool(violations(tmp_path)) is bad


ROOT = SRC.parent.parent
DOC = ROOT / "docs" / "architecture.md"


def test_every_module_the_architecture_doc_names_exists() -> None:
    import re

    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_0-9]+\.py)`", text))
    assert len(named) > 20
    missing = sorted(
        n
        for n in named
        if not (SRC / n).is_file() and not (SRC / "verification" / n).is_file() and not (ROOT / n).is_file()
    )
    assert missing == []


def test_the_doc_excerpt_of_the_example_suite_is_the_tested_one() -> None:
    import re

    text = DOC.read_text(encoding="utf-8")
    excerpt = re.search(r"^```py\n(.*?)^```", text, re.S | re.M)
    assert excerpt is not None
    suite = (ROOT / "tests" / "verification" / "example_suite.py").read_text(encoding="utf-8")
    test = (ROOT / "tests" / "verification" / "test_example_suite.py").read_text(encoding="utf-8")
    lines = [line.strip() for line in excerpt.group(1).splitlines() if line.strip()]
    declared = [line for line in lines if line.startswith(("class ", "name:", "proof_type:", "cryptosuite:"))]
    assert len(declared) == 4 and all(line in suite for line in declared)
    assert "SUITES = default_registry().with_suites(ExampleJcs2025())" in lines
    assert "SUITES = default_registry().with_suites(ExampleJcs2025())" in test


#: The optional ``[dask]`` extra (docs/scale.md): each package, and the only modules that may import it — lazily,
#: inside a function, so that ``import microcred`` (and every other command) never loads it.
OPTIONAL_PACKAGES: dict[str, tuple[str, ...]] = {
    "dask": ("batch.dask_engine",),
    "distributed": ("batch.dask_engine", "cli.batch_dask"),
    "pyarrow": ("batch.parquet",),
    "fsspec": ("batch.outputs",),
}


def optional_import_violations(src: Path = SRC) -> list[str]:
    """Imports of an optional package outside its modules, or at module level (``file:line: ...``)."""
    out: list[str] = []
    for path in sorted(src.rglob("*.py")):
        module = _module_name(path, src)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                package = name.split(".")[0]
                if package not in OPTIONAL_PACKAGES:
                    continue
                if module not in OPTIONAL_PACKAGES[package]:
                    out.append(f"{path.relative_to(src)}:{node.lineno}: {module} imports {package}")
                elif id(node) in top_level:
                    out.append(
                        f"{path.relative_to(src)}:{node.lineno}: {module} imports {package} at module level"
                    )
    return out


def test_the_dask_extra_is_imported_only_where_a_distributed_batch_runs(tmp_path: Path) -> None:
    assert optional_import_violations() == []
    planted = tmp_path / "batch" / "pool.py"
    planted.parent.mkdir()
    planted.write_text("import distributed\n", encoding="utf-8")
    assert optional_import_violations(tmp_path) == ["batch/pool.py:1: batch.pool imports distributed"]
    (tmp_path / "batch" / "dask_engine.py").write_text("from dask import delayed\n", encoding="utf-8")
    assert len(optional_import_violations(tmp_path)) == 2


def test_importing_microcred_and_its_cli_loads_no_dask() -> None:
    import subprocess
    import sys

    code = (
        "import sys, microcred, microcred.batch, microcred.cli.main, microcred.cli.batch\n"
        "print(sorted(p for p in ('dask', 'distributed', 'pyarrow', 'fsspec') if p in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
