"""The Type Metadata document of :data:`~.type_metadata.MICROCRED_VCT` (draft-ietf-oauth-sd-jwt-vc §5.2).

It is built from the micro-credential model's JSON Schema and :data:`~.claims.DEFAULT_SD`, and bundled as
``type_metadata/micro-credential-v1.json`` (a test checks the bundled file is what this module builds; run
``python -m microcred.sd_jwt_vc.metadata_document`` to rewrite it).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .claims import DEFAULT_SD, NEVER_SD
from .type_metadata import _BUNDLED, MICROCRED_VCT

#: Annex I's mandatory elements: ``"mandatory": true`` in the claim metadata (§5.6.3: the issuer must include
#: them; as each may be selectively disclosable, a verifier does not require them in a presentation).
MANDATORY: tuple[str, ...] = ("title", "learner", "awardingBodies", "issued", "learningOutcomes", "workload")
MANDATORY += ("assessment", "participation", "qualityAssurance")

_LABELS: dict[str, str] = {
    "id": "Credential identifier",
    "title": "Title",
    "description": "Description",
    "learner": "Learner",
    "awardingBodies": "Awarding body",
    "provider": "Learning provider",
    "issuer": "Issuer",
    "issued": "Date of issuing",
    "awarded": "Date of award",
    "validFrom": "Valid from",
    "validUntil": "Valid until",
    "learningOutcomes": "Learning outcomes",
    "learningOutcomeSummary": "Learning outcome summary",
    "workload": "Workload (ECTS)",
    "levels": "Level (EQF/NQF)",
    "assessment": "Assessment",
    "participation": "Form of participation",
    "qualityAssurance": "Quality assurance",
    "entryRequirements": "Prerequisites",
    "stackability": "Integration / stackability",
    "furtherInformation": "Further information",
    "homepage": "Web page",
    "languages": "Language(s)",
    "qualificationId": "Qualification",
    "learningOpportunityType": "Type of learning opportunity",
}
_LEARNER_LABELS = {
    "id": "Learner identifier",
    "fullName": "Full name",
    "givenName": "Given name",
    "familyName": "Family name",
    "dateOfBirth": "Date of birth",
    "nationalId": "National identifier",
    "identifiers": "Other identifiers",
    "email": "E-mail address",
    "citizenship": "Citizenship",
}


def _schema() -> dict[str, Any]:
    from ..model import model_json_schema

    schema = copy.deepcopy(model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "EU micro-credential claims of an SD-JWT VC"
    # Every element may be selectively disclosable (the issuer's policy decides), so a presentation may withhold
    # any of them: only vct is required; the learner's attributes are each disclosable on their own.
    schema["required"] = ["vct"]
    schema["properties"].pop("elm", None)  # the ELM source of a model read from ELM is never a claim
    schema["properties"].pop("ob3", None)  # nor the Open Badges source of a model read from OB 3.0
    schema["$defs"]["Learner"].pop("required", None)
    schema["properties"]["learningOutcomes"].pop("minItems", None)  # every outcome may be withheld
    schema["additionalProperties"] = True  # registered and other JWT claims (RFC 7519 §4)
    schema["properties"].update(
        {
            "vct": {"const": MICROCRED_VCT},
            "iss": {"type": "string"},
            "iat": {"type": "integer"},
            "nbf": {"type": "integer"},
            "exp": {"type": "integer"},
            "cnf": {"type": "object", "properties": {"jwk": {"type": "object"}}, "required": ["jwk"]},
            "status": {"type": "object"},
        }
    )
    return schema


def _claim(path: list[Any], label: str, sd: str) -> dict[str, Any]:
    out: dict[str, Any] = {"path": path, "display": [{"locale": "en", "label": label}], "sd": sd}
    if len(path) == 1 and path[0] in MANDATORY:
        out["mandatory"] = True
    return out


def build_document() -> dict[str, Any]:
    """The Type Metadata document microcred publishes for micro-credentials."""
    sd_top = {p for p in DEFAULT_SD if "." not in p and "[" not in p}
    registered = {"iss": "Issuer", "vct": "Credential type", "cnf": "Holder key", "status": "Status"}
    claims = [_claim([name], label, "never") for name, label in registered.items() if name in NEVER_SD]
    for name, label in _LABELS.items():
        claims.append(_claim([name], label, "always" if name in sd_top else "allowed"))
    for name, label in _LEARNER_LABELS.items():
        claims.append(_claim(["learner", name], label, "always"))
    claims.append(_claim(["learningOutcomes", None], "Learning outcome", "always"))
    claims.append(_claim(["assessment", "grade"], "Grade", "always"))
    claims.append(_claim(["assessment", "date"], "Date of assessment", "always"))
    return {
        "vct": MICROCRED_VCT,
        "name": "EU micro-credential (microcred)",
        "description": "A micro-credential with the elements of Annex I of Council Recommendation 2022/C 243/02, "
        "issued by microcred. The learner's identity attributes, each learning outcome and the grade are "
        "selectively disclosable.",
        "display": [
            {
                "locale": "en",
                "name": "Micro-credential",
                "description": "EU micro-credential (Council Recommendation 2022/C 243/02)",
                "rendering": {"simple": {"background_color": "#003399", "text_color": "#FFFFFF"}},
            }
        ],
        "claims": claims,
        "schema": _schema(),
    }


def document_bytes() -> bytes:
    """The bundled file's exact bytes."""
    return (json.dumps(build_document(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_bundled(path: Path = _BUNDLED[MICROCRED_VCT]) -> Path:
    """Rewrite the bundled Type Metadata file."""
    from ..jsonio import write_atomic

    return write_atomic(path, document_bytes())


if __name__ == "__main__":  # pragma: no cover
    print(write_bundled())
