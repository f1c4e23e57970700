"""Open Badges 3.0 shape: a micro-credential as an ``OpenBadgeCredential`` (``AchievementCredential``).

Open Badges 3.0 (1EdTech, https://www.imsglobal.org/spec/ob/v3p0/) §8.1 AchievementCredential and §B data
model: the Annex I elements go where OB 3.0 has a place for them:

* title / description -> ``name`` / ``description`` of the credential and of its ``Achievement``;
* learning outcomes -> the ``Achievement``'s ``criteria.narrative`` (one line per outcome) and, for each ESCO
  skill, an ``Alignment`` (``targetUrl`` the ESCO URI, ``targetFramework`` "ESCO");
* levels (EQF, NQF, QF-EHEA, ISCED 2011) -> ``Alignment`` entries (``targetFramework`` the framework name,
  ``targetCode`` the level, ``targetUrl`` the concept URI); ISCED-F fields -> ``fieldOfStudy``;
* ECTS -> ``creditsAvailable``; the grade -> a ``Result`` of the subject described by a ``ResultDescription``;
* issuer -> the ``issuer`` ``Profile``; provider -> the ``Achievement``'s ``creator``;
* the learner's id -> ``credentialSubject.id``, the name and e-mail -> ``identifier`` ``IdentityObject`` entries.

Text is one string in OB 3.0: the ``language`` asked for (default English, else the first) is written.
A model read from OB 3.0 (:func:`microcred.shapes.ob3_read.from_ob3`) keeps its source in ``ob3``; if its facts
are unchanged, :func:`to_ob3` writes that source back as read (the lossless round trip).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from typing import Any

from ..errors import MappingWarning, MicrocredError
from ..jsonio import copy_json
from ..jsonld.contexts import CREDENTIALS_V2
from ..model import MicroCredential
from ..model.organisation import Organisation
from ..model.vocabulary import find_concept
from ._text import one_text

#: The Open Badges 3.0 JSON-LD context (bundled).
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB3_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
ESCO_FRAMEWORK = "ESCO"
ECTS_POINTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"

Node = dict[str, Any]


def _content_urn(mc: MicroCredential, what: str) -> str:
    digest = hashlib.sha256(json.dumps([what, mc.facts()], sort_keys=True).encode()).hexdigest()
    return f"urn:uuid:{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"


def profile(org: Organisation, language: str, *, profile_id: str | None = None) -> Node:
    """An OB 3.0 ``Profile`` (§B.1.4) of an organisation."""
    node: Node = {
        "id": profile_id or org.id or "",
        "type": ["Profile"],
        "name": one_text(org.legal_name, language),
    }
    if org.homepage:
        node["url"] = org.homepage
    if org.email:
        node["email"] = org.email
    if org.locations:
        address: Node = {"type": ["Address"], "addressCountryCode": _country_code(org.locations[0].country)}
        full = one_text(org.locations[0].address, language)
        if full:
            address["streetAddress"] = full
        node["address"] = address
    return node


def _country_code(uri: str) -> str:
    found = find_concept(uri)
    if found is None:
        return uri.rsplit("/", 1)[-1]
    two = [a for a in found[1].aliases if len(a) == 2]
    return two[0] if two else found[1].code


def _concept_alignment(uri: str, framework: str, language: str) -> Node:
    found = find_concept(uri)
    name = (one_text(found[1].label, language) if found else None) or uri
    node: Node = {"type": ["Alignment"], "targetName": name, "targetUrl": uri, "targetFramework": framework}
    if found:
        node["targetCode"] = found[1].code
    return node


def alignments(mc: MicroCredential, language: str = "en") -> list[Node]:
    """The ``Alignment`` entries (§B.1.3) of the ESCO skills and the levels of ``mc``."""
    out: list[Node] = []
    for outcome in mc.learning_outcomes:
        for skill in outcome.esco_skills:
            node: Node = {
                "type": ["Alignment"],
                "targetName": one_text(skill.label, language) or skill.uri,
                "targetUrl": skill.uri,
                "targetFramework": ESCO_FRAMEWORK,
                "targetType": "ceasn:Competency",
            }
            out.append(node)
    levels = mc.levels
    if levels.eqf:
        out.append(_concept_alignment(levels.eqf, "European Qualifications Framework (EQF)", language))
    for nqf in levels.nqf:
        name = one_text(nqf.label, language) or nqf.uri
        out.append(
            {
                "type": ["Alignment"],
                "targetName": name,
                "targetUrl": nqf.uri,
                "targetFramework": nqf.framework_name or "National Qualifications Framework",
            }
        )
    if levels.qf_ehea_cycle:
        out.append(_concept_alignment(levels.qf_ehea_cycle, "QF-EHEA", language))
    if levels.isced_level:
        out.append(_concept_alignment(levels.isced_level, "ISCED 2011", language))
    return out


def _ects(mc: MicroCredential) -> float | None:
    if mc.workload is None:
        return None
    for credit in mc.workload.credit_points:
        if credit.framework == ECTS_POINTS:
            return float(credit.points)
    return None


def achievement(mc: MicroCredential, language: str = "en", *, achievement_id: str | None = None) -> Node:
    """The OB 3.0 ``Achievement`` (§B.1.2) the micro-credential certifies."""
    title = one_text(mc.title, language) or ""
    description = one_text(mc.description or mc.learning_outcome_summary, language) or title
    outcomes = [one_text(o.text, language) for o in mc.learning_outcomes]
    narrative = "\n".join(f"- {text}" for text in outcomes if text) or description
    node: Node = {
        "id": achievement_id or mc.qualification_id or _content_urn(mc, "achievement"),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": title,
        "description": description,
        "criteria": {"narrative": narrative},
    }
    if mc.homepage:
        node["criteria"]["id"] = mc.homepage
    aligned = alignments(mc, language)
    if aligned:
        node["alignment"] = aligned
    ects = _ects(mc)
    if ects is not None:
        node["creditsAvailable"] = ects
    if mc.provider is not None:
        node["creator"] = profile(mc.provider, language)
    found_fields = [find_concept(f) for f in mc.levels.isced_f]
    fields = [one_text(found[1].label, language) for found in found_fields if found is not None]
    if fields:
        node["fieldOfStudy"] = ", ".join(f for f in fields if f)
    if mc.languages:
        found = find_concept(mc.languages[0])
        if found and len(found[1].code) >= 2:
            two = [a for a in found[1].aliases if len(a) == 2]
            if two:
                node["inLanguage"] = two[0]
    if mc.assessment is not None and mc.assessment.grade:
        node["resultDescription"] = [
            {
                "id": node["id"] + "#grade" if "#" not in node["id"] else _content_urn(mc, "grade"),
                "type": ["ResultDescription"],
                "name": one_text(mc.assessment.title, language) or "Grade",
                "resultType": "LetterGrade",
            }
        ]
    return node


def _subject(mc: MicroCredential, language: str, ach: Node) -> Node:
    subject: Node = {"type": ["AchievementSubject"]}
    if mc.learner.id:
        subject["id"] = mc.learner.id
    identifiers: list[Node] = []
    name = one_text(mc.learner.full_name, language)
    if name:
        identifiers.append(
            {"type": "IdentityObject", "hashed": False, "identityHash": name, "identityType": "name"}
        )
    if mc.learner.email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "hashed": False,
                "identityHash": mc.learner.email,
                "identityType": "emailAddress",
            }
        )
    if identifiers:
        subject["identifier"] = identifiers
    subject["achievement"] = ach
    if mc.assessment is not None and mc.assessment.grade and "resultDescription" in ach:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": ach["resultDescription"][0]["id"],
                "value": one_text(mc.assessment.grade, language),
            }
        ]
    return subject


def write_ob3(
    mc: MicroCredential,
    *,
    issuer_id: str | None = None,
    credential_id: str | None = None,
    language: str = "en",
) -> Node:
    """``mc`` written afresh as an unsigned OB 3.0 ``OpenBadgeCredential`` (VC Data Model 2.0)."""
    org = mc.issuing_organisation
    ach = achievement(mc, language)
    doc: Node = {
        "@context": [CREDENTIALS_V2, OB3_CONTEXT],
        "id": credential_id or mc.id or _content_urn(mc, "credential"),
        "type": list(OB3_TYPES),
        "name": one_text(mc.title, language),
    }
    description = one_text(mc.description, language)
    if description:
        doc["description"] = description
    doc["issuer"] = profile(org, language, profile_id=issuer_id)
    doc["validFrom"] = _iso(mc.valid_from or mc.issued)
    if mc.valid_until is not None:
        doc["validUntil"] = _iso(mc.valid_until)
    if mc.awarded is not None:
        doc["awardedDate"] = _iso(mc.awarded)
    doc["credentialSubject"] = _subject(mc, language, ach)
    return doc


def _iso(value: Any) -> str:
    return str(value.isoformat().replace("+00:00", "Z"))


def to_ob3(
    mc: MicroCredential,
    *,
    issuer_id: str | None = None,
    credential_id: str | None = None,
    language: str = "en",
) -> Node:
    """``mc`` as an unsigned OB 3.0 credential; a model read from OB 3.0 with unchanged facts gives its source.

    A model read from OB 3.0 whose facts changed is written afresh, with a :class:`MappingWarning` saying that
    what the model does not express was not carried over."""
    if mc.ob3 is not None and issuer_id is None and credential_id is None:
        from .ob3_read import from_ob3

        source = mc.ob3
        try:
            unchanged = from_ob3(source, keep_source=False).model == mc
        except MicrocredError:  # a source that no longer reads is written afresh
            unchanged = False
        if unchanged:
            copied: Node = copy_json(source)
            return copied
        warnings.warn(
            "the model's facts differ from the Open Badges credential it was read from: it is written afresh, "
            "without what the model does not express",
            MappingWarning,
            stacklevel=2,
        )
    return write_ob3(mc, issuer_id=issuer_id, credential_id=credential_id, language=language)
