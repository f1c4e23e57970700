"""Ed25519 public key validation that OpenSSL does not do on import.

OpenSSL accepts any 32 bytes as an Ed25519 public key. A verifier must refuse (RFC 8032 §5.1.3 "Decoding",
and the small-order attacks of Chalkias et al., "Taming the many EdDSAs", 2020):

* non-canonical encodings: ``y >= p``, or ``x = 0`` with the sign bit set;
* encodings that are not a point on the curve (no square root for ``x``);
* points of small order (the eight torsion points, including the identity): a signature made against such a
  key verifies for many messages, so the key proves nothing.

Pure integer arithmetic on extended twisted Edwards coordinates (RFC 8032 §5.1.4); three doublings decide
whether ``8·P`` is the identity.
"""

from __future__ import annotations

import functools

from ..errors import KeyMaterialError

_P = 2**255 - 19
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
#: Order of the prime-order subgroup (RFC 8032 §5.1 "L"): a signature's S must be below it.
ED25519_L = 2**252 + 27742317777372353535851937790883648493


def _recover_x(y: int, sign: int) -> int | None:
    """RFC 8032 §5.1.3 step 2-4: the x coordinate for ``y`` and the sign bit, or None if there is none."""
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = (u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P)) % _P
    vx2 = (v * x * x) % _P
    if vx2 == u:
        pass
    elif vx2 == (-u) % _P:
        x = (x * _SQRT_M1) % _P
    else:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return x


def _double(point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Point doubling in extended coordinates (RFC 8032 §5.1.4, "dbl-2008-hwcd")."""
    x1, y1, z1, _ = point
    a = x1 * x1 % _P
    b = y1 * y1 % _P
    c = 2 * z1 * z1 % _P
    h = (a + b) % _P
    e = (h - (x1 + y1) * (x1 + y1)) % _P
    g = (a - b) % _P
    f = (c + g) % _P
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def check_ed25519_public_key(raw: bytes) -> None:
    """Raise :class:`KeyMaterialError` unless ``raw`` is a canonical, on-curve, not small-order key.

    Accepted keys are remembered (the check is pure Python and a verification builds the same key several
    times); a rejected key is checked again every time, since only successful calls are cached.
    """
    _accepted(bytes(raw))


@functools.lru_cache(maxsize=4096)
def _accepted(raw: bytes) -> bool:
    if len(raw) != 32:
        raise KeyMaterialError(f"an Ed25519 public key is 32 bytes, not {len(raw)}")
    encoded = int.from_bytes(raw, "little")
    sign = encoded >> 255
    y = encoded & ((1 << 255) - 1)
    if y >= _P:
        raise KeyMaterialError("Ed25519 public key is not canonically encoded (y >= p)")
    x = _recover_x(y, sign)
    if x is None:
        if sign and _recover_x(y, 0) == 0:
            raise KeyMaterialError(
                "Ed25519 public key is not canonically encoded (x = 0 with the sign bit set)"
            )
        raise KeyMaterialError("Ed25519 public key is not a point on the curve")
    point = (x, y, 1, x * y % _P)
    for _ in range(3):
        point = _double(point)
    px, py, pz, _ = point
    if px % _P == 0 and (py - pz) % _P == 0:
        raise KeyMaterialError("Ed25519 public key is a point of small order (rejected: it proves nothing)")
    return True


def ed25519_signature_is_canonical(signature: bytes) -> bool:
    """RFC 8032 §5.1.7 step 1: S must be below L (refuses malleable signatures)."""
    return len(signature) == 64 and int.from_bytes(signature[32:], "little") < ED25519_L
