"""Integration and stackability options (Annex I, optional)."""

from __future__ import annotations

from pydantic import Field

from .types import Iri, LangMap, ModelBase, StackabilityKind


class RelatedCredential(ModelBase):
    """A larger credential or qualification the micro-credential relates to (an ``elm:Qualification``)."""

    id: Iri | None = Field(default=None, description="IRI of the larger qualification")
    title: LangMap = Field(description="Its title")


class Stackability(ModelBase):
    """Whether the micro-credential stands alone or stacks into larger credentials."""

    kind: StackabilityKind | None = Field(
        default=None, description="stand-alone or integrated (mc:stackability)"
    )
    part_of: list[RelatedCredential] = Field(default_factory=list, description="Part of (elm:isPartOf)")
    credit_recognised_towards: list[RelatedCredential] = Field(
        default_factory=list, description="Credit recognised towards (mc:creditRecognisedTowards)"
    )
    partial_qualification: bool | None = Field(
        default=None, description="Whether it is a partial qualification (elm:isPartialQualification)"
    )
