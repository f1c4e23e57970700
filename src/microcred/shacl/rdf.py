"""JSON-LD credential -> RDF graph, offline, with microcred's document loader (never rdflib's own loader)."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import rdflib
from pyld import jsonld

from ..errors import JsonLdError, MicrocredError
from ..jsonld.loader import DocumentLoader, resolve_loader

#: Undefined terms are caught by expanding with this extra ``@vocab``: they come out under its namespace.
UNDEFINED = "urn:microcred:undefined-term#"


def _microcred_cause(exc: BaseException) -> MicrocredError | None:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, MicrocredError):
            return seen
        details = getattr(seen, "details", None)
        inner = details.get("microcred") if isinstance(details, dict) else None
        if isinstance(inner, MicrocredError):
            return inner
        seen = getattr(seen, "cause", None) or seen.__cause__
    return None


def _fail(exc: Exception, what: str) -> MicrocredError:
    cause = _microcred_cause(exc)
    if cause is not None:
        return cause
    detail = exc
    for _ in range(10):  # pyld nests the real reason in .cause
        inner = getattr(detail, "cause", None)
        if not isinstance(inner, Exception):
            break
        detail = inner
    return JsonLdError(f"cannot {what} the credential as JSON-LD: {detail}")


def to_graph(document: dict[str, Any], loader: DocumentLoader | None = None) -> rdflib.Graph:
    """The RDF (default graph) of a JSON-LD document, via pyld's toRdf with the offline loader."""
    options = {"documentLoader": resolve_loader(loader), "format": "application/n-quads", "base": None}
    try:
        nquads = jsonld.to_rdf(document, options)
    except jsonld.JsonLdError as exc:
        raise _fail(exc, "convert") from exc
    graph = rdflib.Graph()
    # rdflib logs a traceback for every ill-typed literal ("yesterday"^^xsd:dateTime); SHACL reports them.
    term_logger = logging.getLogger("rdflib.term")
    level = term_logger.level
    term_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():  # rdflib 7.x's N-Quads parser uses its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=str(nquads), format="nquads")
    finally:
        term_logger.setLevel(level)
    return graph


def jsonld_problems(document: dict[str, Any], loader: DocumentLoader | None = None) -> list[tuple[str, str]]:
    """``(term, message)`` for what JSON-LD would silently drop: undefined terms and types, relative IRIs."""
    ctx = document.get("@context")
    contexts = ctx if isinstance(ctx, list) else ([ctx] if ctx is not None else [])
    probe = {**document, "@context": [*contexts, {"@vocab": UNDEFINED}]}
    try:
        expanded = jsonld.expand(probe, {"documentLoader": resolve_loader(loader), "base": None})
    except jsonld.JsonLdError as exc:
        raise _fail(exc, "expand") from exc
    terms: set[str] = set()
    relative: set[str] = set()
    stack: list[Any] = [expanded]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key.startswith(UNDEFINED):
                terms.add(key[len(UNDEFINED) :])
            elif key == "@type" and isinstance(value, list):
                terms.update(
                    t[len(UNDEFINED) :] for t in value if isinstance(t, str) and t.startswith(UNDEFINED)
                )
            elif key == "@id" and isinstance(value, str) and ":" not in value:
                relative.add(value)
            stack.append(value)
    problems = [
        (t, f"{t!r} is not defined by the credential's @context: JSON-LD processors drop it") for t in terms
    ]
    problems += [(r, f"{r!r} is not an absolute IRI: JSON-LD processors drop it") for r in relative]
    return sorted(problems)
