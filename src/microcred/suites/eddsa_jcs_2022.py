"""eddsa-jcs-2022 (W3C Recommendation "Data Integrity EdDSA Cryptosuites v1.0" §3.3).

Ed25519 (RFC 8032) over SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)); the JCS pipeline is
:class:`~microcred.suites.data_integrity_jcs.JcsCryptosuite`. Verification methods as for eddsa-rdfc-2022 (§2.1).
"""

from __future__ import annotations

from typing import ClassVar

from .data_integrity_jcs import JcsCryptosuite


class EddsaJcs2022(JcsCryptosuite):
    """``DataIntegrityProof`` with ``cryptosuite: eddsa-jcs-2022``."""

    name: ClassVar[str] = "eddsa-jcs-2022"
    cryptosuite: ClassVar[str | None] = "eddsa-jcs-2022"
    #: §3.3.6: Ed25519 only.
    key_algorithms: ClassVar[dict[str, str]] = {"Ed25519": "EdDSA"}
    method_types: ClassVar[frozenset[str]] = frozenset(
        {"Multikey", "Ed25519VerificationKey2020", "JsonWebKey", "JsonWebKey2020"}
    )
