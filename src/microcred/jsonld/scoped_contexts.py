"""Property-scoped contexts, once per node object (JSON-LD 1.1 API §5.1.2 Expansion step 8), found by identity.

Under a term with a property-scoped context every node object is expanded with that context processed on top of
the active context: in an EDC credential that is most of its node objects. The result is cached like any processed
context (``ActiveContext.derived``, :mod:`~microcred.jsonld.context_cache`); :func:`process_scoped` finds the
common hit, an entry that depends on no document and replays no event, by the identity of the term definition
(``ActiveContext.scoped``), without building and hashing the cache key. The entry's cost is charged exactly as
on any other hit, so limits and results are those of ``ContextProcessor.process``.
"""

from __future__ import annotations

from typing import Any

from .active_context import UNSET, ActiveContext, TermDefinition
from .context_cache import MAX_DERIVED, CacheEntry
from .context_processing import ContextProcessor
from .problems import Path


def process_scoped(
    processor: ContextProcessor, active: ActiveContext, definition: TermDefinition, path: Path
) -> ActiveContext:
    """``processor.process(active, definition.context, ...)`` as step 8 calls it, the common hit by identity."""
    memo = active.scoped
    found = memo.get(id(definition))
    if found is not None and found[0] is definition:
        hit: CacheEntry = found[1]
        processor.budget.charge(hit.cost, path)
        return hit.result
    result = processor.process(
        active, definition.context, definition.base_url, path, override_protected=True, frozen=True
    )
    entry: Any = active.derived.get(("obj", id(definition.context), definition.base_url, True, True))
    if (
        entry.__class__ is CacheEntry
        and entry.result is result
        and not entry.depends_on
        and not entry.events
        and len(memo) < MAX_DERIVED
    ):
        memo[id(definition)] = (definition, entry)  # the definition is kept: its identity stays its own
    return result


def process_type_scoped(
    processor: ContextProcessor,
    active: ActiveContext,
    type_scoped: ActiveContext,
    term: str,
    path: Path,
    key: str,
) -> ActiveContext:
    """Expansion step 11.2 for one ``@type`` value ``term`` (entry ``key``): ``active`` with the term's
    type-scoped context processed on top, if it has one."""
    definition = type_scoped.terms.get(term)
    if definition is None or definition.context is UNSET:
        return active
    return processor.process(
        active, definition.context, definition.base_url, (path, key), propagate=False, frozen=True
    )
