"""Assessment (Annex I: type of assessment; optional grade, supervision and identity verification)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import Field, model_validator

from .types import AssessmentType, LangMap, LearningMode, ModelBase, Supervision


class GradingScheme(ModelBase):
    """The grading scheme used (``elm:GradingScheme``)."""

    title: LangMap = Field(description="Name of the grading scheme (dc:title)")
    description: LangMap | None = Field(default=None, description="How grades are given (dc:description)")


class Assessment(ModelBase):
    """How the learning outcomes were assessed, and the result."""

    type: AssessmentType = Field(description="Type of assessment (LearningAssessmentSpecification dc:type)")
    title: LangMap | None = Field(
        default=None, description="Name of the assessment; default: the type's label"
    )
    mode: LearningMode | None = Field(
        default=None, description="Mode of assessment: online, presential, blended"
    )
    grading_scheme: GradingScheme | None = Field(
        default=None, description="The grading scheme (elm:gradingScheme)"
    )
    grade: LangMap | None = Field(default=None, description="Grade achieved (LearningAssessment elm:grade)")
    date: datetime | None = Field(
        default=None, description="Date of assessment (LearningAssessment dc:issued)"
    )
    supervision: Supervision | None = Field(
        default=None, description="Supervision and identity verification (elm:idVerification)"
    )

    @model_validator(mode="after")
    def _grade_for_result(self) -> Self:
        if self.grade is None and (self.date is not None or self.supervision is not None):
            raise ValueError(
                "an assessment with a date or supervision needs a grade (EDC LearningAssessment)"
            )
        return self
