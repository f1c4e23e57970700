"""eddsa-rdfc-2022 (W3C Recommendation "Data Integrity EdDSA Cryptosuites v1.0" §3.2) and its pre-REC name.

Ed25519 (RFC 8032, Pure EdDSA) over SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), both
canonicalized with RDFC-1.0 (SHA-256). The verification method is a Multikey (vc-di-eddsa §2.1.1); an
Ed25519VerificationKey2020 or JsonWebKey holding the same Ed25519 key is accepted too ("lossless cryptographic
key transformation", §2.1). The proof is a
``DataIntegrityProof`` (§2.2.1) whose ``proofValue`` is the 64-byte signature in base58-btc Multibase.

``eddsa-2022`` is the name the suite had in the 2022-2023 drafts, before it was split into eddsa-rdfc-2022 and
eddsa-jcs-2022; Open Badges 3.0 platforms issued it. Its algorithm is eddsa-rdfc-2022's under another
``cryptosuite`` string, so microcred verifies it but does not issue it.
"""

from __future__ import annotations

from typing import ClassVar

from .data_integrity import RdfcCryptosuite


class EddsaRdfc2022(RdfcCryptosuite):
    """``DataIntegrityProof`` with ``cryptosuite: eddsa-rdfc-2022``."""

    name: ClassVar[str] = "eddsa-rdfc-2022"
    cryptosuite: ClassVar[str | None] = "eddsa-rdfc-2022"
    #: §3.2.6: Ed25519 only.
    key_algorithms: ClassVar[dict[str, str]] = {"Ed25519": "EdDSA"}
    #: §2.1.1 Multikey; an Ed25519VerificationKey2020 or JsonWebKey holds the same key (§2.1, lossless forms).
    method_types: ClassVar[frozenset[str]] = frozenset(
        {"Multikey", "Ed25519VerificationKey2020", "JsonWebKey", "JsonWebKey2020"}
    )


class Eddsa2022(EddsaRdfc2022):
    """``DataIntegrityProof`` with the pre-REC ``cryptosuite: eddsa-2022`` (verify only)."""

    name: ClassVar[str] = "eddsa-2022"
    cryptosuite: ClassVar[str | None] = "eddsa-2022"
    issuable: ClassVar[bool] = False
