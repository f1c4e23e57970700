"""Ed25519Signature2020 (W3C CCG "Ed25519 Signature 2020"), verify only.

The Linked Data Signature suite that preceded eddsa-rdfc-2022 and that Open Badges 3.0 platforms still issue
(vc-di-eddsa 1.0 Appendix B.4 shows it). Its algorithm is the eddsa-rdfc-2022 pipeline: the proof options,
without ``proofValue`` and under the document's ``@context``, and the document are canonicalized with RDFC-1.0
(URDNA2015), hashed with SHA-256, and signed with Ed25519; ``proofValue`` is base58-btc Multibase. The proof has
``type: Ed25519Signature2020`` and no ``cryptosuite``; its terms are defined by the suite context
``https://w3id.org/security/suites/ed25519-2020/v1``, which the document must use. The key is an
``Ed25519VerificationKey2020`` (or a Multikey, as current did:key documents express it).
"""

from __future__ import annotations

from typing import ClassVar

from .data_integrity import RdfcCryptosuite

ED25519_2020_V1 = "https://w3id.org/security/suites/ed25519-2020/v1"


class Ed25519Signature2020(RdfcCryptosuite):
    """``proof.type: Ed25519Signature2020`` (verify only)."""

    name: ClassVar[str] = "ed25519-2020"
    proof_type: ClassVar[str] = "Ed25519Signature2020"
    cryptosuite: ClassVar[str | None] = None
    issuable: ClassVar[bool] = False
    required_context: ClassVar[str | None] = ED25519_2020_V1
    suite_contexts: ClassVar[tuple[str, ...]] = (ED25519_2020_V1,)
    key_algorithms: ClassVar[dict[str, str]] = {"Ed25519": "EdDSA"}
    method_types: ClassVar[frozenset[str]] = frozenset({"Ed25519VerificationKey2020", "Multikey"})
