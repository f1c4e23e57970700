"""The curated top-level API: exactly these names, each importable and documented."""

from __future__ import annotations

import importlib
import subprocess
import sys

import microcred

EXPECTED = {
    "__version__",
    # issuing and verifying
    "issue",
    "issue_many",
    "verify_many",
    "BatchOutcome",
    "RecordError",
    "Issuer",
    "IssueOptions",
    "verify",
    "derive",
    "Verifier",
    "VerificationPolicy",
    "ISSUE_FORMATS",
    "VerificationResult",
    "Check",
    "CheckStatus",
    "CheckName",
    "CheckCode",
    "SuiteRegistry",
    # model and mapping
    "MicroCredential",
    "Learner",
    "Organisation",
    "LearningOutcome",
    "Assessment",
    "QualityAssurance",
    "Levels",
    "Participation",
    "Stackability",
    "Workload",
    "example_microcredential",
    "minimal_microcredential",
    "to_elm",
    "from_elm",
    "unwrap_credential",
    "reissue",
    "validate",
    "ValidationReport",
    "Violation",
    # JSON-LD, keys, resolvers, status, I/O, errors
    "canonicalize",
    "canonicalize_with_map",
    "to_nquads",
    "DocumentLoader",
    "Key",
    "VerificationMethod",
    "Resolver",
    "StaticResolver",
    "KeyResolver",
    "ChainResolver",
    "default_resolver",
    "StatusRegistry",
    "check_status",
    "Clock",
    "FixedClock",
    "SystemClock",
    "Fetcher",
    "HardenedFetcher",
    "StaticFetcher",
    "MicrocredError",
}


def test_all_is_exactly_the_curated_list() -> None:
    assert set(microcred.__all__) == EXPECTED
    assert len(microcred.__all__) == len(set(microcred.__all__))


def test_every_name_resolves_and_is_documented() -> None:
    for name in microcred.__all__:
        value = getattr(microcred, name)
        if callable(value) and not isinstance(value, type(sys)):
            assert getattr(value, "__doc__", None), f"{name} has no docstring"


def test_unknown_attribute() -> None:
    try:
        microcred.does_not_exist  # noqa: B018
    except AttributeError as exc:
        assert "does_not_exist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_is_lazy() -> None:
    code = "import sys, microcred; print('pydantic' in sys.modules, 'pyld' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from microcred import *", namespace)
    assert EXPECTED - {"__version__"} <= set(namespace)
    assert importlib.import_module("microcred").__version__ == microcred.__version__
