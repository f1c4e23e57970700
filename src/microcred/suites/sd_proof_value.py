"""The ``proofValue`` of ecdsa-sd-2023 proofs: CBOR behind a three-byte header, in base64url-no-pad Multibase.

vc-di-ecdsa 1.0 §3.4.x serializeBaseProofValue / parseBaseProofValue: header ``0xd9 0x5d 0x00`` and the CBOR
array [baseSignature, publicKey, hmacKey, signatures, mandatoryPointers]; serializeDerivedProofValue /
parseDerivedProofValue: header ``0xd9 0x5d 0x01`` and [baseSignature, publicKey, signatures, compressed label map,
mandatoryIndexes], the label map compressed (compressLabelMap) to integer keys (``c14nN`` -> N) and byte values
(``u<base64url>`` -> the HMAC bytes). The Multibase header is ``u`` (base64url, no padding).

CBOR is read with the ``cbor2`` package (small, well kept) and every field's type and length is then checked
here, so a malformed value is a :class:`~microcred.errors.InputError` saying which field, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cbor2

from ..base64url import b64url_decode_strict, b64url_encode
from ..errors import InputError

BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
#: The longest proofValue read (a credential with thousands of statements is far below it).
MAX_PROOF_VALUE_CHARS = 2 * 1024 * 1024
#: Multikey header of a P-256 public key (0x1200 as varint) followed by the 33-byte compressed point.
P256_MULTIKEY_HEADER = b"\x80\x24"


@dataclass(frozen=True)
class BaseProofValue:
    """The components of a base proof (the issuer's, given to the holder)."""

    base_signature: bytes
    public_key: bytes  # P-256 Multikey bytes of the proof-scoped key
    hmac_key: bytes
    signatures: list[bytes]
    mandatory_pointers: list[str]


@dataclass(frozen=True)
class DerivedProofValue:
    """The components of a derived proof (the holder's, given to a verifier)."""

    base_signature: bytes
    public_key: bytes
    signatures: list[bytes]
    label_map: dict[str, str]  # c14nN -> u<base64url>
    mandatory_indexes: list[int]


def _encode(header: bytes, items: list[Any]) -> str:
    return "u" + b64url_encode(header + cbor2.dumps(items))


def serialize_base_proof_value(value: BaseProofValue) -> str:
    """serializeBaseProofValue."""
    return _encode(
        BASE_HEADER,
        [value.base_signature, value.public_key, value.hmac_key, value.signatures, value.mandatory_pointers],
    )


def serialize_derived_proof_value(value: DerivedProofValue) -> str:
    """serializeDerivedProofValue, with compressLabelMap."""
    compressed = {
        int(k.removeprefix("c14n")): b64url_decode_strict(v[1:], what="label")
        for k, v in value.label_map.items()
    }
    return _encode(
        DERIVED_HEADER,
        [value.base_signature, value.public_key, value.signatures, compressed, value.mandatory_indexes],
    )


def proof_value_bytes(proof_value: Any) -> bytes:
    """The bytes of a ``u``-Multibase proofValue (InputError if it is not one)."""
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise InputError("an ecdsa-sd-2023 proofValue is base64url Multibase (header 'u')")
    if len(proof_value) > MAX_PROOF_VALUE_CHARS:
        raise InputError(f"proofValue is longer than {MAX_PROOF_VALUE_CHARS} characters")
    return b64url_decode_strict(proof_value[1:], what="proofValue")


def _items(data: bytes, header: bytes, what: str) -> list[Any]:
    if data[:3] != header:
        raise InputError(f"the proofValue is not a {what} proof value (header {data[:3].hex()})")
    try:
        items = cbor2.loads(data[3:])
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise InputError(f"the {what} proofValue is not valid CBOR: {exc}") from exc
    if not isinstance(items, list) or len(items) != 5:
        raise InputError(f"the {what} proofValue must be a CBOR array of 5 items")
    return items


def _bytes(value: Any, length: int | None, what: str) -> bytes:
    if not isinstance(value, bytes) or (length is not None and len(value) != length):
        size = f"{length} " if length is not None else ""
        raise InputError(f"{what} must be a {size}byte string")
    return value


def _signatures(value: Any) -> list[bytes]:
    if not isinstance(value, list):
        raise InputError("signatures must be an array")
    return [_bytes(s, 64, f"signature #{i}") for i, s in enumerate(value)]


def _public_key(value: Any) -> bytes:
    key = _bytes(value, 35, "publicKey")
    if not key.startswith(P256_MULTIKEY_HEADER):
        raise InputError("publicKey must be a P-256 Multikey")
    return key


def parse_base_proof_value(proof_value: Any) -> BaseProofValue:
    """parseBaseProofValue."""
    items = _items(proof_value_bytes(proof_value), BASE_HEADER, "base")
    pointers = items[4]
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise InputError("mandatoryPointers must be an array of strings")
    return BaseProofValue(
        _bytes(items[0], 64, "baseSignature"),
        _public_key(items[1]),
        _bytes(items[2], 32, "hmacKey"),
        _signatures(items[3]),
        pointers,
    )


def parse_derived_proof_value(proof_value: Any) -> DerivedProofValue:
    """parseDerivedProofValue, with decompressLabelMap."""
    items = _items(proof_value_bytes(proof_value), DERIVED_HEADER, "derived")
    compressed, indexes = items[3], items[4]
    if not isinstance(compressed, dict) or not all(
        isinstance(k, int) and not isinstance(k, bool) and k >= 0 for k in compressed
    ):
        raise InputError("the label map must be a CBOR map from non-negative integers")
    label_map = {f"c14n{k}": "u" + b64url_encode(_bytes(v, 32, "label")) for k, v in compressed.items()}
    if not isinstance(indexes, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in indexes
    ):
        raise InputError("mandatoryIndexes must be an array of non-negative integers")
    return DerivedProofValue(
        _bytes(items[0], 64, "baseSignature"),
        _public_key(items[1]),
        _signatures(items[2]),
        label_map,
        indexes,
    )
