"""Organisations: awarding bodies, the learning provider, the issuer, accrediting agents."""

from __future__ import annotations

from pydantic import Field

from .identifiers import Identifier, LegalIdentifier
from .types import ConceptRef, Country, Email, HttpUrl, Iri, LangMap, ModelBase


class Location(ModelBase):
    """Where an organisation is (``elm:location`` -> ``dc:Location`` -> ``elm:Address``)."""

    country: Country = Field(description="Country (address.countryCode); Annex I: country of the issuer")
    address: LangMap | None = Field(default=None, description="Full postal address (address.fullAddress)")
    region: ConceptRef | None = Field(
        default=None,
        description="Region, a concept of the EU ATU authority list (spatialCode); Annex I: region",
    )


class Organisation(ModelBase):
    """An organisation (``elm:Organisation``)."""

    id: Iri | None = Field(default=None, description="IRI of the organisation (a DID, URL or URN)")
    legal_name: LangMap = Field(description="Legal name (rov:legalName)")
    alternative_name: LangMap | None = Field(default=None, description="Short or other name (skos:altLabel)")
    locations: list[Location] = Field(min_length=1, description="At least one location with its country")
    eidas_identifier: LegalIdentifier | None = Field(
        default=None,
        description="eIDAS legal identifier (elm:eidasLegalIdentifier); the issuer must have one",
    )
    legal_identifier: LegalIdentifier | None = Field(
        default=None, description="Registration number of the legal entity (rov:registration)"
    )
    vat_identifier: LegalIdentifier | None = Field(default=None, description="VAT number (elm:vatIdentifier)")
    tax_identifier: LegalIdentifier | None = Field(default=None, description="Tax number (elm:taxIdentifier)")
    identifiers: list[Identifier] = Field(
        default_factory=list, description="Other identifiers (adms:identifier)"
    )
    homepage: HttpUrl | None = Field(default=None, description="Home page (foaf:homepage)")
    email: Email | None = Field(default=None, description="Contact e-mail (contactPoint.emailAddress)")
