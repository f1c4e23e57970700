"""PKCS#11 objects <-> ``cryptography`` keys and certificates (PKCS#11 v2.40 / v3.0 §2.3 EC, §2.1 RSA, §2.3.10
EC Edwards), and putting keys into a token (generate in the token, or import a software key for migration/tests).

The attribute encodings are the standard's: ``CKA_EC_PARAMS`` is the DER of the curve OID (or, for Edwards keys,
the PrintableString ``edwards25519``), ``CKA_EC_POINT`` a DER OCTET STRING holding the uncompressed point (RFC 5480
§2.2) or the 32-byte Ed25519 public key (RFC 8410 §3), ``CKA_VALUE`` of a certificate its DER.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509 as cx509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..errors import KeyMaterialError
from ..keys.jwk import PrivateKey, PublicKey

#: DER of the named-curve OIDs (RFC 5480 §2.1.1.1) and of Ed25519 (RFC 8410 §3), keyed by JWK curve name.
EC_PARAMS: dict[str, bytes] = {
    "P-256": bytes.fromhex("06082a8648ce3d030107"),
    "P-384": bytes.fromhex("06052b81040022"),
    "P-521": bytes.fromhex("06052b81040023"),
    "Ed25519": bytes.fromhex("06032b6570"),
}
#: PKCS#11 3.0 §2.3.10 also allows the curve name as a DER PrintableString.
_ED25519_NAMES = (bytes.fromhex("130c") + b"edwards25519", bytes.fromhex("130c") + b"curve25519")
_CURVES: dict[str, ec.EllipticCurve] = {
    "P-256": ec.SECP256R1(),
    "P-384": ec.SECP384R1(),
    "P-521": ec.SECP521R1(),
}


def _der_octet_string(value: bytes) -> bytes:
    """The content of a DER OCTET STRING (tokens may also return the bare point: then ``value`` as is)."""
    if len(value) < 2 or value[0] != 0x04:
        return value
    length, offset = value[1], 2
    if length & 0x80:
        count = length & 0x7F
        length, offset = int.from_bytes(value[2 : 2 + count], "big"), 2 + count
    if offset + length != len(value):
        return value  # an uncompressed EC point also starts with 0x04: it was not wrapped
    return value[offset:]


def _wrap_octet_string(value: bytes) -> bytes:
    n = len(value)
    length = (
        bytes([n])
        if n < 0x80
        else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    )
    return b"\x04" + length + value


def curve_of(ec_params: bytes) -> str:
    """The JWK curve name of a ``CKA_EC_PARAMS`` value (KeyMaterialError for a curve microcred does not sign with)."""
    for name, der in EC_PARAMS.items():
        if ec_params == der:
            return name
    if ec_params in _ED25519_NAMES:
        return "Ed25519"
    raise KeyMaterialError(f"unsupported PKCS#11 curve (CKA_EC_PARAMS {ec_params.hex()})")


def public_key_from_attributes(key_type: str, attrs: dict[str, Any]) -> PublicKey:
    """A ``cryptography`` public key from a PKCS#11 public key's attributes.

    ``key_type`` is ``RSA``, ``EC`` or ``EC_EDWARDS``; ``attrs`` holds ``modulus`` / ``public_exponent`` (RSA) or
    ``ec_params`` / ``ec_point`` (EC, Edwards) as bytes.
    """
    try:
        if key_type == "RSA":
            n = int.from_bytes(attrs["modulus"], "big")
            e = int.from_bytes(attrs["public_exponent"], "big")
            return rsa.RSAPublicNumbers(e, n).public_key()
        curve = curve_of(attrs["ec_params"])
        point = _der_octet_string(attrs["ec_point"])
        if curve == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(point)
        return ec.EllipticCurvePublicKey.from_encoded_point(_CURVES[curve], point)
    except (KeyError, ValueError) as exc:
        raise KeyMaterialError(f"the token's {key_type} public key cannot be read: {exc}") from exc


def private_key_attributes(private: PrivateKey) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(key type, private key attributes, public key attributes) to import ``private`` into a token."""
    public = private.public_key()
    if isinstance(private, rsa.RSAPrivateKey):
        numbers = private.private_numbers()
        pub = numbers.public_numbers

        def _b(value: int) -> bytes:
            return value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")

        priv_attrs = {
            "modulus": _b(pub.n),
            "public_exponent": _b(pub.e),
            "private_exponent": _b(numbers.d),
            "prime_1": _b(numbers.p),
            "prime_2": _b(numbers.q),
            "exponent_1": _b(numbers.dmp1),
            "exponent_2": _b(numbers.dmq1),
            "coefficient": _b(numbers.iqmp),
        }
        return "RSA", priv_attrs, {"modulus": _b(pub.n), "public_exponent": _b(pub.e)}
    if isinstance(private, ed25519.Ed25519PrivateKey):
        raw = private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        point = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        params = EC_PARAMS["Ed25519"]
        return (
            "EC_EDWARDS",
            {"ec_params": params, "value": raw},
            {"ec_params": params, "ec_point": _wrap_octet_string(point)},
        )
    if isinstance(private, ec.EllipticCurvePrivateKey):
        names = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
        if private.curve.name not in names:
            raise KeyMaterialError(
                f"PKCS#11 import supports P-256, P-384, P-521 and Ed25519, not {private.curve.name}"
            )
        params = EC_PARAMS[names[private.curve.name]]
        size = (private.curve.key_size + 7) // 8
        value = private.private_numbers().private_value.to_bytes(size, "big")
        point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return (
            "EC",
            {"ec_params": params, "value": value},
            {"ec_params": params, "ec_point": _wrap_octet_string(point)},
        )
    raise KeyMaterialError(f"cannot import a {type(private).__name__} into a token")


def _issued(child: cx509.Certificate, parent: cx509.Certificate) -> bool:
    """True if ``parent`` issued ``child`` (names match and its key verifies the signature)."""
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def certificate_chain_from_der(ders: list[bytes], public: PublicKey) -> list[cx509.Certificate]:
    """The chain for ``public`` among a token's certificates: the leaf that certifies it, then its issuers."""
    certs = [cx509.load_der_x509_certificate(der) for der in ders]
    spki = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    leaf = next(
        (
            c
            for c in certs
            if c.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            == spki
        ),
        None,
    )
    if leaf is None:
        return []
    chain = [leaf]
    while len(chain) <= len(certs):
        last = chain[-1]
        if last.issuer == last.subject:
            break
        parent = next((c for c in certs if c not in chain and _issued(last, c)), None)
        if parent is None:
            break
        chain.append(parent)
    return chain
