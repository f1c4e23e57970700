"""``to_elm``: a :class:`~microcred.model.MicroCredential` as a Europass EDC credential (ELM 3 JSON-LD).

The shape follows the official EC micro-credential samples: ``credentialSubject`` (Person) -> ``hasClaim``
(LearningAchievement) -> ``specifiedBy`` (Qualification), with ``awardedBy`` (AwardingProcess), ``provenBy``
(LearningAssessment), ``influencedBy`` (LearningActivity, for a separate learning provider). See
``docs/mapping.md`` for the element-by-element table.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..errors import UsageError
from ..model import Assessment, MicroCredential
from ..model.vocabulary import vocabulary
from .credential_id import facts_digest
from .display import display_parameter
from .inline_context import embed_contexts
from .nodes import Node, NodeWriter, iso
from .qualification import qualification
from .source import write_from_source
from .terms import (
    CONTEXTS,
    EDC_GENERIC_FULL,
    GENERIC_PROFILE,
    MICROCRED_CONTEXT,
    NATIONAL_ID_KEYS,
    TYPES,
    DataModel,
)

#: Namespace of the credential ids microcred derives from a model without an id (uuid5).
CREDENTIAL_ID_NAMESPACE = uuid.UUID("4f9d3d2e-6a52-5c55-9b43-4e0b0f1d7a61")


def to_elm(
    mc: MicroCredential,
    *,
    data_model: DataModel | None = None,
    issuer_id: str | None = None,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """The unsigned EDC credential for ``mc``.

    ``data_model="v1"`` gives the VC Data Model 1.1 shape Europass issues; ``"v2"`` the VC Data Model 2.0
    shape of the EBSI EDC schema (default: the data model of the credential ``mc`` was read from, else
    ``"v1"``). ``issuer_id`` replaces the issuer's id (e.g. the DID of the signing key); ``credential_id``
    the credential's (default: ``mc.id``, else a uuid5 derived from the model).

    A model read with :func:`~microcred.elm.from_elm` is written back as the credential it was read from, with
    the model's changes (see :mod:`microcred.elm.source`).
    """
    if data_model is not None and data_model not in CONTEXTS:
        raise UsageError(f"data_model must be 'v1' or 'v2', not {data_model!r}")
    if mc.elm is not None:
        return write_from_source(
            mc,
            lambda m: _fresh(m, data_model or "v1", issuer_id, credential_id),
            data_model=data_model,
            issuer_id=issuer_id,
            credential_id=credential_id,
        )
    return _fresh(mc, data_model or "v1", issuer_id, credential_id)


def _fresh(
    mc: MicroCredential, data_model: DataModel, issuer_id: str | None, credential_id: str | None
) -> dict[str, Any]:
    w = NodeWriter(data_model)
    cid = credential_id or mc.id or default_credential_id(mc)
    issuer = w.organisation(mc.issuing_organisation, node_id=issuer_id or mc.issuing_organisation.id)
    doc: dict[str, Any] = {"@context": list(CONTEXTS[data_model])}
    if _uses_microcred_terms(mc):
        doc["@context"].append(MICROCRED_CONTEXT)
    doc["id"] = cid
    doc["type"] = list(TYPES[data_model])
    doc["credentialProfiles"] = [w.concept(GENERIC_PROFILE)]
    doc["credentialSchema"] = [{"id": EDC_GENERIC_FULL, "type": "ShaclValidator2017"}]
    doc["displayParameter"] = display_parameter(w, mc)
    doc["issuer"] = issuer
    # VC 1.1 needs issuanceDate; EDC requires issued and validFrom in both data models.
    if data_model == "v1":
        doc["issuanceDate"] = iso(mc.issued)
    doc["issued"] = iso(mc.issued)
    doc["validFrom"] = iso(mc.valid_from or mc.issued)
    if mc.valid_until is not None:
        if data_model == "v1":
            doc["expirationDate"] = iso(mc.valid_until)
        doc["validUntil"] = iso(mc.valid_until)
    subject = w.person(mc.learner, NATIONAL_ID_KEYS[data_model])
    subject["hasClaim"] = [_achievement(w, mc)]
    doc["credentialSubject"] = subject
    return embed_contexts(doc, known=w.known_names)


def default_credential_id(mc: MicroCredential) -> str:
    """``urn:uuid:`` + uuid5 of the model's canonical JSON: the same facts always get the same id."""
    return credential_id_of_facts(mc.facts())


def credential_id_of_facts(facts: dict[str, Any]) -> str:
    """:func:`default_credential_id` of a model whose :meth:`~microcred.model.MicroCredential.facts` are ``facts``."""
    # sha256 of json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":")), UTF-8
    digest = facts_digest(facts)
    return f"urn:uuid:{uuid.uuid5(CREDENTIAL_ID_NAMESPACE, digest)}"


def _uses_microcred_terms(mc: MicroCredential) -> bool:
    s = mc.stackability
    return s is not None and (s.kind is not None or bool(s.credit_recognised_towards))


# -- the claim -----------------------------------------------------------------------------------------------
def _awarding_process(w: NodeWriter, mc: MicroCredential) -> Node:
    return w.reuse("awardingProcess", lambda: _write_awarding_process(w, mc))


def _write_awarding_process(w: NodeWriter, mc: MicroCredential) -> Node:
    node: Node = {"id": w.mint("awardingProcess", "award"), "type": "AwardingProcess"}
    node["awardingBody"] = [w.organisation(org) for org in mc.awarding_bodies]
    if mc.awarded is not None:
        node["awardingDate"] = iso(mc.awarded)
    return node


def _achievement(w: NodeWriter, mc: MicroCredential) -> Node:
    node: Node = {"id": w.mint("learningAchievement"), "type": "LearningAchievement", "title": dict(mc.title)}
    node["awardedBy"] = _awarding_process(w, mc)
    if mc.provider is not None:
        node["influencedBy"] = [
            {
                "id": w.mint("activity"),
                "type": "LearningActivity",
                "title": dict(mc.title),
                "awardedBy": _awarding_process(w, mc),
                "directedBy": [w.organisation(mc.provider)],
            }
        ]
    spec = _assessment_specification(w, mc.assessment) if mc.assessment else None
    if mc.assessment is not None and mc.assessment.grade is not None and spec is not None:
        node["provenBy"] = [_assessment(w, mc, mc.assessment, spec)]
    node["specifiedBy"] = w.known(qualification(w, mc, spec))
    return node


def _assessment_title(assessment: Assessment) -> dict[str, str]:
    if assessment.title:
        return dict(assessment.title)
    known = vocabulary("assessment-type")
    label = known.concept(assessment.type).label if assessment.type in known else None
    return dict(label) if label else {"en": "Assessment"}


def _assessment_specification(w: NodeWriter, assessment: Assessment) -> Node:
    node: Node = {
        "id": w.mint("learningAssessmentSpec", "spec"),
        "type": "LearningAssessmentSpecification",
        "title": _assessment_title(assessment),
        "dcType": w.concept(assessment.type),
    }
    if assessment.mode:
        node["mode"] = [w.concept(assessment.mode)]
    if assessment.grading_scheme:
        scheme: Node = {
            "id": w.mint("gradingScheme", "scheme"),
            "type": "GradingScheme",
            "title": dict(assessment.grading_scheme.title),
        }
        if assessment.grading_scheme.description:
            scheme["description"] = dict(assessment.grading_scheme.description)
        node["gradingScheme"] = scheme
    return w.known(node)  # written again under the assessment: its names are looked at once


def _assessment(w: NodeWriter, mc: MicroCredential, a: Assessment, spec: Node) -> Node:
    assert a.grade is not None
    node: Node = {
        "id": w.mint("learningAssessment"),
        "type": "LearningAssessment",
        "title": _assessment_title(a),
        "grade": w.note(a.grade),
        "awardedBy": _awarding_process(w, mc),
        "specifiedBy": spec,
    }
    if a.date is not None:
        node["dateIssued"] = iso(a.date)
    if a.supervision is not None:
        node["idVerification"] = w.concept(a.supervision)
    return node
