"""did:key resolution (W3C CCG "The did:key Method v0.7", §3.1.1 "Document Creation Algorithm").

The DID is validated by :func:`microcred.keys.parse_did_key` (``invalidDid``, ``invalidPublicKeyLength``,
``invalidPublicKey``); the document has one verification method ``did:key:X#X`` listed under
``authentication``, ``assertionMethod``, ``capabilityInvocation`` and ``capabilityDelegation`` (step 7).
``keyAgreement`` key derivation (``enableEncryptionKeyDerivation``) is not done.
"""

from __future__ import annotations

from typing import Any, Literal

from ..errors import InvalidDidError, UsageError
from ..keys import Key, parse_did_key
from .did_resolver import DidResolver

PublicKeyFormat = Literal["Multikey", "JsonWebKey2020", "Ed25519VerificationKey2020"]

#: §3.1.5 "Context Creation Algorithm", with the Multikey context that now exists.
FORMAT_CONTEXTS: dict[str, str] = {
    "Multikey": "https://w3id.org/security/multikey/v1",
    "JsonWebKey2020": "https://w3id.org/security/suites/jws-2020/v1",
    "Ed25519VerificationKey2020": "https://w3id.org/security/suites/ed25519-2020/v1",
}

#: §3.1.1 step 7: the relationships every did:key document grants its key.
DID_KEY_RELATIONSHIPS: tuple[str, ...] = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
)


class DidKeyResolver(DidResolver):
    """Resolve did:key (Ed25519, P-256, P-384, P-521, secp256k1) offline."""

    method = "key"
    single_key = True
    pure = True

    def __init__(self, public_key_format: PublicKeyFormat = "Multikey") -> None:
        if public_key_format not in FORMAT_CONTEXTS:
            raise UsageError(f"public_key_format must be one of {', '.join(FORMAT_CONTEXTS)}")
        self.public_key_format = public_key_format

    def options_key(self) -> str:
        """The documents depend on the public key format chosen."""
        return self.public_key_format

    def resolve_did(self, did: str) -> dict[str, Any]:
        """The DID document of ``did`` (§3.1.1); raises InvalidDidError / InvalidPublicKey*Error."""
        value, kt, public = parse_did_key(did)
        vm_id = f"{did}#{value}"
        fmt = self.public_key_format
        method: dict[str, Any] = {"id": vm_id, "type": fmt, "controller": did}
        if fmt == "JsonWebKey2020":
            jwk = Key(public).to_jwk()
            method["publicKeyJwk"] = jwk
        else:
            if fmt == "Ed25519VerificationKey2020" and kt.name != "Ed25519":
                raise InvalidDidError(
                    f"{did}: a {kt.name} key cannot be expressed as Ed25519VerificationKey2020",
                    details={"didKeyError": "invalidPublicKeyType"},
                )
            method["publicKeyMultibase"] = value
        document: dict[str, Any] = {
            "@context": ["https://www.w3.org/ns/did/v1", FORMAT_CONTEXTS[fmt]],
            "id": did,
            "verificationMethod": [method],
        }
        for rel in DID_KEY_RELATIONSHIPS:
            document[rel] = [vm_id]
        return document
