"""Selective Disclosure for JWTs (SD-JWT, RFC 9901): Disclosures, issuance, presentation, key binding, verification."""

from .disclosure import Disclosure
from .hashing import DEFAULT_SD_ALG, SD_ALGS
from .issuance import Sd
from .key_binding import KB_JWT_TYP, KbExpectations
from .sd_jwt import VerifiedSdJwt, decode_sd_jwt, issue_sd_jwt, present, verify_sd_jwt
from .serialization import SdJwtLimits, SdJwtParts, looks_like_sd_jwt, split_sd_jwt

__all__ = [
    "DEFAULT_SD_ALG",
    "KB_JWT_TYP",
    "SD_ALGS",
    "Disclosure",
    "KbExpectations",
    "Sd",
    "SdJwtLimits",
    "SdJwtParts",
    "VerifiedSdJwt",
    "decode_sd_jwt",
    "issue_sd_jwt",
    "looks_like_sd_jwt",
    "present",
    "split_sd_jwt",
    "verify_sd_jwt",
]
