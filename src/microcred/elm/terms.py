"""Names and IRIs of the Europass EDC (ELM 3) credential shape, and the EDC context's quirks in one place."""

from __future__ import annotations

from typing import Literal

from ..jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2, EDC_AP, MICROCRED_V1

DataModel = Literal["v1", "v2"]

#: VC Data Model 2.0 needs a variant of the EDC context: ``[CREDENTIALS_V2, EDC_AP]`` cannot be processed
#: (both
#: define ``description``, VC 2.0 protects it). See ``vocab/tools/build_contexts.py``.
EDC_AP_VCDM2 = "https://w3id.org/microcred/edc-ap-vcdm2/v1"

CONTEXTS: dict[DataModel, list[str]] = {
    "v1": [CREDENTIALS_V1, EDC_AP],
    "v2": [CREDENTIALS_V2, EDC_AP_VCDM2],
}
MICROCRED_CONTEXT = MICROCRED_V1

TYPES: dict[DataModel, list[str]] = {
    "v1": ["VerifiableCredential", "EuropeanDigitalCredential"],
    # The EBSI EDC schema (vcdm2.0-europass-edc-schema) requires the three types.
    "v2": ["VerifiableCredential", "VerifiableAttestation", "EuropeanDigitalCredential"],
}

ELM = "http://data.europa.eu/snb/model/elm/"

#: The EDC context maps ``nationalID`` to ``elm:nationalID``; the ontology and the SHACL shapes use
#: ``elm:nationalId``. In the VC 1.1 shape microcred writes the compact IRI, which the EDC context expands
#: correctly; the VC 2.0 context variant fixes the term itself. Readers accept every spelling.
NATIONAL_ID_KEYS: dict[DataModel, str] = {"v1": "elm:nationalId", "v2": "nationalID"}
NATIONAL_ID_READ_KEYS = (
    "elm:nationalId",
    "nationalID",
    "nationalId",
    "elm:nationalID",
    ELM + "nationalId",
    ELM + "nationalID",
)

#: The SHACL application profile every EDC credential names in ``credentialSchema``.
EDC_GENERIC_FULL = "http://data.europa.eu/snb/model/ap/edc-generic-full"

GENERIC_PROFILE = "http://data.europa.eu/snb/credential/e34929035b"
QDR_SCHEME = "http://data.europa.eu/snb/qdr/25831c2"
ESCO_SKILL_SCHEME = "http://data.europa.eu/esco/concept-scheme/skills"
FILE_TYPE_SCHEME = "http://publications.europa.eu/resource/authority/file-type"
SVG_FILE_TYPE = FILE_TYPE_SCHEME + "/SVG"
BASE64_ENCODING = "http://data.europa.eu/snb/encoding/6146cde7dd"
