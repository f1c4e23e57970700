"""The JSON-LD side of verifying a Data Integrity proof: contexts and data loss (VC Data Integrity 1.0 §2.4).

* §2.4.1 "Validating Contexts": the document's contexts are only ever the ones the offline loader serves
  (bundled and pinned by sha256, or added by the caller); a context it cannot serve means the proof cannot be
  checked (``error``, ``CONTEXT_UNAVAILABLE``), not that it is wrong.
* §2.4.2 "Context Injection": the document's ``@context`` must define the proof's terms (the VC 2.0 or the Data
  Integrity context for ``DataIntegrityProof``; the suite context for Ed25519Signature2020). A proof that carries
  its own ``@context`` must carry the document's, as the proof configuration (vc-di-eddsa / vc-di-ecdsa §3.2.5
  step 4) signs the proof options under the document's ``@context``.
* §2.4.3 "Securing Data Losslessly": a term, type or IRI that JSON-LD would drop is ``DATA_LOSS_DETECTION_ERROR``;
  RDFC-1.0 giving up on a poisoned dataset (RDF Canon §7.1) is ``failed`` too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import (
    ContextLimitError,
    DocumentLoaderError,
    MicrocredError,
    SafeModeError,
    UsageError,
    WorkLimitExceededError,
)
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .base import context_urls


def context_checks(
    unsecured: dict[str, Any], proof: dict[str, Any], suite_contexts: Iterable[str], suite: str
) -> list[Check]:
    """§2.4.2 and §3.2.5 step 4 of the cryptosuites; failures only."""
    out: list[Check] = []
    context = unsecured.get("@context")
    suite_contexts = tuple(suite_contexts)
    if not isinstance(context, str | list) or not context:
        out.append(
            Check.fail(
                CheckName.PROOF,
                CheckCode.CONTEXT_MISSING,
                "the document has no @context: its terms are undefined",
            )
        )
    elif not any(url in context_urls(unsecured) for url in suite_contexts):
        msg = f"the document's @context defines no {suite} terms; it needs one of {', '.join(suite_contexts)}"
        out.append(Check.fail(CheckName.PROOF, CheckCode.CONTEXT_MISSING, msg, expected=list(suite_contexts)))
    if "@context" in proof and proof["@context"] != context:
        msg = "the proof's @context differs from the document's; the proof is signed under the document's"
        out.append(Check.fail(CheckName.PROOF, CheckCode.PROOF_CONTEXT_MISMATCH, msg))
    return out


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what caused it (``__cause__``, a ``cause`` attribute, and the microcred loader error that the
    :class:`~microcred.jsonld.loader.DocumentLoader`'s pyld-compatible interface carries)."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo and len(seen) < 16:
        current = todo.pop()
        if not isinstance(current, BaseException) or current in seen:
            continue
        seen.append(current)
        details = getattr(current, "details", None)
        todo += [current.__cause__, getattr(current, "cause", None)]
        if isinstance(details, dict):
            todo.append(details.get("microcred"))
    return seen


def canonicalization_check(exc: MicrocredError) -> Check:
    """The ``proof`` check for an error raised while canonicalizing the document or the proof options."""
    causes = _causes(exc)
    safe_mode = next((c for c in causes if isinstance(c, SafeModeError)), None)
    if safe_mode is not None:
        where = {"path": safe_mode.path} if safe_mode.path else {}
        msg = f"JSON-LD would drop data from the signed document: {safe_mode}"
        return Check.fail(CheckName.PROOF, CheckCode.DATA_LOSS_DETECTION_ERROR, msg, **where)
    if any(isinstance(c, WorkLimitExceededError) for c in causes):
        msg = f"canonicalization gave up (dataset poisoning, RDF Canon §7.1): {exc}"
        return Check.fail(CheckName.PROOF, CheckCode.CANONICALIZATION_WORK_LIMIT, msg)
    limit = next((c for c in causes if isinstance(c, ContextLimitError)), None)
    if limit is not None:
        msg = f"JSON-LD context processing gave up: {limit}"
        return Check.fail(
            CheckName.PROOF, CheckCode.JSONLD_CONTEXT_LIMIT, msg, limit=limit.details.get("limit")
        )
    loader_error = next((c for c in causes if isinstance(c, DocumentLoaderError)), None)
    if loader_error is not None:
        msg = f"a JSON-LD context of the document is not available: {loader_error}"
        return Check.error(
            CheckName.PROOF,
            CheckCode.CONTEXT_UNAVAILABLE,
            msg,
            url=getattr(loader_error, "details", {}).get("url"),
        )
    if isinstance(exc, UsageError):
        return Check.error(
            CheckName.PROOF, CheckCode.CANONICALIZATION_UNSUPPORTED, f"cannot canonicalize: {exc}"
        )
    return Check.fail(
        CheckName.PROOF, CheckCode.PROOF_TRANSFORMATION_ERROR, f"the document cannot be canonicalized: {exc}"
    )
