"""PEM input (RFC 7468): a private key (PKCS#8, SEC1 or PKCS#1, optionally encrypted), a public key
(SubjectPublicKeyInfo) and/or a certificate chain, leaf first."""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..errors import KeyMaterialError
from .jwk import PrivateKey, PublicKey
from .x509 import certificate_public_key, load_certificate_chain, load_pem_blocks

_KEY_CLASSES = (
    ed25519.Ed25519PrivateKey,
    ec.EllipticCurvePrivateKey,
    rsa.RSAPrivateKey,
    ed25519.Ed25519PublicKey,
    ec.EllipticCurvePublicKey,
    rsa.RSAPublicKey,
)


def read_pem(
    data: bytes | str, password: bytes | str | None = None
) -> tuple[PrivateKey | PublicKey, list[x509.Certificate]]:
    """The one key in ``data`` (or the first certificate's public key) and the certificate chain."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    secret = password.encode("utf-8") if isinstance(password, str) else password
    blocks = load_pem_blocks(raw)
    certs = [b for label, b in blocks if label == "CERTIFICATE"]
    chain = load_certificate_chain(b"".join(certs)) if certs else []
    key: PrivateKey | PublicKey | None = None
    for label, block in blocks:
        loaded: Any
        try:
            if label.endswith("PRIVATE KEY"):
                loaded = serialization.load_pem_private_key(block, password=secret)
            elif label == "PUBLIC KEY":
                loaded = serialization.load_pem_public_key(block)
            else:
                continue
        except (ValueError, TypeError) as exc:
            raise KeyMaterialError(f"cannot read the PEM {label}: {exc}") from exc
        if key is not None:
            raise KeyMaterialError("the PEM data holds more than one key")
        if not isinstance(loaded, _KEY_CLASSES):
            raise KeyMaterialError(f"unsupported key type in PEM: {type(loaded).__name__}")
        key = loaded
    if key is None:
        if not chain:
            raise KeyMaterialError("no PEM private key, public key or certificate found")
        key = certificate_public_key(chain[0])
    return key, chain
