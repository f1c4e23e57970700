"""The learner: the subject of the micro-credential (Annex I: identification of the learner)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .identifiers import Identifier, LegalIdentifier
from .types import Country, Email, Iri, ModelBase, SingleLangMap


class Learner(ModelBase):
    """The person who earned the micro-credential (``credentialSubject``, an ``elm:Person``)."""

    id: Iri | None = Field(default=None, description="IRI of the learner, e.g. a DID (credentialSubject.id)")
    full_name: SingleLangMap = Field(description="Full name (foaf:fullName); mandatory (Annex I)")
    given_name: SingleLangMap | None = Field(default=None, description="Given names (foaf:givenName)")
    family_name: SingleLangMap | None = Field(default=None, description="Family name (foaf:familyName)")
    date_of_birth: datetime | None = Field(default=None, description="Date of birth (elm:dateOfBirth)")
    national_id: LegalIdentifier | None = Field(default=None, description="National ID (elm:nationalId)")
    identifiers: list[Identifier] = Field(
        default_factory=list, description="Other identifiers (adms:identifier)"
    )
    email: Email | None = Field(default=None, description="E-mail address (contactPoint.emailAddress)")
    citizenship: list[Country] = Field(
        default_factory=list, description="Citizenship (elm:citizenshipCountry)"
    )
