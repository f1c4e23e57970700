"""Read an Open Badges 3.0 credential into the micro-credential model (the inverse of :mod:`.ob3`).

OB 3.0 (§B.1) carries part of what Annex I asks for: the title, the issuer, the learner's identifier, the
achievement's criteria, alignments, ``creditsAvailable`` and ``fieldOfStudy``. What a micro-credential needs and
the badge does not say is reported (a :class:`~microcred.errors.MappingWarning` per gap, as ``convert`` does for
ELM) and, where the model needs a value to exist at all, filled with a stand-in that the warning names: the
learner's name (the subject id), the country of an organisation (``ZZZ``, unknown). The badge itself is kept in
the model's ``ob3`` field, so writing OB 3.0 again gives it back as read (:func:`microcred.shapes.ob3.to_ob3`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from ..errors import MappingWarning, UsageError
from ..jsonio import copy_json
from ..model import MicroCredential
from ..model.vocabulary import vocabulary
from .ob3 import ECTS_POINTS, ESCO_FRAMEWORK

UNKNOWN_COUNTRY = "http://publications.europa.eu/resource/authority/country/ZZZ"
QDR_PREFIX = "http://data.europa.eu/snb/qdr/"

Node = dict[str, Any]


@dataclass
class Ob3Reading:
    """A model read from OB 3.0 and what the badge did not say (``missing``: human-readable gaps)."""

    model: MicroCredential
    missing: list[str] = field(default_factory=list)


def is_ob3(doc: Any) -> bool:
    """True for an Open Badges 3.0 credential (type ``OpenBadgeCredential`` or ``AchievementCredential``)."""
    if not isinstance(doc, dict):
        return False
    types = doc.get("type")
    names = types if isinstance(types, list) else [types]
    return any(t in ("OpenBadgeCredential", "AchievementCredential") for t in names)


def _types(node: Any) -> list[Any]:
    value = node.get("type") if isinstance(node, dict) else None
    return value if isinstance(value, list) else [value]


def _country(profile: Node) -> str | None:
    address = profile.get("address")
    code = address.get("addressCountryCode") if isinstance(address, dict) else None
    if isinstance(code, str):
        concept = vocabulary("country").lookup(code)
        if concept is not None:
            return concept.uri
    return None


def _organisation(profile: Any, lang: str, where: str, missing: list[str]) -> Node:
    if isinstance(profile, str):
        profile = {"id": profile}
    if not isinstance(profile, dict):
        raise UsageError(f"{where} must be a Profile object or an IRI")
    org: Node = {}
    if isinstance(profile.get("id"), str):
        org["id"] = profile["id"]
    name = profile.get("name")
    if not isinstance(name, str) or not name.strip():
        missing.append(f"{where}.name: no name; the model uses the id as legal name")
        name = str(profile.get("id") or "unknown")
    org["legalName"] = {lang: name}
    country = _country(profile)
    if country is None:
        missing.append(
            f"{where}.address.addressCountryCode: no country (Annex I); the model says ZZZ (unknown)"
        )
        country = UNKNOWN_COUNTRY
    org["locations"] = [{"country": country}]
    if isinstance(profile.get("url"), str) and profile["url"].startswith(("http://", "https://")):
        org["homepage"] = profile["url"]
    if isinstance(profile.get("email"), str):
        org["email"] = profile["email"]
    return org


def _learner(subject: Node, lang: str, missing: list[str]) -> Node:
    learner: Node = {}
    if isinstance(subject.get("id"), str):
        learner["id"] = subject["id"]
    name = email = None
    for ident in subject.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("hashed") is False:
            if ident.get("identityType") == "name":
                name = ident.get("identityHash")
            elif ident.get("identityType") == "emailAddress":
                email = ident.get("identityHash")
    if not isinstance(name, str) or not name.strip():
        missing.append(
            "credentialSubject: the learner's name is not given (Annex I); the model uses the subject id"
        )
        name = str(subject.get("id") or "unknown learner")
    learner["fullName"] = {lang: name}
    if isinstance(email, str):
        learner["email"] = email
    return learner


def _levels(alignments: list[Any], skills: list[Node]) -> Node:
    levels: Node = {}
    vocabs = {"eqf": "eqf", "qfEheaCycle": "qf-ehea-cycle", "iscedLevel": "isced-2011-level"}
    for a in alignments:
        if not isinstance(a, dict) or not isinstance(a.get("targetUrl"), str):
            continue
        url = a["targetUrl"]
        if a.get("targetFramework") == ESCO_FRAMEWORK or url.startswith("http://data.europa.eu/esco/skill/"):
            skill: Node = {"uri": url}
            if isinstance(a.get("targetName"), str):
                skill["label"] = {"en": a["targetName"]}
            skills.append(skill)
            continue
        for key, name in vocabs.items():
            if url in vocabulary(name):
                levels[key] = url
                break
        else:
            if url.startswith(QDR_PREFIX):
                nqf: Node = {"uri": url}
                if isinstance(a.get("targetName"), str):
                    nqf["label"] = {"en": a["targetName"]}
                if isinstance(a.get("targetFramework"), str):
                    nqf["frameworkName"] = a["targetFramework"]
                levels.setdefault("nqf", []).append(nqf)
    return levels


def _achievement(ach: Node, lang: str, data: Node, missing: list[str]) -> None:
    """Learning outcomes, ESCO skills, levels and ECTS of the ``Achievement`` into model JSON ``data``."""
    criteria: Node = ach["criteria"] if isinstance(ach.get("criteria"), dict) else {}
    narrative = criteria.get("narrative") if isinstance(criteria.get("narrative"), str) else None
    lines = [
        ln[2:].strip() for ln in (narrative or "").splitlines() if ln.startswith("- ") and ln[2:].strip()
    ]
    if not lines and narrative:
        lines = [narrative.strip()]
    skills: list[Node] = []
    levels = _levels(ach.get("alignment") or [], skills)
    if lines:
        data["learningOutcomes"] = [{"text": {lang: t}} for t in lines]
        if skills:
            data["learningOutcomes"][0]["escoSkills"] = skills
    else:
        missing.append("achievement.criteria.narrative: no learning outcomes (Annex I)")
    if levels:
        data["levels"] = levels
    credits = ach.get("creditsAvailable")
    if isinstance(credits, int | float) and not isinstance(credits, bool):
        data["workload"] = {"creditPoints": [{"framework": ECTS_POINTS, "points": credits}]}
    else:
        missing.append("achievement.creditsAvailable: no ECTS credits (Annex I notional workload)")


def from_ob3(doc: Any, *, keep_source: bool = True) -> Ob3Reading:
    """The model of an OB 3.0 credential (unsigned or with its embedded proof, which is kept in the source).

    Gaps are listed in :attr:`Ob3Reading.missing` and, when ``keep_source``, also warned about."""
    if not is_ob3(doc):
        raise UsageError(
            "not an Open Badges 3.0 credential (type OpenBadgeCredential or AchievementCredential)"
        )
    missing: list[str] = []
    subject = doc.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise UsageError("credentialSubject.achievement: an Open Badges credential needs an achievement")
    ach: Node = subject["achievement"]
    in_language = ach.get("inLanguage")
    lang = (
        in_language.split("-")[0].lower() if isinstance(in_language, str) and len(in_language) >= 2 else "en"
    )
    title = doc.get("name") or ach.get("name") or "untitled"
    data: Node = {"title": {lang: title}}
    if isinstance(doc.get("id"), str):
        data["id"] = doc["id"]
    description = doc.get("description")
    if isinstance(description, str) and description.strip():
        data["description"] = {lang: description}
    data["learner"] = _learner(subject, lang, missing)
    data["awardingBodies"] = [_organisation(doc.get("issuer"), lang, "issuer", missing)]
    if isinstance(ach.get("creator"), dict | str):
        data["provider"] = _organisation(ach["creator"], lang, "achievement.creator", missing)
    data["issued"] = doc.get("validFrom") or doc.get("issuanceDate")
    if isinstance(doc.get("validUntil"), str):
        data["validUntil"] = doc["validUntil"]
    if isinstance(doc.get("awardedDate"), str):
        data["awarded"] = doc["awardedDate"]
    if isinstance(ach.get("id"), str):
        data["qualificationId"] = ach["id"]
    _achievement(ach, lang, data, missing)
    if subject.get("result"):
        missing.append(
            "credentialSubject.result: OB 3.0 does not say the type of assessment; the result is kept "
            "in the badge (the model's ob3 source) only"
        )
    if keep_source:
        data["ob3"] = copy_json(doc)
    model = MicroCredential.from_dict(data, lenient=True, unknown_concepts=True)
    if keep_source:
        for message in missing:
            warnings.warn(message, MappingWarning, stacklevel=2)
    return Ob3Reading(model, missing)
