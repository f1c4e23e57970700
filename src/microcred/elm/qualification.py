"""The micro-credential's specification: the ``Qualification`` node (levels, credits, outcomes, QA)."""

from __future__ import annotations

from decimal import Decimal

from ..model import LearningOutcome, MicroCredential, QualityAssurance, RelatedCredential
from ..model.types import ConceptRef
from .nodes import Node, NodeWriter, iso
from .terms import ESCO_SKILL_SCHEME, QDR_SCHEME


# -- the specification ---------------------------------------------------------------------------------------
def qualification(w: NodeWriter, mc: MicroCredential, assessment_spec: Node | None) -> Node:
    """The ELM ``Qualification`` node of the micro-credential: title, description, credits, levels, outcomes, workload."""
    node: Node = {"id": mc.qualification_id or w.mint("qualification"), "type": "Qualification"}
    node["title"] = dict(mc.title)
    if mc.description:
        node["description"] = dict(mc.description)
    if mc.learning_opportunity_type:
        node["dcType"] = [w.concept(mc.learning_opportunity_type)]
    _levels(w, mc, node)
    workload = mc.workload
    if workload and workload.credit_points:
        node["creditPoint"] = [
            {
                "id": w.mint("creditPoint"),
                "type": "CreditPoint",
                "framework": w.concept(cp.framework),
                "point": _point(cp.points),
            }
            for cp in workload.credit_points
        ]
    if workload and workload.volume_of_learning:
        node["volumeOfLearning"] = workload.volume_of_learning
    if mc.learning_outcomes:
        node["learningOutcome"] = [_learning_outcome(w, lo) for lo in mc.learning_outcomes]
    if mc.learning_outcome_summary:
        node["learningOutcomeSummary"] = w.note(mc.learning_outcome_summary)
    if mc.participation:
        node["mode"] = [w.concept(m) for m in mc.participation.modes]
        if mc.participation.learning_setting:
            node["learningSetting"] = w.concept(mc.participation.learning_setting)
    if mc.entry_requirements:
        node["entryRequirement"] = w.note(mc.entry_requirements)
    if mc.languages:
        node["language"] = [w.concept(lang) for lang in mc.languages]
    if mc.further_information:
        node["additionalNote"] = [w.note(mc.further_information)]
    if mc.homepage:
        node["homepage"] = [w.web_resource(mc.homepage)]
    if mc.quality_assurance:
        node["accreditation"] = [_accreditation(w, qa) for qa in mc.quality_assurance]
    if assessment_spec is not None:
        node["provenBy"] = [assessment_spec]
    _stackability(w, mc, node)
    return node


def _point(points: Decimal) -> str:
    return format(points.normalize(), "f")


def _levels(w: NodeWriter, mc: MicroCredential, node: Node) -> None:
    lv = mc.levels
    if lv.eqf:
        node["eqfLevel"] = w.concept(lv.eqf)
    if lv.nqf:
        node["nqfLevel"] = [
            w.concept_ref(
                _ref(n.uri, n.label),
                default_scheme=QDR_SCHEME,
                notation=n.framework_name,
            )
            for n in lv.nqf
        ]
    education: list[Node] = []
    if lv.qf_ehea_cycle:
        education.append(w.concept(lv.qf_ehea_cycle))
    if lv.isced_level:
        education.append(w.concept(lv.isced_level))
    for sqf in lv.sqf:
        education.append(
            w.concept_ref(
                _ref(sqf.uri or w.mint("concept", sqf.model_dump(mode="json")), sqf.label, sqf.framework),
                notation=sqf.framework_name,
            )
        )
    if education:
        node["educationLevel"] = education
    if lv.isced_f:
        node["thematicArea"] = [w.concept(code) for code in lv.isced_f]


def _ref(uri: str, label: dict[str, str] | None, scheme: str | None = None) -> ConceptRef:
    return ConceptRef(uri=uri, label=label, scheme=scheme)


def _learning_outcome(w: NodeWriter, lo: LearningOutcome) -> Node:
    node: Node = {"id": w.mint("learningOutcome"), "type": "LearningOutcome", "title": dict(lo.text)}
    if lo.esco_skills:
        node["relatedESCOSkill"] = [
            w.concept_ref(s, default_scheme=ESCO_SKILL_SCHEME) for s in lo.esco_skills
        ]
    if lo.related_skills:
        node["relatedSkill"] = [w.concept_ref(s) for s in lo.related_skills]
    if lo.reusability_level:
        node["reusabilityLevel"] = w.concept(lo.reusability_level)
    return node


def _accreditation(w: NodeWriter, qa: QualityAssurance) -> Node:
    node: Node = {
        "id": qa.id or w.mint("accreditation", qa.model_dump(mode="json")),
        "type": "Accreditation",
        "dcType": w.concept(qa.type),
        "title": dict(qa.title),
        "accreditingAgent": w.organisation(qa.accrediting_agent),
    }
    if qa.decision:
        node["decision"] = {
            "id": w.mint("concept", qa.decision),
            "type": "Concept",
            "prefLabel": dict(qa.decision),
        }
    if qa.report:
        node["report"] = w.web_resource(qa.report)
    if qa.issued:
        node["dateIssued"] = iso(qa.issued)
    if qa.expires:
        node["expiryDate"] = iso(qa.expires)
    if qa.homepage:
        node["homepage"] = [w.web_resource(qa.homepage)]
    return node


def _related(w: NodeWriter, rel: RelatedCredential) -> Node:
    return {
        "id": rel.id or w.mint("qualification", rel.model_dump(mode="json")),
        "type": "Qualification",
        "title": dict(rel.title),
    }


def _stackability(w: NodeWriter, mc: MicroCredential, node: Node) -> None:
    s = mc.stackability
    if s is None:
        return
    if s.part_of:
        node["isPartOf"] = [_related(w, r) for r in s.part_of]
    if s.partial_qualification is not None:
        node["isPartialQualification"] = s.partial_qualification
    if s.kind:
        node["stackability"] = w.concept(s.kind)
    if s.credit_recognised_towards:
        node["creditRecognisedTowards"] = [_related(w, r) for r in s.credit_recognised_towards]
