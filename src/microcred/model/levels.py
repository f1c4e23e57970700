"""Levels and fields: EQF, NQF, QF-EHEA cycle, ISCED 2011 level, ISCED-F 2013 field, SQF (Annex I: level)."""

from __future__ import annotations

from pydantic import Field

from .types import EqfLevel, Iri, Isced2011Level, IscedF, LangMap, ModelBase, QfEheaCycle

QDR_SCHEME = "http://data.europa.eu/snb/qdr/25831c2"


class NqfLevel(ModelBase):
    """A level of a national qualifications framework: a concept of the EU QDR list (``elm:NQFLevel``)."""

    uri: Iri = Field(
        description="The QDR concept, e.g. http://data.europa.eu/snb/qdr/c_670e54c7 (IE NQF Level 6)"
    )
    label: LangMap | None = Field(default=None, description="Its label, e.g. {'en': 'IE NQF Level 6'}")
    framework_name: str | None = Field(default=None, description="Short name of the framework, e.g. 'IE NQF'")


class SqfLevel(ModelBase):
    """A level of a sectoral qualifications framework (``elm:educationLevel`` in the framework's scheme)."""

    label: LangMap = Field(description="The level, e.g. {'en': 'SQF level 4'}")
    framework: Iri = Field(description="IRI of the sectoral framework (the concept scheme of the level)")
    uri: Iri | None = Field(
        default=None, description="IRI of the level concept, if the framework publishes one"
    )
    framework_name: str | None = Field(default=None, description="Short name of the framework")


class Levels(ModelBase):
    """Level of the learning experience (Annex I, where applicable) and its field of education."""

    eqf: EqfLevel | None = Field(default=None, description="EQF level 1-8 (elm:EQFLevel)")
    nqf: list[NqfLevel] = Field(default_factory=list, description="NQF levels (elm:NQFLevel)")
    qf_ehea_cycle: QfEheaCycle | None = Field(
        default=None, description="QF-EHEA cycle: short, first, second, third (elm:educationLevel)"
    )
    isced_level: Isced2011Level | None = Field(
        default=None, description="ISCED 2011 level 0-8 (elm:educationLevel)"
    )
    sqf: list[SqfLevel] = Field(
        default_factory=list, description="Sectoral framework levels (elm:educationLevel)"
    )
    isced_f: list[IscedF] = Field(
        default_factory=list, description="ISCED-F 2013 fields, e.g. 0613 (elm:ISCEDFCode)"
    )
