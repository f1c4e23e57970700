"""The outcome of a SHACL validation as data: :class:`ValidationReport` with readable :class:`Violation` s."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

from ..jsonld.contexts import CREDENTIALS_V1, EDC_AP, MICROCRED_V1, bundled_document

_PREFIXES = {
    "elm": "http://data.europa.eu/snb/model/elm/",
    "cred": "https://www.w3.org/2018/credentials#",
    "dc": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "rov": "http://www.w3.org/ns/regorg#",
    "org": "http://www.w3.org/ns/org#",
    "person": "http://www.w3.org/ns/person#",
    "sh": "http://www.w3.org/ns/shacl#",
    "edc": "http://data.europa.eu/snb/model/ap/edc-generic-no-cv/",
    "edcf": "http://data.europa.eu/snb/model/ap/edc-generic-full/",
    "mc": "https://w3id.org/microcred#",
    "mcsh": "https://w3id.org/microcred/shapes#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def curie(node: Any) -> str:
    """A short name for an IRI (``elm:EQFLevel``), ``_:`` for blank nodes, the literal text otherwise."""
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    text = str(node)
    if isinstance(node, rdflib.URIRef):
        for prefix, ns in _PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
    return text


@cache
def _json_terms() -> dict[str, str]:
    """Property IRI -> JSON term of the EDC (VC 1.1) and microcred contexts, for readable paths."""
    out: dict[str, str] = {}
    for url in (MICROCRED_V1, EDC_AP, CREDENTIALS_V1):
        ctx = bundled_document(url)["@context"]
        scopes = [ctx] + [
            v["@context"] for v in ctx.values() if isinstance(v, dict) and isinstance(v.get("@context"), dict)
        ]
        for scope in scopes:
            prefixes = {k: v for k, v in scope.items() if isinstance(v, str) and v.endswith(("/", "#"))}
            for term, definition in scope.items():
                iri = definition.get("@id") if isinstance(definition, dict) else definition
                if not isinstance(iri, str) or term.startswith("@") or term in prefixes:
                    continue
                if ":" in iri and iri.split(":", 1)[0] in prefixes:
                    iri = prefixes[iri.split(":", 1)[0]] + iri.split(":", 1)[1]
                out.setdefault(iri, term)
    out["http://data.europa.eu/snb/model/elm/nationalId"] = "nationalID"
    return out


def path_text(graph: rdflib.Graph, path: Any) -> tuple[str, str]:
    """``(curie path, JSON term path)`` of a SHACL result path (simple or sequence)."""
    if path is None:
        return "", ""
    if isinstance(path, rdflib.BNode) and (path, rdflib.RDF.first, None) in graph:
        steps = list(Collection(graph, path))
    else:
        steps = [path]
    terms = _json_terms()
    return "/".join(curie(s) for s in steps), ".".join(terms.get(str(s), curie(s)) for s in steps)


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    path: str
    focus_node: str
    message: str
    severity: str
    shape: str
    term: str = ""
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The violation as JSON."""
        out: dict[str, Any] = {
            "path": self.path,
            "term": self.term,
            "focusNode": self.focus_node,
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
        }
        if self.value is not None:
            out["value"] = self.value
        return out

    def __str__(self) -> str:
        where = self.term or self.path or "(node)"
        return f"[{self.severity}] {where} on {self.focus_node}: {self.message} ({self.shape})"


@dataclass
class ValidationReport:
    """Whether a credential conforms to a profile, and every violation found."""

    profile: str
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __bool__(self) -> bool:
        return self.conforms

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON: profile, conforms, violations."""
        return {
            "profile": self.profile,
            "conforms": self.conforms,
            "violations": [v.to_dict() for v in self.violations],
        }

    def to_json(self, **kwargs: Any) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), **kwargs)

    def summary(self) -> str:
        """A short human-readable report, one line per violation."""
        head = f"{'CONFORMS' if self.conforms else 'DOES NOT CONFORM'} to profile {self.profile}"
        lines = [head, *(f"  {v}" for v in self.violations)]
        return "\n".join(lines)


def _plain(results: rdflib.Graph, shapes: rdflib.Graph, result: Any) -> str | None:
    """A readable message for the common constraint components of shapes without their own sh:message."""
    shape = results.value(result, SH.sourceShape)
    if shape is None or (shape, SH.message, None) in shapes:
        return None
    component = results.value(result, SH.sourceConstraintComponent)
    _, term = path_text(results, results.value(result, SH.resultPath))
    value = results.value(result, SH.value)
    if component == SH.MinCountConstraintComponent:
        n = int(shapes.value(shape, SH.minCount) or 1)
        return f"{term} is required" if n == 1 else f"{term} needs at least {n} values"
    if component == SH.MaxCountConstraintComponent:
        n = int(shapes.value(shape, SH.maxCount) or 1)
        return f"{term} may have at most {n} value{'s' if n != 1 else ''}"
    if component == SH.ClassConstraintComponent:
        return f"{curie(value)} should be a {curie(shapes.value(shape, SH['class']))}"
    if component == SH.DatatypeConstraintComponent:
        return f"{curie(value)!r} should have datatype {curie(shapes.value(shape, SH.datatype))}"
    return None


def _message(results: rdflib.Graph, shapes: rdflib.Graph, result: Any) -> str:
    messages = [str(m) for m in results.objects(result, SH.resultMessage)]
    text = _plain(results, shapes, result) or (
        messages[0] if messages else curie(results.value(result, SH.sourceConstraintComponent))
    )
    details = [_message(results, shapes, d) for d in results.objects(result, SH.detail)]
    if details:
        text = f"{text.split(' See details')[0].rstrip('. ')}: {'; '.join(sorted(details))}"
    return text


def violations_from(results: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    """Every top-level ``sh:ValidationResult`` of a pyshacl results graph, in a stable order."""
    nested = set(results.objects(None, SH.detail))
    out = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        if result in nested:
            continue
        path, term = path_text(results, results.value(result, SH.resultPath))
        value = results.value(result, SH.value)
        out.append(
            Violation(
                path=path,
                term=term,
                focus_node=curie(results.value(result, SH.focusNode)),
                message=_message(results, shapes, result),
                severity=curie(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
                shape=curie(results.value(result, SH.sourceShape)),
                value=None if value is None else curie(value),
            )
        )
    return sorted(out, key=lambda v: (v.focus_node, v.path, v.message))
