"""did:jwk resolution (did:jwk method specification, "Read" and "To create the DID Document").

The DID is ``did:jwk:`` + base64url(JWK). A JWK with private members (``d``, ``p``, ``q``, …) is rejected
("a JWK for a private key must never be used and must be rejected"). The single verification method is
``did:jwk:…#0``, type ``JsonWebKey2020``. Relationships: all five, except that ``use: "sig"`` drops
``keyAgreement`` and ``use: "enc"`` keeps *only* ``keyAgreement``.
"""

from __future__ import annotations

from typing import Any

from ..keys import parse_did_jwk
from .did_resolver import DidResolver
from .method import RELATIONSHIPS


class DidJwkResolver(DidResolver):
    """Resolve did:jwk offline."""

    method = "jwk"
    single_key = True
    pure = True

    def resolve_did(self, did: str) -> dict[str, Any]:
        """The DID document of a did:jwk (one JsonWebKey method, ``#0``)."""
        jwk = parse_did_jwk(did)
        vm_id = f"{did}#0"
        document: dict[str, Any] = {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
            "id": did,
            "verificationMethod": [
                {"id": vm_id, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk},
            ],
        }
        use = jwk.get("use")
        for rel in RELATIONSHIPS:
            if (use == "sig" and rel == "keyAgreement") or (use == "enc" and rel != "keyAgreement"):
                continue
            document[rel] = [vm_id]
        return document
