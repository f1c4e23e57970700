"""Shared by the embedded-proof case builders: the per-format profile and proof-editing helpers."""

from __future__ import annotations

import copy
import json
from typing import Any

from microcred.keys import Key, base58btc_decode, base58btc_encode

from .corpus_kit import (
    b64d,
    b64e,
    sign,
    v1_credential,
    v2_credential,
)


class Profile:
    """What differs between the three embedded formats."""

    def __init__(self, fmt: str, key: Key, mallory: Key, other_type: Key, model: str, core: bool) -> None:
        self.fmt, self.key, self.mallory, self.other_type, self.model = fmt, key, mallory, other_type, model
        #: The full set of cases (eddsa-rdfc-2022, jws-2020) or the ones that exercise suite-specific code.
        self.full = not core
        self.jws = fmt == "jws-2020"
        self.bad_signature = "SIGNATURE_INVALID" if self.jws else "PROOF_SIGNATURE_INVALID"
        self.start, self.end = (
            ("issuanceDate", "expirationDate") if model == "v1" else ("validFrom", "validUntil")
        )

    def credential(self, issuer: Any | None = None, **members: Any) -> dict[str, Any]:
        make = v1_credential if self.model == "v1" else v2_credential
        return make(self.key.controller if issuer is None else issuer, **members)


def signed(p: Profile, doc: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    out = sign(doc if doc is not None else p.credential(), p.key, p.fmt, **options)
    assert isinstance(out, dict)
    return out


def proof_of(doc: dict[str, Any]) -> dict[str, Any]:
    proof = doc["proof"]
    assert isinstance(proof, dict)
    return proof


def with_signature_bytes(p: Profile, doc: dict[str, Any], change: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    proof = proof_of(out)
    if p.jws:
        header, _, signature = proof["jws"].split(".")
        proof["jws"] = f"{header}..{b64e(change(b64d(signature)))}"
    else:
        proof["proofValue"] = "z" + base58btc_encode(change(base58btc_decode(proof["proofValue"][1:])))
    return out


def duplicate_member(doc: dict[str, Any], member: str, value: Any, *, inside_proof: bool = False) -> str:
    """JSON text of ``doc`` with ``member`` written twice (the second time with ``value``)."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    indent = "    " if inside_proof else "  "
    needle = f'\n{indent}"{member}": '
    at = text.index(needle, text.index('"proof"') if inside_proof else 0)
    return text[:at] + f"{needle}{json.dumps(value)}," + text[at:]


def der(signature: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    half = len(signature) // 2
    return encode_dss_signature(
        int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
    )
