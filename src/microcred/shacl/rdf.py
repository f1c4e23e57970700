"""JSON-LD credential -> RDF graph, offline, through microcred's own JSON-LD processor in safe mode.

What JSON-LD would silently drop (undefined terms and types, relative IRIs, ...) is collected as problems,
each with its JSON path, and the graph is then built without it so SHACL can still report the rest.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any, NamedTuple

import rdflib

from ..errors import SafeModeError
from ..jsonld import to_nquads
from ..jsonld.loader import DocumentLoader


class JsonLdProblem(NamedTuple):
    """Data JSON-LD would drop: where (JSON path), which term, and why."""

    path: str
    term: str
    message: str


_LAST_SEGMENT = re.compile(r"(?:\.([^.\[\]]+)|\['([^']+)'\])(?:\[\d+\])?$")


def _term(path: str) -> str:
    match = _LAST_SEGMENT.search(path)
    return (match.group(1) or match.group(2)) if match else path


def _parse(nquads: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    # rdflib logs a traceback for every ill-typed literal ("yesterday"^^xsd:dateTime); SHACL reports them.
    term_logger = logging.getLogger("rdflib.term")
    level = term_logger.level
    term_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():  # rdflib 7.x's N-Quads parser uses its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=nquads, format="nquads")
    finally:
        term_logger.setLevel(level)
    return graph


def to_graph_with_problems(
    document: dict[str, Any], loader: DocumentLoader | None = None
) -> tuple[rdflib.Graph, list[JsonLdProblem]]:
    """The RDF (default graph) of ``document`` and what safe mode refused (empty when nothing is dropped)."""
    try:
        return _parse(to_nquads(document, loader=loader, safe=True)), []
    except SafeModeError as exc:
        errors = exc.details.get("errors") or [{"path": exc.path or "$", "message": exc.message}]
        problems = [JsonLdProblem(e["path"], _term(e["path"]), e["message"]) for e in errors]
    return _parse(to_nquads(document, loader=loader, safe=False)), sorted(problems)


def to_graph(document: dict[str, Any], loader: DocumentLoader | None = None) -> rdflib.Graph:
    """The RDF (default graph) of a JSON-LD document (what safe mode would refuse is left out)."""
    return to_graph_with_problems(document, loader)[0]


def jsonld_problems(document: dict[str, Any], loader: DocumentLoader | None = None) -> list[JsonLdProblem]:
    """Everything JSON-LD would silently drop from ``document``, with JSON paths."""
    return to_graph_with_problems(document, loader)[1]
