"""JSON Web Key (RFC 7517) import and export for the key types in :mod:`.key_types`.

Import is strict, because JWKs arrive from DID documents and key files:

* ``kty``/``crv`` must name a supported asymmetric key type (RFC 7518 §6.2, §6.3; RFC 8037 §2; RFC 8812 §3.1);
  ``oct`` (symmetric) keys are refused;
* coordinates and private values are unpadded base64url of exactly the curve's size (RFC 7518 §6.2.1.2: "MUST
  be the full size"); points must lie on the curve; Ed25519 keys must not be of small order;
* a private ``d`` must belong to the public part given with it;
* RSA moduli are at least 2048 bits; multi-prime (``oth``) keys are refused;
* ``use`` (if present) must be ``sig``, ``key_ops`` (if present) must allow signing or verifying, ``alg`` (if
  present) must be one the key type allows: it then restricts the key to that algorithm.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..base64url import b64url_decode_strict, b64url_encode
from ..errors import Base64UrlError, KeyMaterialError
from .ed25519 import check_ed25519_public_key
from .key_types import MIN_RSA_BITS, KeyType, key_type_for_jwk

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey

#: JWK members that carry private key material (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2).
PRIVATE_MEMBERS: frozenset[str] = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})

#: Members of the RFC 7638 thumbprint input, per kty (also the members of a did:jwk / minimal public JWK).
REQUIRED_PUBLIC_MEMBERS: dict[str, tuple[str, ...]] = {
    "OKP": ("crv", "kty", "x"),
    "EC": ("crv", "kty", "x", "y"),
    "RSA": ("e", "kty", "n"),
}


def private_members(jwk: Mapping[str, Any]) -> list[str]:
    """The private-key members present in ``jwk`` (sorted)."""
    return sorted(m for m in PRIVATE_MEMBERS if m in jwk)


def _decode(value: Any, member: str) -> bytes:
    """A JWK member's bytes (strict base64url, RFC 7518 §6); :class:`KeyMaterialError` naming the member."""
    try:
        return b64url_decode_strict(value, what=f"JWK member {member!r}")
    except Base64UrlError as exc:
        raise KeyMaterialError(exc.message, path=member) from exc


def _int_from_b64(value: Any, member: str, size: int | None = None) -> int:
    raw = _decode(value, member) if isinstance(value, str) else None
    if raw is None:
        raise KeyMaterialError(f"JWK member {member!r} must be a base64url string", path=member)
    if size is not None and len(raw) != size:
        raise KeyMaterialError(
            f"JWK member {member!r} must be {size} bytes, not {len(raw)} (RFC 7518 §6.2.1: full size)",
            path=member,
        )
    if not raw:
        raise KeyMaterialError(f"JWK member {member!r} is empty", path=member)
    return int.from_bytes(raw, "big")


def _b64_int(value: int, size: int | None = None) -> str:
    length = size if size is not None else max(1, (value.bit_length() + 7) // 8)
    return b64url_encode(value.to_bytes(length, "big"))


def check_jwk_usage(jwk: Mapping[str, Any], kt: KeyType) -> str | None:
    """Check ``use``/``key_ops``/``alg``; return the ``alg`` the JWK pins (or None)."""
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise KeyMaterialError(f"JWK 'use' is {use!r}; a signing key must have use 'sig' or none", path="use")
    ops = jwk.get("key_ops")
    if ops is not None:
        if not isinstance(ops, list) or not all(isinstance(o, str) for o in ops):
            raise KeyMaterialError("JWK 'key_ops' must be an array of strings", path="key_ops")
        if not {"sign", "verify"} & set(ops):
            raise KeyMaterialError(f"JWK 'key_ops' {ops} allow neither signing nor verifying", path="key_ops")
    alg = jwk.get("alg")
    if alg is None:
        return None
    if alg not in kt.algs:
        raise KeyMaterialError(
            f"JWK 'alg' {alg!r} does not fit a {kt.name} key (allowed: {', '.join(kt.algs)})", path="alg"
        )
    return str(alg)


@functools.lru_cache(maxsize=256)
def _ec_public_key(kt: KeyType, x: int, y: int) -> ec.EllipticCurvePublicKey:
    """The EC point as a key, checked to be on the curve; cached (key objects are immutable, a refused point
    raises again): a verifier meets the same holder and issuer keys again and again."""
    try:
        return ec.EllipticCurvePublicNumbers(x, y, kt.curve()).public_key()
    except ValueError as exc:
        raise KeyMaterialError(f"the JWK point is not on the {kt.name} curve") from exc


def public_key_from_jwk(jwk: Mapping[str, Any], kt: KeyType) -> PublicKey:
    """The public key of a JWK of key type ``kt`` (RFC 7517/7518; RFC 8037 for OKP)."""
    if kt.kty == "OKP":
        if "x" not in jwk:
            raise KeyMaterialError("an OKP JWK needs an 'x' member", path="x")
        raw = _decode(jwk["x"], "x")
        check_ed25519_public_key(raw)
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    if kt.kty == "EC":
        x = _int_from_b64(jwk.get("x"), "x", kt.size)
        y = _int_from_b64(jwk.get("y"), "y", kt.size)
        return _ec_public_key(kt, x, y)
    n = _int_from_b64(jwk.get("n"), "n")
    e = _int_from_b64(jwk.get("e"), "e")
    if n.bit_length() < MIN_RSA_BITS:
        raise KeyMaterialError(
            f"RSA key has {n.bit_length()} bits; at least {MIN_RSA_BITS} are required", path="n"
        )
    try:
        return rsa.RSAPublicNumbers(e, n).public_key()
    except ValueError as exc:
        raise KeyMaterialError(f"invalid RSA public key: {exc}") from exc


def private_key_from_jwk(jwk: Mapping[str, Any], kt: KeyType, public: PublicKey) -> PrivateKey:
    """The private key of a JWK, checked to match ``public``."""
    if "oth" in jwk:
        raise KeyMaterialError("multi-prime RSA keys ('oth') are not supported", path="oth")
    if kt.kty == "OKP":
        seed = _decode(jwk.get("d"), "d")
        if len(seed) != 32:
            raise KeyMaterialError("an Ed25519 JWK 'd' must be 32 bytes", path="d")
        private: PrivateKey = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    elif kt.kty == "EC":
        assert isinstance(public, ec.EllipticCurvePublicKey)
        d = _int_from_b64(jwk.get("d"), "d", kt.size)
        if not 0 < d < kt.order:
            raise KeyMaterialError(f"JWK 'd' is out of range for {kt.name}", path="d")
        try:
            private = ec.EllipticCurvePrivateNumbers(d, public.public_numbers()).private_key()
        except ValueError as exc:
            raise KeyMaterialError(f"invalid {kt.name} private key: {exc}") from exc
    else:
        assert isinstance(public, rsa.RSAPublicKey)
        pub = public.public_numbers()
        d = _int_from_b64(jwk.get("d"), "d")
        crt = ("p", "q", "dp", "dq", "qi")
        try:
            if all(m in jwk for m in crt):
                p, q, dp, dq, qi = (_int_from_b64(jwk[m], m) for m in crt)
            elif not any(m in jwk for m in crt):
                p, q = rsa.rsa_recover_prime_factors(pub.n, pub.e, d)
                dp, dq, qi = rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q)
            else:
                raise KeyMaterialError("an RSA private JWK must have all of p, q, dp, dq, qi or none of them")
            private = rsa.RSAPrivateNumbers(p, q, d, dp, dq, qi, pub).private_key()
        except ValueError as exc:
            raise KeyMaterialError(f"invalid RSA private key: {exc}") from exc
    if raw_public_bytes(private.public_key()) != raw_public_bytes(public):
        raise KeyMaterialError("the JWK's private part does not belong to its public part", path="d")
    return private


def raw_public_bytes(public: PublicKey) -> bytes:
    """A byte string that identifies a public key (SubjectPublicKeyInfo DER)."""
    return public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_jwk(public: PublicKey, kt: KeyType) -> dict[str, str]:
    """The minimal public JWK (members of :data:`REQUIRED_PUBLIC_MEMBERS`, in that order)."""
    if isinstance(public, ed25519.Ed25519PublicKey):
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"crv": "Ed25519", "kty": "OKP", "x": b64url_encode(raw)}
    if isinstance(public, ec.EllipticCurvePublicKey):
        nums = public.public_numbers()
        assert kt.crv is not None
        return {"crv": kt.crv, "kty": "EC", "x": _b64_int(nums.x, kt.size), "y": _b64_int(nums.y, kt.size)}
    nums_r = public.public_numbers()
    return {"e": _b64_int(nums_r.e), "kty": "RSA", "n": _b64_int(nums_r.n)}


def private_jwk_members(private: PrivateKey, kt: KeyType) -> dict[str, str]:
    """The private JWK members (``d``, and for RSA the CRT parameters) of ``private``."""
    if isinstance(private, ed25519.Ed25519PrivateKey):
        seed = private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return {"d": b64url_encode(seed)}
    if isinstance(private, ec.EllipticCurvePrivateKey):
        return {"d": _b64_int(private.private_numbers().private_value, kt.size)}
    nums = private.private_numbers()
    return {
        "d": _b64_int(nums.d),
        "p": _b64_int(nums.p),
        "q": _b64_int(nums.q),
        "dp": _b64_int(nums.dmp1),
        "dq": _b64_int(nums.dmq1),
        "qi": _b64_int(nums.iqmp),
    }


def canonical_public_jwk_json(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 §3.3: the required members, lexicographic order, no whitespace."""
    kty = jwk.get("kty")
    members = REQUIRED_PUBLIC_MEMBERS.get(kty if isinstance(kty, str) else "")
    if members is None:
        raise KeyMaterialError(f"unsupported JWK kty {kty!r}")
    return json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 JWK SHA-256 thumbprint, base64url."""
    return b64url_encode(hashlib.sha256(canonical_public_jwk_json(jwk).encode("utf-8")).digest())


def parse_jwk(jwk: Mapping[str, Any]) -> tuple[KeyType, PublicKey, PrivateKey | None, str | None]:
    """Validate a JWK; return its key type, public key, private key (or None) and pinned ``alg`` (or None)."""
    if not isinstance(jwk, Mapping):
        raise KeyMaterialError(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    kt = key_type_for_jwk(jwk.get("kty"), jwk.get("crv"))
    alg = check_jwk_usage(jwk, kt)
    public = public_key_from_jwk(jwk, kt)
    private = private_key_from_jwk(jwk, kt, public) if private_members(jwk) else None
    return kt, public, private, alg
