"""Quality assurance (Annex I: type of quality assurance used to underpin the micro-credential)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .organisation import Organisation
from .types import AccreditationType, HttpUrl, Iri, LangMap, ModelBase


class QualityAssurance(ModelBase):
    """An accreditation or quality assurance decision (``elm:Accreditation`` on the qualification)."""

    id: Iri | None = Field(default=None, description="IRI of the accreditation, e.g. in a QA register")
    type: AccreditationType = Field(description="Type of quality assurance (dc:type)")
    title: LangMap = Field(description="Name of the accreditation or QA procedure (dc:title)")
    accrediting_agent: Organisation = Field(description="The QA or accrediting agency (elm:accreditingAgent)")
    decision: LangMap | None = Field(default=None, description="Decision, e.g. 'accredited' (elm:decision)")
    report: HttpUrl | None = Field(default=None, description="Where the QA report is published (elm:report)")
    issued: datetime | None = Field(default=None, description="Date of the decision (dc:issued)")
    expires: datetime | None = Field(default=None, description="End of validity (elm:expiryDate)")
    homepage: HttpUrl | None = Field(default=None, description="Landing page (foaf:homepage)")
