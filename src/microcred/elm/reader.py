"""``from_elm``: read a Europass EDC credential (ELM 3 JSON-LD) back into a :class:`MicroCredential`.

Accepts what :func:`to_elm` writes (VC 1.1 and 2.0 shapes) and the official EC samples: plain credentials, the
issuer-upload wrapper ``{"credential": ..., "deliveryDetails": ...}`` (no ``@context``), JAdES JSON
serialisations (the credential is the ``payload`` string) and credentials with a Data Integrity proof. The
model is validated leniently (:meth:`MicroCredential.missing_mandatory` lists what an EDC document may lack).
"""

from __future__ import annotations

import warnings
from typing import Any

from ..errors import MappingError, MappingWarning, ModelValidationError
from ..jsonio import copy_json
from ..model import MicroCredential
from ..model.vocabulary import vocabulary
from . import read_nodes as rn
from ._json import as_list, concept_ids, first, get, kept_id, lang_map, node_id, note_text, types_of
from .terms import ESCO_SKILL_SCHEME
from .unwrap import unwrap_credential

Data = dict[str, Any]


def from_elm(document: Any, *, keep_source: bool = True) -> MicroCredential:
    """The micro-credential in an EDC credential (or a secured/wrapped one, see :func:`unwrap_credential`).

    The credential itself is kept in the model's ``elm`` field (unless ``keep_source=False``), so that
    :func:`~microcred.elm.to_elm` writes back the same RDF graph: everything ELM says that the model does not
    (evidence, learning periods, logos, multilingual labels, ...) is carried through. A controlled value outside
    the bundled vocabularies is kept as read, with a :class:`~microcred.errors.MappingWarning`; issuing and
    validation reject it (:meth:`MicroCredential.missing_mandatory`).
    """
    cred = unwrap_credential(document)
    types = types_of(cred)
    if "EuropeanDigitalCredential" not in types and "VerifiableCredential" not in types:
        raise MappingError(
            f"not a Europass/verifiable credential (type is {types or 'missing'})", path="type"
        )
    subject = first(get(cred, "credentialSubject"))
    learner = rn.person(subject, "credentialSubject")
    claim = _achievement(subject)
    spec = first(get(claim, "specifiedBy"))
    if not isinstance(spec, dict):
        spec = {}  # e.g. the minimal EDC sample: a claim without a specification
    process = first(get(claim, "awardedBy"))
    bodies = [
        rn.organisation(b, f"credentialSubject.hasClaim.awardedBy.awardingBody[{i}]")
        for i, b in enumerate(as_list(get(process, "awardingBody")))
    ]
    data: Data = {
        "id": node_id(cred),
        "title": lang_map(get(claim, "title")) or lang_map(get(spec, "title")),
        "description": lang_map(get(spec, "description")),
        "learner": _complete_names(learner),
        "awardingBodies": bodies,
        "provider": _provider(claim),
        "issuer": _issuer(cred, bodies),
        "issued": get(cred, "issued", "issuanceDate", "validFrom"),
        "awarded": get(process, "awardingDate"),
        "qualificationId": kept_id(spec),
        "learningOpportunityType": _opportunity_type(spec),
        "learningOutcomes": [_learning_outcome(lo) for lo in as_list(get(spec, "learningOutcome"))],
        "learningOutcomeSummary": note_text(get(spec, "learningOutcomeSummary")),
        "workload": _workload(spec) or None,
        "levels": _levels(spec),
        "assessment": _assessment(claim, spec),
        "participation": rn.drop_none(
            {
                "modes": concept_ids(get(spec, "mode")),
                "learningSetting": node_id(get(spec, "learningSetting")),
            }
        )
        or None,
        "qualityAssurance": [_accreditation(a, i) for i, a in enumerate(as_list(get(spec, "accreditation")))],
        "entryRequirements": note_text(get(spec, "entryRequirement")),
        "stackability": _stackability(spec),
        "furtherInformation": note_text(get(spec, "additionalNote")),
        "homepage": rn.homepage(spec),
        "languages": concept_ids(get(spec, "language")),
    }
    data["validFrom"] = _if_differs(get(cred, "validFrom"), data["issued"])
    data["validUntil"] = get(cred, "validUntil", "expirationDate")
    if keep_source:
        data["elm"] = copy_json(cred)  # the model owns its copy: later changes to the input do not leak in
    mc = _validate(rn.drop_none(data))
    for path, message in mc.unknown_concepts():
        warnings.warn(
            MappingWarning(f"{path}: {message} (kept as read; issuing and validation reject it)"),
            stacklevel=2,
        )
    return mc


def _validate(data: Data) -> MicroCredential:
    """The lenient model; a part that lacks a field its model class requires (an assessment without a type of
    assessment, a form of participation without a mode) is left out of the model with a warning: the credential
    (``elm``) still carries it, and :meth:`MicroCredential.missing_mandatory` reports the element as missing."""
    for _ in range(8):
        try:
            return MicroCredential.from_dict(data, lenient=True, unknown_concepts=True)
        except ModelValidationError as exc:
            errors = exc.details.get("errors", [])
            dropped = rn.drop_incomplete(data, errors)
            if not dropped:
                raise MappingError(
                    f"the credential does not map to a micro-credential: {exc}", details=exc.details
                ) from exc
            for part, missing in dropped:
                warnings.warn(
                    MappingWarning(
                        f"{part}: left out of the model, it has no {missing} (the credential keeps it)"
                    ),
                    stacklevel=3,
                )
    raise MappingError("the credential does not map to a micro-credential")


def _achievement(subject: Any) -> Any:
    claims = as_list(get(subject, "hasClaim"))
    for claim in claims:
        if "LearningAchievement" in types_of(claim):
            return claim
    raise MappingError(
        "credentialSubject has no LearningAchievement claim (hasClaim)", path="credentialSubject.hasClaim"
    )


def _complete_names(learner: Data) -> Data:
    if "fullName" not in learner and "givenName" in learner and "familyName" in learner:
        lang = next(iter(learner["givenName"]))
        family = learner["familyName"].get(lang) or next(iter(learner["familyName"].values()))
        learner["fullName"] = {lang: f"{learner['givenName'][lang]} {family}"}
    return learner


def _provider(claim: Any) -> Data | None:
    for i, activity in enumerate(as_list(get(claim, "influencedBy"))):
        directed = first(get(activity, "directedBy"))
        if isinstance(directed, dict):
            return rn.organisation(directed, f"credentialSubject.hasClaim.influencedBy[{i}].directedBy")
    return None


def _issuer(cred: Any, bodies: list[Data]) -> Data | None:
    node = get(cred, "issuer")
    if not isinstance(node, dict):
        return None  # an issuer given only by IRI carries no organisation data
    issuer = rn.organisation(node, "issuer")
    return None if bodies and issuer == bodies[0] else issuer


def _if_differs(value: Any, other: Any) -> Any:
    return None if value == other else value


def _opportunity_type(spec: Any) -> str | None:
    vocab = vocabulary("learning-opportunity-type")
    return next((c for c in concept_ids(get(spec, "dcType")) if c in vocab), None)


def _learning_outcome(node: Any) -> Data:
    return rn.drop_none(
        {
            "text": lang_map(get(node, "title")),
            "escoSkills": [
                rn.concept_ref(s, default_scheme=ESCO_SKILL_SCHEME)
                for s in as_list(get(node, "relatedESCOSkill"))
            ],
            "relatedSkills": [rn.concept_ref(s) for s in as_list(get(node, "relatedSkill"))],
            "reusabilityLevel": node_id(get(node, "reusabilityLevel")),
        }
    )


def _workload(spec: Any) -> Data:
    points = []
    for cp in as_list(get(spec, "creditPoint")):
        points.append(rn.drop_none({"framework": node_id(get(cp, "framework")), "points": get(cp, "point")}))
    return rn.drop_none({"creditPoints": points, "volumeOfLearning": get(spec, "volumeOfLearning")})


def _levels(spec: Any) -> Data:
    qf, isced = vocabulary("qf-ehea-cycle"), vocabulary("isced-2011-level")
    levels: Data = {
        "eqf": node_id(get(spec, "eqfLevel")),
        "nqf": [
            rn.drop_none(
                {
                    "uri": node_id(n),
                    "label": lang_map(get(n, "prefLabel")),
                    "frameworkName": get(n, "notation"),
                }
            )
            for n in as_list(get(spec, "nqfLevel"))
        ],
        "iscedF": concept_ids(get(spec, "thematicArea")),
        "sqf": [],
    }
    for node in as_list(get(spec, "educationLevel")):
        uri = node_id(node)
        if uri in qf:
            levels["qfEheaCycle"] = uri
        elif uri in isced:
            levels["iscedLevel"] = uri
        elif (framework := node_id(get(node, "inScheme"))) and (label := lang_map(get(node, "prefLabel"))):
            level = {
                "label": label,
                "framework": framework,
                "uri": kept_id(node),
                "frameworkName": get(node, "notation"),
            }
            levels["sqf"].append(rn.drop_none(level))
    return rn.drop_none(levels)


def _assessment(claim: Any, spec: Any) -> Data | None:
    result = first(get(claim, "provenBy"))
    a_spec = first(get(result, "specifiedBy")) or first(get(spec, "provenBy"))
    if a_spec is None and result is None:
        return None
    path = "credentialSubject.hasClaim.provenBy.specifiedBy.dcType"
    atype = rn.controlled(first(get(a_spec, "dcType")), "assessment-type", path=path, by_label=True)
    grading = first(get(a_spec, "gradingScheme"))
    data = {
        "type": atype,
        "title": lang_map(get(a_spec, "title")) or lang_map(get(result, "title")),
        "mode": first(concept_ids(get(a_spec, "mode"))),
        "gradingScheme": rn.drop_none(
            {"title": lang_map(get(grading, "title")), "description": lang_map(get(grading, "description"))}
        )
        or None,
        "grade": note_text(get(result, "grade")),
        "date": get(result, "dateIssued"),
        "supervision": node_id(get(result, "idVerification")),
    }
    known = vocabulary("assessment-type")
    if atype is not None and atype in known and data["title"] == dict(known.concept(atype).label):
        data["title"] = None  # the default title to_elm writes
    return rn.drop_none(data)


def _accreditation(node: Any, i: int) -> Data:
    path = f"credentialSubject.hasClaim.specifiedBy.accreditation[{i}]"
    return rn.drop_none(
        {
            "id": kept_id(node),
            "type": node_id(get(node, "dcType")),
            "title": lang_map(get(node, "title")),
            "accreditingAgent": rn.organisation(
                first(get(node, "accreditingAgent")), f"{path}.accreditingAgent"
            ),
            "decision": lang_map(get(first(get(node, "decision")), "prefLabel")),
            "report": get(first(get(node, "report")), "contentURL", "contentUrl"),
            "issued": get(node, "dateIssued"),
            "expires": get(node, "expiryDate"),
            "homepage": rn.homepage(node),
        }
    )


def _related(node: Any) -> Data:
    return rn.drop_none({"id": kept_id(node), "title": lang_map(get(node, "title"))})


def _stackability(spec: Any) -> Data | None:
    data = rn.drop_none(
        {
            "kind": node_id(get(spec, "stackability")),
            "partOf": [_related(n) for n in as_list(get(spec, "isPartOf"))],
            "creditRecognisedTowards": [_related(n) for n in as_list(get(spec, "creditRecognisedTowards"))],
            "partialQualification": get(spec, "isPartialQualification"),
        }
    )
    return data or None
