"""JSON-LD document -> RDF quads: context processing, expansion and deserialization in one call.

This is the JSON-LD 1.1 ``toRdf()`` API method (JSON-LD 1.1 API §9.2) with Data Integrity's requirements as
defaults: no base IRI (VC Data Integrity 1.0 §2.5: "the base URL is set to null"), safe mode on, and
``rdfDirection: i18n-datatype`` (as eddsa-rdfc-2022 and ecdsa-rdfc-2019 use it).
"""

from __future__ import annotations

import threading
from typing import Any

from ..errors import JsonLdError
from . import shared_expansion as shared
from .active_context import ActiveContext
from .context_limits import ContextLimits
from .context_processing import ContextProcessor
from .expansion import Expander
from .loader import DocumentLoader
from .nquads import Quad
from .problems import EventLog
from .rdfc import GroundLines
from .subtree_memo import current_memo
from .to_rdf import RdfWriter
from .writer_events import writer_may_report

_initial: dict[tuple[str | None, str], ActiveContext] = {}
_initial_lock = threading.Lock()


def initial_context(base: str | None, processing_mode: str = "json-ld-1.1") -> ActiveContext:
    """The shared initial active context for a base IRI (its caches hold every context processed on it)."""
    key = (base, processing_mode)
    context = _initial.get(key)
    if context is None:
        with _initial_lock:
            context = _initial.setdefault(key, ActiveContext(base, processing_mode))
    return context


def jsonld_to_quads(
    document: Any,
    loader: DocumentLoader,
    *,
    safe: bool = True,
    base: str | None = None,
    rdf_direction: str | None = "i18n-datatype",
    expand_context: Any = None,
    processing_mode: str = "json-ld-1.1",
    generalized_rdf: bool = False,
    context_limits: ContextLimits | None = None,
) -> list[Quad]:
    """The RDF dataset of ``document`` as a list of quads (duplicates possible, order not meaningful).

    In safe mode anything that would be dropped or left relative raises
    :class:`~microcred.errors.SafeModeError` listing every such place by JSON path. Context processing keeps
    ``context_limits`` (default: the loader's), else :class:`~microcred.errors.ContextLimitError`.
    """
    quads, _ = _to_rdf(
        document,
        loader,
        safe,
        base,
        rdf_direction,
        expand_context,
        processing_mode,
        generalized_rdf,
        context_limits,
        split=False,
    )
    return quads


def jsonld_to_dataset(
    document: Any, loader: DocumentLoader, *, safe: bool = True
) -> tuple[list[Quad], GroundLines | None]:
    """:func:`jsonld_to_quads` (the Data Integrity defaults) for RDFC-1.0: in a batch worker
    (:func:`~.subtree_memo.remembering_subtrees`) the quads of remembered node objects written again come as
    their canonical N-Quads lines (:meth:`~.subtree_memo.SubtreeMemo.ground_lines`), not in the list."""
    return _to_rdf(
        document, loader, safe, None, "i18n-datatype", None, "json-ld-1.1", False, None, split=True
    )


def _to_rdf(
    document: Any,
    loader: DocumentLoader,
    safe: bool,
    base: str | None,
    rdf_direction: str | None,
    expand_context: Any,
    processing_mode: str,
    generalized_rdf: bool,
    context_limits: ContextLimits | None,
    *,
    split: bool,
) -> tuple[list[Quad], GroundLines | None]:
    events = EventLog(safe)
    processor = ContextProcessor(loader, events, context_limits)
    active = initial_context(base, processing_mode)
    memo = current_memo()  # a batch's repeated node objects (its expanded form is never handed out)
    if expand_context is not None:
        local = (
            expand_context.get("@context", expand_context)
            if isinstance(expand_context, dict)
            else expand_context
        )
        active = processor.process(active, local, base, (None, "<expandContext>"))
    try:
        if base is None and expand_context is None and processing_mode == "json-ld-1.1" and shared.active():
            expanded = expand_shared(document, loader, events, context_limits)
        else:
            expanded = Expander(processor, events, base, memo).expand_document(active, document)
        # expansion reports problems with their JSON path; the writer only backs it up
        events.raise_if_any()
        writer = RdfWriter(events, rdf_direction, generalized_rdf, memo)
        if split and writer.memo is not None:
            quads, repeated = writer.write_parts(expanded)
        else:
            quads, repeated = writer.write(expanded), []
    except RecursionError as exc:
        raise JsonLdError("the JSON-LD document nests too deeply to process") from exc
    events.raise_if_any()
    if not repeated or writer.memo is None:
        return quads, None
    return quads, writer.memo.ground_lines(repeated)


def check_jsonld_lossless(
    document: Any, loader: DocumentLoader, *, context_limits: ContextLimits | None = None
) -> None:
    """Raise what ``jsonld_to_quads(document, loader)`` (safe mode, the defaults) raises, without its quads.

    Expansion reports what would be lost with its JSON path; the RDF writer runs only when it could report
    something more: when expansion marked a shape only the writer reports (``EventLog.writer_shapes``) and
    :func:`~.writer_events.writer_may_report` finds one, so the verdict and every message are the same.
    """
    events = EventLog(True)
    try:
        if shared.active():
            expanded = expand_shared(document, loader, events, context_limits)
        else:
            expander = Expander(ContextProcessor(loader, events, context_limits), events, None)
            expanded = expander.expand_document(initial_context(None), document)
        events.raise_if_any()
        if events.writer_shapes and writer_may_report(expanded):
            RdfWriter(events, "i18n-datatype", False).write(expanded)
    except RecursionError as exc:
        raise JsonLdError("the JSON-LD document nests too deeply to process") from exc
    events.raise_if_any()


def expand_shared(
    document: Any, loader: DocumentLoader, events: EventLog, context_limits: ContextLimits | None = None
) -> list[Any]:
    """Expand ``document`` (no base IRI, JSON-LD 1.1) once per :func:`~.shared_expansion.shared_expansions` block.

    The first call expands with the compacted-form observer attached (which also notes what each top-level
    entry contributes, :class:`~.shared_expansion.RootEntries`) and records the result; later calls with
    the same document and loader replay its safe-mode events into ``events`` and return the same expansion
    (which the RDF writer only reads). Outside a block this is a plain expansion.
    """
    found = shared.lookup(document, loader, context_limits)
    if found is not None:
        if events.safe:
            events.problems.extend(dict(p) for p in found.problems)
        events.writer_shapes = events.writer_shapes or found.writer_shapes
        return found.expanded
    from .compacted_form import CompactionObserver  # imports this module

    own = EventLog(True)
    expander = Expander(ContextProcessor(loader, own, context_limits), own, None)
    root = shared.RootEntries() if shared.active() else None
    observer = expander.observer = CompactionObserver(root)
    expanded = expander.expand_document(initial_context(None), document)
    problems = tuple(own.problems)
    shared.record(
        document,
        loader,
        context_limits,
        shared.SharedExpansion(
            document, expanded, problems, tuple(observer.offending), root, own.writer_shapes
        ),
    )
    if events.safe:
        events.problems.extend(dict(p) for p in problems)
    events.writer_shapes = events.writer_shapes or own.writer_shapes
    return expanded
