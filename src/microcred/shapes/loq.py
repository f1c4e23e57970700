"""Catalogue entry: the micro-credential's offering as ELM LOQ JSON-LD (a ``LearningOpportunity``).

The ELM "Learning Opportunity and Qualification" application profile (LOQ, its SHACL constraints in
``vocab/shapes/LOQ-constraints.ttl``) is how providers publish what they offer, e.g. to the Europass
Qualification Dataset Register. The entry is the ``LearningOpportunity`` (title, homepage, provider, default
language, mode) whose ``learningAchievementSpecification`` is the ``Qualification`` the micro-credential
certifies, with its learning outcomes, ECTS, levels, assessment (``provenBy``), entry requirements, participation
(``mode``, ``learningSetting``) and awarding bodies (``awardingOpportunity``).

The nodes are those the ELM writer (:func:`microcred.elm.to_elm`) gives the credential's ``specifiedBy``, so an
entry and a credential say the same about the qualification; their local ids (``urn:epass:...``) are replaced
by ids made from each node's content, so that many entries can share one catalogue (:mod:`.catalogue`). The qualification keeps
its id (the model's ``qualificationId``): a credential's ``specifiedBy`` names it, which is the link from a
credential to what the provider published. What the LOQ constraints do not allow on a ``Qualification``
(microcred's ``stackability`` and ``creditRecognisedTowards``; ``isPartOf``, which LOQ wants fully described)
is left out with a warning.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from typing import Any

from ..elm import to_elm
from ..errors import MappingWarning, UsageError
from ..jsonld.contexts import EDC_AP
from ..model import MicroCredential

#: Terms the EDC application-profile context lacks and a catalogue entry needs (ELM and DCAT).
LOQ_TERMS: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "defaultLanguage": {"@id": "http://data.europa.eu/snb/model/elm/defaultLanguage", "@type": "@id"},
    "awardingOpportunity": {"@id": "http://data.europa.eu/snb/model/elm/awardingOpportunity", "@type": "@id"},
    "AwardingOpportunity": "http://data.europa.eu/snb/model/elm/AwardingOpportunity",
    "learningAchievementSpecification": {
        "@id": "http://data.europa.eu/snb/model/elm/learningAchievementSpecification",
        "@type": "@id",
    },
}
ENGLISH = "http://publications.europa.eu/resource/authority/language/ENG"
#: Not allowed on a LOQ ``Qualification`` (microcred's terms), or only as fully described qualifications
#: (``isPartOf``: LOQ wants each one's outcomes, levels and field; the model has only their id and title).
LEFT_OUT = ("stackability", "creditRecognisedTowards", "isPartOf")

Node = dict[str, Any]


def _reid(value: Any, prefix: str) -> Any:
    """``value`` with each local id (``urn:epass:...``) replaced by one made from the node's content.

    Nodes with the same statements get the same id, in one entry or across a catalogue's entries (the same
    organisation described by two entries stays one node with one registration, as LOQ requires)."""
    if isinstance(value, list):
        return [_reid(v, prefix) for v in value]
    if not isinstance(value, dict):
        return value
    node = {k: _reid(v, prefix) for k, v in value.items() if k != "id"}
    ident = value.get("id")
    if isinstance(ident, str) and ident.startswith("urn:epass:"):
        kind = ident.removeprefix("urn:epass:").split(":")[0]
        digest = hashlib.sha256(json.dumps(node, sort_keys=True).encode()).hexdigest()[:16]
        ident = f"{prefix}{kind}:{digest}"
    return {"id": ident, **node} if ident is not None else node


def entry_key(mc: MicroCredential) -> str:
    """A short stable key of the offering (from its qualification id, else its title)."""
    basis = mc.qualification_id or repr(sorted(mc.title.items()))
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def _find_organisation(value: Any, ident: str) -> Node | None:
    if isinstance(value, dict):
        if value.get("id") == ident and value.get("type") == "Organisation" and "legalName" in value:
            return value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = _find_organisation(item, ident)
            if found is not None:
                return found
    return None


def loq_nodes(mc: MicroCredential) -> Node:
    """The ``LearningOpportunity`` node of ``mc``'s offering (no ``@context``)."""
    if mc.homepage is None and not (mc.qualification_id or "").startswith(("http://", "https://")):
        raise UsageError(
            "a catalogue entry needs the micro-credential's homepage (LOQ: foaf:homepage, min 1)"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)
        credential = to_elm(mc.model_copy(update={"elm": None}), data_model="v1")
    claim = credential["credentialSubject"]["hasClaim"][0]
    prefix = f"urn:microcred:loq:{entry_key(mc)}:"
    spec: Node = _reid(claim["specifiedBy"], "urn:microcred:loq:")
    for term in LEFT_OUT:
        if term in spec:
            del spec[term]
            warnings.warn(
                f"{term}: the LOQ constraints do not allow it here; it stays in the ELM credential",
                MappingWarning,
                stacklevel=3,
            )
    bodies = _reid(claim["awardedBy"]["awardingBody"], "urn:microcred:loq:")
    spec["awardingOpportunity"] = [
        {
            "id": f"{prefix}awardingOpportunity-1",
            "type": "AwardingOpportunity",
            "awardingBody": bodies,
            "learningAchievementSpecification": spec["id"],
        }
    ]
    for accreditation in (
        spec.get("accreditation") or []
    ):  # LOQ: the accredited organisation (elm:organisation)
        accreditation.setdefault("organisation", bodies[0]["id"])
    provider = bodies[0]
    if mc.provider is not None and mc.provider.id:  # the provider as the ELM writer describes it
        provider = _reid(_find_organisation(credential, mc.provider.id), "urn:microcred:loq:") or provider
    if mc.qualification_id is None:
        warnings.warn(
            "no qualificationId: credentials cannot name this entry's qualification (specifiedBy); give the "
            "micro-credential a qualificationId to link them",
            MappingWarning,
            stacklevel=2,
        )
    for node in _reid(claim.get("provenBy") or [], "urn:microcred:loq:"):
        if isinstance(node, dict) and isinstance(node.get("specifiedBy"), dict) and "provenBy" not in spec:
            spec["provenBy"] = [node["specifiedBy"]]
    homepage = mc.homepage or mc.qualification_id
    language = mc.languages[0] if mc.languages else ENGLISH
    opportunity: Node = {
        "id": f"{prefix}learningOpportunity",
        "type": "LearningOpportunity",
        "title": dict(mc.title),
    }
    if mc.description:
        opportunity["description"] = dict(mc.description)
    opportunity["homepage"] = [{"id": f"{prefix}homepage", "type": "WebResource", "contentURL": homepage}]
    opportunity["providedBy"] = provider
    opportunity["defaultLanguage"] = {"id": language, "type": "Concept"}
    if "mode" in spec:
        opportunity["mode"] = spec["mode"]
    opportunity["learningAchievementSpecification"] = spec
    return opportunity


def to_loq(mc: MicroCredential) -> Node:
    """``mc``'s offering as an ELM LOQ JSON-LD document (one ``LearningOpportunity``)."""
    return {"@context": [EDC_AP, LOQ_TERMS], **loq_nodes(mc)}
