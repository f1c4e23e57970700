"""Learning outcomes and workload (Annex I: learning outcomes; notional workload in ECTS)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, field_validator, model_validator

from .types import ConceptRef, CreditFramework, Duration, LangMap, ModelBase, Points, SkillReuseLevel

ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"


class LearningOutcome(ModelBase):
    """A learning outcome (``elm:LearningOutcome``)."""

    text: LangMap = Field(description="The learning outcome statement (dc:title)")
    esco_skills: list[ConceptRef] = Field(
        default_factory=list,
        description="Related ESCO skills (elm:relatedESCOSkill), URIs " + ESCO_SKILL_PREFIX + "...",
    )
    related_skills: list[ConceptRef] = Field(
        default_factory=list, description="Other related skills, e.g. DigComp (elm:relatedSkill)"
    )
    reusability_level: SkillReuseLevel | None = Field(default=None, description="elm:reusabilityLevel")

    @field_validator("esco_skills")
    @classmethod
    def _esco_only(cls, skills: list[ConceptRef]) -> list[ConceptRef]:
        for skill in skills:
            if not skill.uri.startswith(ESCO_SKILL_PREFIX):
                raise ValueError(f"{skill.uri!r} is not an ESCO skill URI ({ESCO_SKILL_PREFIX}...)")
        return skills


class CreditPoint(ModelBase):
    """Credit points in a credit system (``elm:CreditPoint``); ECTS unless said otherwise."""

    framework: CreditFramework = Field(default=ECTS, description="Credit system (ECTS or ECVET)")
    points: Points = Field(description="Number of credits (elm:point)")


class Workload(ModelBase):
    """Notional workload: credit points and/or volume of learning (Annex I, mandatory)."""

    credit_points: list[CreditPoint] = Field(default_factory=list, description="elm:creditPoint")
    volume_of_learning: Duration | None = Field(
        default=None, description="Notional learning time as an ISO 8601 duration (elm:volumeOfLearning)"
    )

    @model_validator(mode="after")
    def _some_workload(self) -> Self:
        if not self.credit_points and self.volume_of_learning is None:
            raise ValueError("give creditPoints (ECTS wherever possible) or volumeOfLearning, or both")
        return self
