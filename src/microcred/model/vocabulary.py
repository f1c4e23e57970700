"""Bundled controlled vocabularies with their EU concept URIs.

Each vocabulary is a file ``vocab/cv/<name>.json`` (built by ``vocab/tools/build_cv.py`` from the ELM 3 XSD
enumerations and the Publications Office authority lists; microcred's own schemes are in
``vocab/microcred.ttl``). A value may be given as the concept URI, its code (the last URI segment or the
authority code, e.g. ``IRL``), an alias (``IE``, ``online``, ``ects``) or its English label;
:meth:`Vocabulary.normalize` returns the concept URI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from .._resources import data_dir
from ..errors import VocabularyError

#: Every bundled vocabulary, by name.
VOCABULARY_NAMES: tuple[str, ...] = (
    "accreditation-type",
    "assessment-type",
    "content-encoding",
    "country",
    "credential-profile",
    "credit-framework",
    "eqf",
    "file-type",
    "isced-2011-level",
    "isced-f",
    "language",
    "learning-mode",
    "learning-opportunity-type",
    "learning-setting",
    "qf-ehea-cycle",
    "skill-reuse-level",
    "stackability",
    "supervision",
)


@dataclass(frozen=True)
class Concept:
    """One SKOS concept of a bundled vocabulary."""

    uri: str
    code: str
    label: dict[str, str]
    aliases: tuple[str, ...] = ()

    @property
    def label_en(self) -> str | None:
        """The English label of the concept, if it has one."""
        return self.label.get("en")


class Vocabulary:
    """A controlled vocabulary (a SKOS concept scheme) and the ways a user may name its concepts."""

    def __init__(self, name: str, title: str, scheme: str, concepts: list[Concept], source: str = "") -> None:
        self.name = name
        self.title = title
        self.scheme = scheme
        self.source = source
        self.concepts = tuple(concepts)
        self._by_uri = {c.uri: c for c in concepts}
        self._by_key: dict[str, Concept] = {}
        for c in concepts:  # labels first, so that codes and aliases win on a clash
            if c.label_en:
                self._by_key.setdefault(c.label_en.casefold(), c)
        for c in concepts:
            for key in (c.code, *c.aliases):
                self._by_key[key.casefold()] = c

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and uri in self._by_uri

    def __len__(self) -> int:
        return len(self.concepts)

    def concept(self, uri: str) -> Concept:
        """The concept with this URI (``KeyError`` if it is not in the vocabulary)."""
        return self._by_uri[uri]

    def lookup(self, value: object) -> Concept | None:
        """The concept named by ``value`` (URI, code, alias or English label), or None."""
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            return None
        text = value.strip()
        return self._by_uri.get(text) or self._by_key.get(text.casefold())

    def normalize(self, value: object) -> str:
        """The concept URI for ``value``; :class:`VocabularyError` naming the allowed values if unknown."""
        concept = self.lookup(value)
        if concept is None:
            raise VocabularyError(
                f"{value!r} is not in the {self.name} vocabulary; {self.describe_allowed()}",
                details={
                    "vocabulary": self.name,
                    "value": value if isinstance(value, str | int) else repr(value),
                },
            )
        return concept.uri

    def describe_allowed(self, limit: int = 12) -> str:
        """A short human description of the allowed values (all of them for small vocabularies)."""
        names = [f"{c.aliases[0]} ({c.code})" if c.aliases else c.code for c in self.concepts]
        if len(names) <= limit:
            listed = ", ".join(names)
            return f"allowed: {listed} (or the concept URI in {self.scheme})"
        listed = ", ".join(names[:limit])
        return (
            f"allowed: one of {len(names)} values such as {listed}, ... "
            f"(a code, alias, English label or concept URI in {self.scheme})"
        )


def _concept(raw: dict[str, Any]) -> Concept:
    return Concept(
        uri=raw["uri"],
        code=raw["code"],
        label=dict(raw.get("label") or {}),
        aliases=tuple(raw.get("aliases", ())),
    )


@cache
def vocabulary(name: str) -> Vocabulary:
    """The bundled vocabulary ``name`` (one of :data:`VOCABULARY_NAMES`), loaded once per process."""
    if name not in VOCABULARY_NAMES:
        raise KeyError(f"unknown vocabulary {name!r}; known: {', '.join(VOCABULARY_NAMES)}")
    path = data_dir("vocab") / "cv" / f"{name}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Vocabulary(
        name=raw["name"],
        title=raw["title"],
        scheme=raw["scheme"],
        concepts=[_concept(c) for c in raw["concepts"]],
        source=raw.get("source", ""),
    )


def find_concept(uri: str) -> tuple[Vocabulary, Concept] | None:
    """The bundled vocabulary and concept with this URI, whatever the vocabulary (None if unknown)."""
    found = _FOUND.get(uri) if isinstance(uri, str) else None
    if found is not None:
        return found
    for name in VOCABULARY_NAMES:
        vocab = vocabulary(name)
        if uri in vocab:
            found = _FOUND[uri] = (vocab, vocab.concept(uri))
            return found
    return None


#: Concepts :func:`find_concept` found, by URI: the bundled vocabularies are loaded once and never change, so an
#: answer stays right; only concepts found are kept (at most every bundled concept), the ELM writer looks up
#: ~50 per credential.
_FOUND: dict[str, tuple[Vocabulary, Concept]] = {}
