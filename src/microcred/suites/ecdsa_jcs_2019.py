"""ecdsa-jcs-2019 (W3C Recommendation "Data Integrity ECDSA Cryptosuites v1.0" §3.3).

ECDSA with P-256 or P-384 over hash(JCS(proof configuration)) ‖ hash(JCS(document)); as in ecdsa-rdfc-2019 the
curve chooses the hash (§3.3.4: SHA-256 for P-256, SHA-384 for P-384) and the signature is IEEE P1363 ``r‖s``.
"""

from __future__ import annotations

from typing import ClassVar

from ..jsonld.canonicalize import HashAlgorithm
from .data_integrity_jcs import JcsCryptosuite
from .ecdsa_rdfc_2019 import CURVE_HASHES


class EcdsaJcs2019(JcsCryptosuite):
    """``DataIntegrityProof`` with ``cryptosuite: ecdsa-jcs-2019``."""

    name: ClassVar[str] = "ecdsa-jcs-2019"
    cryptosuite: ClassVar[str | None] = "ecdsa-jcs-2019"
    key_algorithms: ClassVar[dict[str, str]] = {"P-256": "ES256", "P-384": "ES384"}

    def hash_algorithm(self, key_type: str) -> HashAlgorithm:
        """SHA-256 for P-256 and SHA-384 for P-384 (VC-DI-ECDSA §3.3.4)."""
        return CURVE_HASHES[key_type]
