"""A catalogue of micro-credential offerings: LOQ entries (:mod:`.loq`) gathered in one DCAT dataset.

DCAT 3 (W3C, https://www.w3.org/TR/vocab-dcat-3/) §6.6 ``dcat:Dataset``: the catalogue is a dataset with a title
(``dct:title``), a publisher (``dct:publisher``), a modification date (``dct:modified``) and its entries as parts
(``dct:hasPart``, each a ``LearningOpportunity`` of the ELM LOQ profile). The JSON-LD document is a ``@graph`` of
the dataset node and the entries; every entry conforms to the LOQ SHACL constraints.

A credential links to its entry through its qualification: the credential's ``specifiedBy`` id (the model's
``qualificationId``) is the id of the entry's ``learningAchievementSpecification``. :func:`find_entry` follows the
link, so that a verifier can show what a credential certifies as the provider published it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..errors import MappingWarning, UsageError
from ..jsonld.contexts import EDC_AP
from ..model import MicroCredential
from .loq import LOQ_TERMS, loq_nodes

DCAT_TERMS: dict[str, Any] = {
    "Dataset": "http://www.w3.org/ns/dcat#Dataset",
    "entries": {"@id": "http://purl.org/dc/terms/hasPart", "@type": "@id"},
    "modified": {
        "@id": "http://purl.org/dc/terms/modified",
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    },
}
#: At most this many entries in one catalogue.
MAX_ENTRIES = 10_000

Node = dict[str, Any]


def catalogue(
    models: Iterable[MicroCredential],
    *,
    catalogue_id: str,
    title: dict[str, str],
    modified: datetime | None = None,
) -> Node:
    """One DCAT dataset of the LOQ entries of ``models`` (an offering given twice is written once)."""
    entries: dict[str, Node] = {}
    for i, mc in enumerate(models):
        if i >= MAX_ENTRIES:
            raise UsageError(f"a catalogue holds at most {MAX_ENTRIES} entries")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            entry = loq_nodes(mc)
        for item in caught:
            warnings.warn(f"entry {i + 1}: {item.message}", MappingWarning, stacklevel=2)
        entries.setdefault(entry["id"], entry)
    if not entries:
        raise UsageError("a catalogue needs at least one micro-credential")
    dataset: Node = {"id": catalogue_id, "type": "Dataset", "title": dict(title)}
    if modified is not None:
        dataset["modified"] = modified.isoformat().replace("+00:00", "Z")
    dataset["entries"] = list(entries)
    return {"@context": [EDC_AP, {**LOQ_TERMS, **DCAT_TERMS}], "@graph": [dataset, *entries.values()]}


def _specified_by(credential: Node) -> list[str]:
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    ids: list[str] = []
    for subj in subjects:
        if not isinstance(subj, dict):
            continue
        claims = subj.get("hasClaim")
        for claim in claims if isinstance(claims, list) else [claims]:
            spec = claim.get("specifiedBy") if isinstance(claim, dict) else None
            if isinstance(spec, dict) and isinstance(spec.get("id"), str):
                ids.append(spec["id"])
            elif isinstance(spec, str):
                ids.append(spec)
    return ids


def find_entry(catalogue_doc: Node, credential: Node) -> Node | None:
    """The catalogue entry (``LearningOpportunity``) whose qualification the credential's claim is specified by.

    ``credential`` is an ELM credential (unsigned or with an embedded proof); None when no entry matches."""
    wanted = set(_specified_by(credential))
    graph = catalogue_doc.get("@graph") if "@graph" in catalogue_doc else [catalogue_doc]
    for node in graph if isinstance(graph, list) else []:
        spec = node.get("learningAchievementSpecification") if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(spec, dict) and spec.get("id") in wanted:
            found: Node = node
            return found
    return None
