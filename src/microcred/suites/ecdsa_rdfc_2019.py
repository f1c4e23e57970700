"""ecdsa-rdfc-2019 (W3C Recommendation "Data Integrity ECDSA Cryptosuites v1.0" §3.2).

ECDSA (FIPS 186-5) with P-256 or P-384 keys. The curve chooses the hash, everywhere (§3 "canon-and-hash" and
§3.2.4): P-256 keys use SHA-256, P-384 keys SHA-384 -- for the two hashes of §3.2.4 *and* as RDFC-1.0's internal
hash algorithm (the "implementation-specific parameter" of RDF Canon §4.4), so a P-384 proof's canonical blank node
labels differ from a P-256 proof's. The signature is IEEE P1363 ``r‖s`` (64 bytes for P-256, 96 for P-384,
§3.2.6 step 2) in base58-btc Multibase. Verification methods are Multikey (§2.1.1) or JsonWebKey (§2.1.2).
"""

from __future__ import annotations

from typing import ClassVar

from ..jsonld.canonicalize import HashAlgorithm
from .data_integrity import RdfcCryptosuite

#: §3.2.4: the hash that matches the curve's security level.
CURVE_HASHES: dict[str, HashAlgorithm] = {"P-256": "sha256", "P-384": "sha384"}


class EcdsaRdfc2019(RdfcCryptosuite):
    """``DataIntegrityProof`` with ``cryptosuite: ecdsa-rdfc-2019``."""

    name: ClassVar[str] = "ecdsa-rdfc-2019"
    cryptosuite: ClassVar[str | None] = "ecdsa-rdfc-2019"
    #: §3.2.6 / §3.2.7: ECDSA with the curve's own hash over hashData (JOSE ES256 / ES384).
    key_algorithms: ClassVar[dict[str, str]] = {"P-256": "ES256", "P-384": "ES384"}

    def hash_algorithm(self, key_type: str) -> HashAlgorithm:
        """The hash of the curve (SHA-256 for P-256, SHA-384 for P-384; ecdsa-rdfc-2019 §3.2)."""
        return CURVE_HASHES[key_type]
