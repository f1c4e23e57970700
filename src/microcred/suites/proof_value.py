"""The ``proofValue`` of a Data Integrity proof: base58-btc Multibase, of the exact signature length.

VC Data Integrity 1.0 §2.1 ``proofValue``: "a header and encoding as described in Section 2.4 Multibase of the
Controlled Identifiers v1.0 specification". The RDFC cryptosuites fix the header to ``z`` (base58-btc): vc-di-eddsa
1.0 §2.2.1 / §3.2.1 step 6 and vc-di-ecdsa 1.0 §2.2.1 / §3.2.1 step 6; the legacy Ed25519Signature2020 suite does
the same. The decoded bytes are the raw signature: 64 bytes for Ed25519 (vc-di-eddsa §3.2.6 step 2), 64 or 96
bytes for ECDSA P-256 / P-384 (vc-di-ecdsa §3.2.6 step 2: IEEE P1363 ``r‖s``).

A verifier that accepted other encodings or lengths would accept the same signature under several texts; so
anything else is a ``failed`` ``proof`` check with a code naming what is wrong.
"""

from __future__ import annotations

from typing import Any

from ..errors import KeyMaterialError
from ..keys import base58btc_decode, base58btc_encode
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check

#: Multibase header of base58-btc (Controlled Identifiers 1.0 §2.4).
BASE58BTC_HEADER = "z"

#: Raw signature length by key type (``Key.key_type``).
SIGNATURE_LENGTHS: dict[str, int] = {"Ed25519": 64, "P-256": 64, "P-384": 96}

#: Longest proofValue text looked at (a 96-byte signature is 132 base58 characters).
MAX_PROOF_VALUE_CHARS = 512


def encode_proof_value(signature: bytes) -> str:
    """``z`` + base58-btc of ``signature`` (vc-di-eddsa / vc-di-ecdsa §3.2.1 step 6)."""
    return BASE58BTC_HEADER + base58btc_encode(signature)


def decode_proof_value(value: Any) -> bytes | Check:
    """The signature bytes of ``proof.proofValue``, or a ``failed`` check saying why they cannot be read."""
    if value is None:
        return Check.fail(CheckName.PROOF, CheckCode.PROOF_VALUE_MISSING, "the proof has no proofValue")
    if not isinstance(value, str) or not value:
        return Check.fail(
            CheckName.PROOF, CheckCode.PROOF_VALUE_INVALID, "proofValue must be a non-empty string"
        )
    if len(value) > MAX_PROOF_VALUE_CHARS:
        msg = f"proofValue has {len(value)} characters; a signature has far fewer"
        return Check.fail(CheckName.PROOF, CheckCode.PROOF_VALUE_LENGTH_INVALID, msg)
    if value[0] != BASE58BTC_HEADER:
        msg = f"proofValue must be base58-btc Multibase (header 'z'), not header {value[0]!r}"
        return Check.fail(CheckName.PROOF, CheckCode.PROOF_VALUE_NOT_MULTIBASE, msg)
    try:
        return base58btc_decode(value[1:], what="proofValue")
    except KeyMaterialError as exc:
        return Check.fail(CheckName.PROOF, CheckCode.PROOF_VALUE_INVALID, exc.message)


def proof_value_length_check(proof_bytes: bytes, key_type: str) -> Check | None:
    """A ``failed`` check when ``proof_bytes`` is not the signature length of a ``key_type`` key."""
    expected = SIGNATURE_LENGTHS.get(key_type)
    if expected is None or len(proof_bytes) == expected:
        return None
    msg = f"proofValue decodes to {len(proof_bytes)} bytes; a {key_type} signature is {expected} bytes"
    return Check.fail(
        CheckName.PROOF, CheckCode.PROOF_VALUE_LENGTH_INVALID, msg, expected=expected, actual=len(proof_bytes)
    )
