"""The entries of a context definition other than terms (JSON-LD 1.1 API §4.1.2 steps 5.5-5.11)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .active_context import ActiveContext
from .iri import BCP47, is_absolute_iri, resolve_iri
from .iri_expansion import expand_iri_in_context
from .problems import EventLog, Path, jsonld_error

if TYPE_CHECKING:
    from .context_processing import ContextProcessor

#: The keys of a context definition that are not term definitions.
CONTEXT_KEYS = frozenset(
    {"@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"}
)


def context_entries(  # noqa: C901 (JSON-LD 1.1 API §4.1.2 Context Processing steps 5.5-5.11: one branch per keyword)
    processor: ContextProcessor,
    result: ActiveContext,
    context: dict[str, Any],
    base_url: str | None,
    remote: tuple[str, ...],
    events: EventLog,
    path: Path,
) -> tuple[dict[str, Any], bool]:
    """Apply steps 5.5-5.11 of ``context`` to ``result`` (being built); the context with ``@import`` merged
    (step 5.6) and its ``@protected`` default."""
    # step 5.5 @version
    if "@version" in context:
        if context["@version"] != 1.1:
            raise jsonld_error("invalid @version value", f"@version {context['@version']!r} is not 1.1", path)
        if result.is_1_0:
            raise jsonld_error("processing mode conflict", "@version 1.1 in json-ld-1.0 mode", path)
    # step 5.6 @import
    if "@import" in context:
        context = _import(processor, result, context, base_url, path)
    # step 5.7 @base (only in a context that is not remote)
    if "@base" in context and not remote:
        value = context["@base"]
        if value is None:
            result.base = None
        elif isinstance(value, str) and is_absolute_iri(value):
            result.base = value
        elif isinstance(value, str) and result.base is not None:
            result.base = resolve_iri(result.base, value)
        else:
            raise jsonld_error("invalid base IRI", "@base must be a string or null", path)
    # step 5.8 @vocab
    if "@vocab" in context:
        value = context["@vocab"]
        if value is None:
            result.vocab = None
        elif not isinstance(value, str):
            raise jsonld_error("invalid vocab mapping", "@vocab must be a string or null", path)
        else:
            vocab = expand_iri_in_context(result, value, vocab=True, document_relative=True)
            if vocab is None or ":" not in vocab:
                events.warn(
                    "relative @vocab reference",
                    f"@vocab {value!r} is not an absolute IRI",
                    (path, "@vocab"),
                )
            result.vocab = vocab
    # step 5.9 @language
    if "@language" in context:
        value = context["@language"]
        if value is None:
            result.language = None
        elif isinstance(value, str):
            if not BCP47.match(value):
                events.warn(
                    "invalid @language value", f"@language {value!r} is not BCP 47", (path, "@language")
                )
            result.language = value.lower()
        else:
            raise jsonld_error("invalid default language", "@language must be a string or null", path)
    # step 5.10 @direction
    if "@direction" in context:
        if result.is_1_0:
            raise jsonld_error("invalid context entry", "@direction needs json-ld-1.1", path)
        value = context["@direction"]
        if value not in (None, "ltr", "rtl"):
            raise jsonld_error("invalid base direction", "@direction must be 'ltr', 'rtl' or null", path)
        result.direction = value
    # step 5.11 @propagate
    if "@propagate" in context:
        if result.is_1_0:
            raise jsonld_error("invalid context entry", "@propagate needs json-ld-1.1", path)
        if not isinstance(context["@propagate"], bool):
            raise jsonld_error("invalid @propagate value", "@propagate must be true or false", path)
    protected = context.get("@protected", False)
    if "@protected" in context and not isinstance(protected, bool):
        raise jsonld_error("invalid @protected value", "@protected must be true or false", path)
    return context, protected


def _import(
    processor: ContextProcessor,
    active: ActiveContext,
    context: dict[str, Any],
    base_url: str | None,
    path: Path,
) -> dict[str, Any]:
    """Step 5.6: merge the imported context under the importing one."""
    if active.is_1_0:
        raise jsonld_error("invalid context entry", "@import needs json-ld-1.1", path)
    value = context["@import"]
    if not isinstance(value, str):
        raise jsonld_error("invalid @import value", "@import must be a string", path)
    url = resolve_iri(base_url, value)
    document = processor.load(url)
    imported = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(imported, dict):
        raise jsonld_error("invalid remote context", f"{url} does not hold a context object", path, url=url)
    if "@import" in imported:
        raise jsonld_error("invalid context entry", f"imported context {url} has its own @import", path)
    merged = dict(imported)
    merged.update(context)
    del merged["@import"]
    return merged
