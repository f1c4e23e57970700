"""Tampering with any signed statement, with the proof options or with the proofValue fails the ``proof`` check.

The document mutations change one value at each leaf of the signed vectors (every RDF statement of the
document has one), drop members and add statements; a few edits that leave the RDF dataset unchanged (key order,
order of ``type``) must still verify, so the harness cannot pass by rejecting everything.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from microcred import verify
from microcred.keys import base58btc_decode, base58btc_encode
from microcred.verification.results import VerificationResult

from .vectors import VECTOR_IDS, VECTOR_LIST, Vector

NOW = "2026-01-15T12:00:00Z"
BY_NAME = {v.name: v for v in VECTOR_LIST}


def run(vector: Vector, document: dict[str, Any]) -> VerificationResult:
    return verify(document, resolver=vector.resolver(), now=NOW)


def proof_codes(result: VerificationResult) -> list[str]:
    return [c.code for c in result.checks if c.name == "proof" and not c.passed]


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of the string leaves of a document (not its @context)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("@context", "proof"):
                yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, (*path, i))
    elif isinstance(value, str):
        yield path


def set_at(document: dict[str, Any], path: tuple[Any, ...], new: Any) -> None:
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new


LEAF_CASES = [(v.name, path) for v in VECTOR_LIST for path in leaves(v.unsigned)]


@pytest.mark.parametrize(
    ("name", "path"), LEAF_CASES, ids=[f"{n}:{'.'.join(map(str, p))}" for n, p in LEAF_CASES]
)
def test_changing_any_signed_value_fails(name: str, path: tuple[Any, ...]) -> None:
    vector = BY_NAME[name]
    document = copy.deepcopy(vector.signed)
    target: Any = document
    for step in path:
        target = target[step]
    set_at(document, path, target[:-1] + ("0" if target[-1:] != "0" else "1"))
    codes = proof_codes(run(vector, document))
    assert codes and set(codes) <= {"PROOF_SIGNATURE_INVALID", "DATA_LOSS_DETECTION_ERROR"}, codes


def _drop_first_member(doc: dict[str, Any]) -> None:
    del doc[next(k for k in doc if k not in ("@context", "proof", "id", "type"))]


def _drop_subject_member(doc: dict[str, Any]) -> None:
    subject = doc["credentialSubject"]
    del subject[next(k for k in subject if k != "type")]


DOCUMENT_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "drop-a-member": _drop_first_member,
    "drop-a-subject-member": _drop_subject_member,
    "add-a-type": lambda d: d.update(type=[*d["type"], "https://vocab.example/ExtraCredential"]),
    "add-a-statement": lambda d: d.update(validUntil="2099-01-01T00:00:00Z"),
    "change-the-issuer": lambda d: d.update(issuer="https://attacker.example/issuer"),
    "add-a-second-subject": lambda d: d.update(
        credentialSubject=[d["credentialSubject"], {"id": "did:example:x"}]
    ),
}


@pytest.mark.parametrize("edit", DOCUMENT_EDITS)
@pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)
def test_document_edits_fail(vector: Vector, edit: str) -> None:
    document = copy.deepcopy(vector.signed)
    DOCUMENT_EDITS[edit](document)
    assert proof_codes(run(vector, document)) == ["PROOF_SIGNATURE_INVALID"]


@pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)
def test_edits_that_keep_the_dataset_still_verify(vector: Vector) -> None:
    document = dict(reversed(copy.deepcopy(vector.signed).items()))  # member order
    document["proof"] = dict(reversed(document["proof"].items()))
    if (
        "-jcs-" in vector.name
    ):  # JCS signs the JSON: member order is free (RFC 8785 sorts), array order is not
        assert run(vector, document).verified
        document["type"] = list(reversed(document["type"]))
        assert proof_codes(run(vector, document)) == ["PROOF_SIGNATURE_INVALID"]
        return
    document["type"] = list(reversed(document["type"]))  # JSON-LD sets are unordered
    assert run(vector, document).verified


PROOF_EDITS: dict[str, dict[str, Any]] = {
    "created": {"created": "2024-01-01T00:00:00Z"},
    "add-expires": {"expires": "2099-01-01T00:00:00Z"},
    "add-domain": {"domain": "example.org"},
    "add-challenge": {"challenge": "1235abcd6789"},
    "add-nonce": {"nonce": "abc"},
    "add-id": {"id": "urn:uuid:3f2c3b1a-0000-4000-8000-000000000000"},
}


@pytest.mark.parametrize("edit", PROOF_EDITS)
@pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)
def test_proof_option_edits_fail(vector: Vector, edit: str) -> None:
    document = copy.deepcopy(vector.signed)
    document["proof"].update(PROOF_EDITS[edit])
    assert proof_codes(run(vector, document)) == ["PROOF_SIGNATURE_INVALID"]


def test_cryptosuite_renamed_to_the_pre_rec_name_fails() -> None:
    vector = BY_NAME["vc-di-eddsa/eddsa-rdfc-2022"]
    document = copy.deepcopy(vector.signed)
    document["proof"]["cryptosuite"] = "eddsa-2022"  # handled by the eddsa-2022 suite; the name is signed
    result = run(vector, document)
    assert result.format == "eddsa-2022" and proof_codes(result) == ["PROOF_SIGNATURE_INVALID"]


def _flip_byte(value: str) -> str:
    raw = bytearray(base58btc_decode(value[1:]))
    raw[10] ^= 0x01
    return "z" + base58btc_encode(bytes(raw))


def _reencode(value: str, change: Callable[[bytes], bytes]) -> str:
    return "z" + base58btc_encode(change(base58btc_decode(value[1:])))


PROOF_VALUE_EDITS: dict[str, tuple[Callable[[str], Any], str]] = {
    "flip-a-bit": (_flip_byte, "PROOF_SIGNATURE_INVALID"),
    "truncate": (lambda v: _reencode(v, lambda b: b[:-1]), "PROOF_VALUE_LENGTH_INVALID"),
    "append-a-byte": (lambda v: _reencode(v, lambda b: b + b"\0"), "PROOF_VALUE_LENGTH_INVALID"),
    "leading-zero-byte": (lambda v: "z1" + v[1:], "PROOF_VALUE_LENGTH_INVALID"),
    "base64url-header": (lambda v: "u" + v[1:], "PROOF_VALUE_NOT_MULTIBASE"),
    "base16-header": (lambda v: "f" + base58btc_decode(v[1:]).hex(), "PROOF_VALUE_NOT_MULTIBASE"),
    "not-base58": (lambda v: v[:-1] + "0", "PROOF_VALUE_INVALID"),
    "not-a-string": (lambda v: [v], "PROOF_VALUE_INVALID"),
    "empty": (lambda v: "", "PROOF_VALUE_INVALID"),
    "missing": (lambda v: None, "PROOF_VALUE_MISSING"),
}


@pytest.mark.parametrize("edit", PROOF_VALUE_EDITS)
@pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)
def test_proof_value_edits_fail(vector: Vector, edit: str) -> None:
    change, code = PROOF_VALUE_EDITS[edit]
    document = copy.deepcopy(vector.signed)
    new = change(document["proof"]["proofValue"])
    if new is None:
        del document["proof"]["proofValue"]
    else:
        document["proof"]["proofValue"] = new
    assert proof_codes(run(vector, document)) == [code]
