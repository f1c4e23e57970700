"""microcred: issue and verify EU micro-credentials as W3C Verifiable Credentials (ELM 3 / Europass EDC).

The main entry points::

    from microcred import Key, example_microcredential, issue, verify

    key = Key.generate("Ed25519")
    secured = issue(example_microcredential(), key, format="eddsa-rdfc-2022")
    result = verify(secured)
    assert result.verified, result.summary()

Names are imported lazily (``import microcred`` stays fast for the CLI); static type checkers see them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    # issuing and verifying
    "issue": "microcred.issuer",
    "issue_many": "microcred.batch",
    "verify_many": "microcred.batch",
    "BatchOutcome": "microcred.batch",
    "RecordError": "microcred.batch",
    "Issuer": "microcred.issuer",
    "IssueOptions": "microcred.issue_options",
    "verify": "microcred.verification.verifier",
    "Verifier": "microcred.verification.verifier",
    "VerificationPolicy": "microcred.verification.policy",
    "derive": "microcred.suites.ecdsa_sd_derive",
    "ISSUE_FORMATS": "microcred.suites.registry",
    "VerificationResult": "microcred.verification.results",
    "Check": "microcred.verification.results",
    "CheckStatus": "microcred.verification.results",
    "CheckName": "microcred.verification.codes",
    "CheckCode": "microcred.verification.codes",
    "SuiteRegistry": "microcred.suites.registry",
    # the model and its ELM mapping
    "MicroCredential": "microcred.model",
    "Learner": "microcred.model",
    "Organisation": "microcred.model",
    "LearningOutcome": "microcred.model",
    "Assessment": "microcred.model",
    "QualityAssurance": "microcred.model",
    "Levels": "microcred.model",
    "Participation": "microcred.model",
    "Stackability": "microcred.model",
    "Workload": "microcred.model",
    "example_microcredential": "microcred.model",
    "minimal_microcredential": "microcred.model",
    "to_elm": "microcred.elm",
    "from_elm": "microcred.elm",
    "unwrap_credential": "microcred.elm",
    "reissue": "microcred.reissue",
    "validate": "microcred.shacl",
    "ValidationReport": "microcred.shacl",
    "Violation": "microcred.shacl",
    # JSON-LD
    "canonicalize": "microcred.jsonld",
    "canonicalize_with_map": "microcred.jsonld",
    "to_nquads": "microcred.jsonld",
    "DocumentLoader": "microcred.jsonld",
    # keys and resolvers
    "Key": "microcred.keys",
    "VerificationMethod": "microcred.resolve",
    "Resolver": "microcred.resolve",
    "StaticResolver": "microcred.resolve",
    "KeyResolver": "microcred.resolve",
    "ChainResolver": "microcred.resolve",
    "default_resolver": "microcred.resolve",
    # status lists
    "StatusRegistry": "microcred.status",
    "check_status": "microcred.status",
    # injectable I/O
    "Clock": "microcred.clock",
    "FixedClock": "microcred.clock",
    "SystemClock": "microcred.clock",
    "Fetcher": "microcred.fetcher",
    "HardenedFetcher": "microcred.fetcher",
    "StaticFetcher": "microcred.fetcher",
    # errors
    "MicrocredError": "microcred.errors",
}

__all__ = [
    "ISSUE_FORMATS",
    "Assessment",
    "BatchOutcome",
    "ChainResolver",
    "Check",
    "CheckCode",
    "CheckName",
    "CheckStatus",
    "Clock",
    "DocumentLoader",
    "Fetcher",
    "FixedClock",
    "HardenedFetcher",
    "IssueOptions",
    "Issuer",
    "Key",
    "KeyResolver",
    "Learner",
    "LearningOutcome",
    "Levels",
    "MicroCredential",
    "MicrocredError",
    "Organisation",
    "Participation",
    "QualityAssurance",
    "RecordError",
    "Resolver",
    "Stackability",
    "StaticFetcher",
    "StaticResolver",
    "StatusRegistry",
    "SuiteRegistry",
    "SystemClock",
    "ValidationReport",
    "VerificationMethod",
    "VerificationPolicy",
    "VerificationResult",
    "Verifier",
    "Violation",
    "Workload",
    "__version__",
    "canonicalize",
    "canonicalize_with_map",
    "check_status",
    "default_resolver",
    "derive",
    "example_microcredential",
    "from_elm",
    "issue",
    "issue_many",
    "minimal_microcredential",
    "reissue",
    "to_elm",
    "to_nquads",
    "unwrap_credential",
    "validate",
    "verify",
    "verify_many",
]


if set(__all__) != {*_EXPORTS, "__version__"}:  # pragma: no cover - guarded by tests
    raise ImportError("microcred.__all__ and _EXPORTS disagree")


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'microcred' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .batch import BatchOutcome, RecordError, issue_many, verify_many
    from .clock import Clock, FixedClock, SystemClock
    from .elm import from_elm, to_elm, unwrap_credential
    from .errors import MicrocredError
    from .fetcher import Fetcher, HardenedFetcher, StaticFetcher
    from .issue_options import IssueOptions
    from .issuer import Issuer, issue
    from .jsonld import DocumentLoader, canonicalize, canonicalize_with_map, to_nquads
    from .keys import Key
    from .model import (
        Assessment,
        Learner,
        LearningOutcome,
        Levels,
        MicroCredential,
        Organisation,
        Participation,
        QualityAssurance,
        Stackability,
        Workload,
        example_microcredential,
        minimal_microcredential,
    )
    from .reissue import reissue
    from .resolve import (
        ChainResolver,
        KeyResolver,
        Resolver,
        StaticResolver,
        VerificationMethod,
        default_resolver,
    )
    from .shacl import ValidationReport, Violation, validate
    from .status import StatusRegistry, check_status
    from .suites.ecdsa_sd_derive import derive
    from .suites.registry import ISSUE_FORMATS, SuiteRegistry
    from .verification.codes import CheckCode, CheckName
    from .verification.policy import VerificationPolicy
    from .verification.results import Check, CheckStatus, VerificationResult
    from .verification.verifier import Verifier, verify
