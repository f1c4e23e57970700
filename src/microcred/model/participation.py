"""Form of participation (Annex I: online, onsite or blended; formal or non-formal setting)."""

from __future__ import annotations

from pydantic import Field

from .types import LearningMode, LearningSetting, ModelBase


class Participation(ModelBase):
    """Form of participation in the learning activity."""

    modes: list[LearningMode] = Field(min_length=1, description="online, presential, blended, ... (elm:mode)")
    learning_setting: LearningSetting | None = Field(
        default=None, description="formal or non-formal (elm:learningSetting)"
    )
