"""Identifiers of people and organisations (ELM ``Identifier`` and ``LegalIdentifier``)."""

from __future__ import annotations

from pydantic import Field

from .types import Country, ModelBase


class Identifier(ModelBase):
    """An identifier in some scheme (``adms:identifier`` -> ``elm:Identifier``), e.g. a student number."""

    notation: str = Field(min_length=1, description="The identifier itself (skos:notation)")
    scheme_name: str | None = Field(
        default=None, description="Name of the identification scheme (elm:schemeName)"
    )


class LegalIdentifier(ModelBase):
    """An identifier from an authority of a country (``elm:LegalIdentifier``): national ID, eIDAS, VAT."""

    notation: str = Field(min_length=1, description="The identifier itself (skos:notation)")
    country: Country = Field(description="Country of the issuing authority (dc:spatial)")
