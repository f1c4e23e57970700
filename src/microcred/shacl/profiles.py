"""The bundled SHACL shapes and the validation profiles built from them.

``vocab/shapes/`` holds the official EDC shapes (ELM 3.1, EDC application profile 1.1.0), microcred's Annex
I shape and the official LOQ constraints (catalogue entries: learning opportunities and qualifications). Each profile's shapes graph is parsed once per process and shared (pyshacl only reads it).
"""

from __future__ import annotations

import threading
from typing import Any

import rdflib

from .._resources import data_dir
from ..errors import ShapeValidationError

#: Profile name -> shapes files (``vocab/shapes/``). The EDC files import each other with owl:imports, which
#: pyshacl does not follow; a profile lists every file it needs.
PROFILES: dict[str, tuple[str, ...]] = {
    "edc": ("EDC-generic-no-cv.ttl",),
    "edc-full": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl"),
    "edc-accredited": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl", "EDC-accredited.ttl"),
    "edc-converted": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl", "EDC-converted.ttl"),
    "edc-diploma-supplement": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl", "EDC-diplomaSupplement.ttl"),
    "edc-issued-by-mandate": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl", "EDC-issuedByMandate.ttl"),
    "microcredential": ("microcredential.ttl",),
    "all": ("EDC-generic-no-cv.ttl", "EDC-generic-full.ttl", "microcredential.ttl"),
    "loq": ("LOQ-constraints.ttl",),
}

_lock = threading.Lock()
_graphs: dict[str, rdflib.Graph] = {}
_files: dict[str, rdflib.Graph] = {}


SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
#: XPath regular-expression syntax (SHACL §4.7.1 sh:pattern uses XPath fn:matches) that Python's ``re``, which
#: pyshacl uses, lacks: Unicode categories become ``\w`` (letters, digits, underscore; the LOQ URL patterns use
#: them for IRI host characters).
_XPATH_CLASSES = {r"\p{L}\p{Nl}\p{Nd}": r"\w"}


def _python_patterns(graph: rdflib.Graph) -> None:
    """Rewrite the shapes' ``sh:pattern`` values that Python's ``re`` cannot compile (the LOQ file's).

    A leading inline ``(?i)`` (not XPath either: SHACL has ``sh:flags "i"``) becomes ``sh:flags "i"``; XPath
    Unicode-category escapes become their closest ``re`` class. The bundled files stay byte-exact."""
    for shape, pattern in list(graph.subject_objects(SH.pattern)):
        text = str(pattern)
        new = text
        for xpath, python in _XPATH_CLASSES.items():
            new = new.replace(xpath, python)
        if new.startswith("^(?i)"):
            new = "^" + new.removeprefix("^(?i)")
            graph.add((shape, SH.flags, rdflib.Literal("i")))
        if new != text:
            graph.remove((shape, SH.pattern, pattern))
            graph.add((shape, SH.pattern, rdflib.Literal(new)))


def _parse(name: str) -> rdflib.Graph:
    graph = _files.get(name)
    if graph is None:
        path = data_dir("vocab") / "shapes" / name
        try:
            graph = rdflib.Graph().parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ShapeValidationError(f"cannot parse the shapes file {path}: {exc}") from exc
        _python_patterns(graph)
        _files[name] = graph
    return graph


def shapes_graph(profile: str) -> rdflib.Graph:
    """The shapes graph of ``profile`` (parsed on first use, then cached)."""
    files = PROFILES.get(profile)
    if files is None:
        raise ShapeValidationError(
            f"unknown validation profile {profile!r}; known: {', '.join(PROFILES)}",
            details={"profile": profile},
        )
    with _lock:
        graph = _graphs.get(profile)
        if graph is None:
            graph = rdflib.Graph()
            for name in files:
                graph += _parse(name)
            for prefix, ns in _parse(files[0]).namespaces():
                graph.bind(prefix, ns, override=False)
            graph.bind("mcsh", "https://w3id.org/microcred/shapes#")
            graph.bind("mc", "https://w3id.org/microcred#")
            _graphs[profile] = graph
    return graph


def describe() -> dict[str, Any]:
    """Every profile with its shapes files."""
    return {name: list(files) for name, files in PROFILES.items()}
