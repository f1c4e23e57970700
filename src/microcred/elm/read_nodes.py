"""Read ELM nodes (agents, identifiers, locations, concepts) from EDC JSON into model data (camelCase dicts).

The readers return plain model JSON; :func:`microcred.elm.from_elm` validates the whole at the end, so every
problem is reported with its model path. Controlled values are passed through as concept URIs and checked by
the model against the bundled vocabularies.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import MappingError
from ..model.vocabulary import vocabulary
from ._json import as_list, concept_ids, first, get, kept_id, lang_map, node_id, note_text, types_of
from .terms import NATIONAL_ID_READ_KEYS

Data = dict[str, Any]


def drop_none(data: Data) -> Data:
    """A copy of ``data`` without members that are None or empty lists."""
    return {k: v for k, v in data.items() if v is not None and v != []}


def concept_ref(node: Any, *, default_scheme: str | None = None) -> Data | None:
    """A :class:`~microcred.model.ConceptRef` from a ``skos:Concept`` node (None without an IRI).

    ``default_scheme`` is the scheme the writer adds when the model names none; it is not kept."""
    uri = node_id(node)
    if uri is None:
        return None
    scheme = node_id(get(node, "inScheme"))
    if scheme == default_scheme:
        scheme = None
    return drop_none({"uri": uri, "label": lang_map(get(node, "prefLabel")), "scheme": scheme})


def controlled(node: Any, vocab: str, *, path: str, by_label: bool = False) -> str | None:
    """The concept URI of ``node``; ``by_label`` matches a concept outside the vocabulary by its label.

    The official Sample-MC-Annex1 gives its assessment type as a local concept (``urn:epass:concept:...``)
    labelled 'artefact assessment', which is a concept of the EU assessment vocabulary.
    """
    uri = node_id(node)
    if uri is None:
        return None
    v = vocabulary(vocab)
    if uri in v or not by_label:
        return uri
    for label in (lang_map(get(node, "prefLabel")) or {}).values():
        concept = v.lookup(label)
        if concept is not None:
            return concept.uri
    return uri  # kept as read; from_elm warns about concepts outside the bundled vocabularies


def identifier(node: Any) -> Data | None:
    """The model's identifier fields read from an ELM ``Identifier`` node, or None when it has no notation."""
    notation = get(node, "notation")
    if not isinstance(notation, str):
        return None
    return drop_none({"notation": notation, "schemeName": get(node, "schemeName")})


def legal_identifier(node: Any) -> Data | None:
    """The model's legal identifier read from an ELM ``LegalIdentifier`` node, or None when incomplete."""
    notation = get(node, "notation")
    country = node_id(get(node, "spatial"))
    if not isinstance(notation, str) or country is None:
        return None
    return {"notation": notation, "country": country}


def email(node: Any) -> str | None:
    """The first e-mail address of a node's contact points (``mailto:`` removed), or None."""
    for cp in as_list(get(node, "contactPoint")):
        for mailbox in as_list(get(cp, "emailAddress")):
            mid = node_id(mailbox)
            if mid and mid.startswith("mailto:"):
                return mid.removeprefix("mailto:")
    return None


def homepage(node: Any) -> str | None:
    """The URL of a node's first homepage, or None."""
    url = get(first(get(node, "homepage")), "contentURL", "contentUrl")
    return url if isinstance(url, str) else None


def location(node: Any) -> Data | None:
    """The model's location read from a node's first address, or None when it has no country."""
    address = first(get(node, "address"))
    country = node_id(get(address, "countryCode"))
    if country is None:
        return None
    region = concept_ref(get(node, "spatialCode"))
    return drop_none(
        {"country": country, "address": note_text(get(address, "fullAddress")), "region": region}
    )


def organisation(node: Any, path: str) -> Data:
    """The model's organisation read from an ELM ``Organisation`` node; :class:`MappingError` naming ``path`` otherwise."""
    if not isinstance(node, dict):
        raise MappingError(f"{path}: expected an Organisation object, found {type(node).__name__}", path=path)
    if types_of(node) and "Organisation" not in types_of(node):
        raise MappingError(f"{path}: expected type Organisation, found {types_of(node)}", path=path)
    other = [identifier(i) for i in as_list(get(node, "identifier")) if "LegalIdentifier" not in types_of(i)]
    return drop_none(
        {
            "id": kept_id(node),
            "legalName": lang_map(get(node, "legalName")),
            "alternativeName": lang_map(get(node, "altLabel")),
            "locations": [loc for loc in (location(x) for x in as_list(get(node, "location"))) if loc],
            "eidasIdentifier": legal_identifier(first(get(node, "eIDASIdentifier"))),
            "legalIdentifier": legal_identifier(first(get(node, "registration"))),
            "vatIdentifier": legal_identifier(first(get(node, "vatIdentifier"))),
            "taxIdentifier": legal_identifier(first(get(node, "taxIdentifier"))),
            "identifiers": [i for i in other if i],
            "homepage": homepage(node),
            "email": email(node),
        }
    )


def person(node: Any, path: str) -> Data:
    """The model's learner read from an ELM ``Person`` node; :class:`MappingError` naming ``path`` otherwise."""
    if not isinstance(node, dict):
        raise MappingError(f"{path}: expected a Person object", path=path)
    idents = [identifier(i) for i in as_list(get(node, "identifier"))]
    return drop_none(
        {
            "id": kept_id(node),
            "fullName": lang_map(get(node, "fullName")),
            "givenName": lang_map(get(node, "givenName")),
            "familyName": lang_map(get(node, "familyName")),
            "dateOfBirth": get(node, "dateOfBirth"),
            "nationalId": legal_identifier(first(get(node, *NATIONAL_ID_READ_KEYS))),
            "identifiers": [i for i in idents if i],
            "email": email(node),
            "citizenship": concept_ids(get(node, "citizenshipCountry")),
        }
    )


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def drop_incomplete(data: Data, errors: list[Any]) -> list[tuple[str, str]]:
    """Remove from ``data`` each object that lacks a required field (``errors``: the model's ``{path, message}``
    entries); ``(object path, missing field)`` for each removal, ``[]`` if an error is of another kind or at
    the top level (then nothing is removed)."""
    targets: list[tuple[str, str, list[str | int]]] = []
    for error in errors:
        path = str(error.get("path") or "") if isinstance(error, dict) else ""
        steps: list[str | int] = [int(i) if i else name for name, i in _STEP.findall(path)]
        if not isinstance(error, dict) or error.get("message") != "is required" or len(steps) < 2:
            return []
        parent = path.rsplit(".", 1)[0] if isinstance(steps[-1], str) else path
        targets.append((parent, str(steps[-1]), steps[:-1]))
    for _, _, steps in sorted(
        targets, key=lambda t: [(1, s) if isinstance(s, int) else (0, s) for s in t[2]], reverse=True
    ):
        _remove(data, steps)
    return [(parent, missing) for parent, missing, _ in targets]


def _remove(data: Any, steps: list[str | int]) -> None:
    node = data
    for step in steps[:-1]:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return
    last = steps[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node.pop(last, None)
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node.pop(last)
