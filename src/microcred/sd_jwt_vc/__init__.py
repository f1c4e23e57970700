"""SD-JWT VC for micro-credentials (draft-ietf-oauth-sd-jwt-vc): issue, Type Metadata, verify."""

from .claims import DEFAULT_SD, MAXIMAL_SD
from .issue import SD_JWT_VC_TYP, issue_sd_jwt_vc
from .type_metadata import MICROCRED_VCT, TypeMetadataResolver
from .verify import FORMAT, PresentationExpectations, verify_sd_jwt_vc

__all__ = [
    "DEFAULT_SD",
    "FORMAT",
    "MAXIMAL_SD",
    "MICROCRED_VCT",
    "SD_JWT_VC_TYP",
    "PresentationExpectations",
    "TypeMetadataResolver",
    "issue_sd_jwt_vc",
    "verify_sd_jwt_vc",
]
