"""The W3C vc-di-eddsa / vc-di-ecdsa vectors and the Open Badges 3.0 vector, byte for byte, then verified.

Each step of the cryptosuite (vc-di-eddsa / vc-di-ecdsa §3.2.3 transformation, §3.2.5 proof configuration,
§3.2.4 hashing, §3.2.6 serialization) is compared with the vector's intermediate file; Ed25519 signatures are
deterministic and reproduced, and so are ECDSA ones where OpenSSL signs with RFC 6979 nonces (else the given
signature is verified and a fresh one checked); finally ``microcred.verify`` accepts the signed credential.
"""

from __future__ import annotations

from typing import Any

import pytest

from microcred import verify
from microcred.clock import FixedClock, parse_datetime
from microcred.jsonld.loader import DocumentLoader
from microcred.suites.base import ProofOptions
from microcred.suites.data_integrity import RdfcCryptosuite
from microcred.suites.proof_value import decode_proof_value, encode_proof_value
from microcred.suites.registry import suite_for_proof

from .vectors import VECTOR_IDS, VECTOR_LIST, Vector

NOW = "2026-01-15T12:00:00Z"
each_vector = pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)


def suite_of(vector: Vector) -> RdfcCryptosuite:
    suite = suite_for_proof(vector.proof)
    assert isinstance(suite, RdfcCryptosuite), vector.proof.get("type")
    return suite


def deterministic(vector: Vector) -> bool:
    """Ed25519 always; ECDSA when OpenSSL signs with RFC 6979 nonces (then the ECDSA vectors reproduce too)."""
    return vector.key.sign(b"probe", vector.key.alg) == vector.key.sign(b"probe", vector.key.alg)


def algorithm(vector: Vector) -> Any:
    return suite_of(vector).hash_algorithm(vector.key.key_type)


def test_vector_set_is_complete() -> None:
    names = set(VECTOR_IDS)
    assert {
        "vc-di-eddsa/eddsa-rdfc-2022",
        "vc-di-eddsa/eddsa-rdfc-2022/employ",
        "vc-di-eddsa/Ed25519Signature2020",
    } <= names
    assert {f"vc-di-ecdsa/ecdsa-rdfc-2019-{c}{e}" for c in ("p256", "p384") for e in ("", "/employ")} <= names
    assert {
        "vc-di-eddsa/eddsa-jcs-2022",
        "vc-di-ecdsa/ecdsa-jcs-2019-p256",
        "vc-di-ecdsa/ecdsa-jcs-2019-p384",
    } <= names
    assert "ob3/ob-eddsa-rdfc-2022-vector" in names


@each_vector
def test_transformation_gives_the_canonical_document(vector: Vector, loader: DocumentLoader) -> None:
    suite = suite_of(vector)
    assert suite.transformation(vector.unsigned, vector.proof_config, algorithm(vector), loader) == (
        vector.canonical_document
    )


@each_vector
def test_proof_configuration_gives_the_canonical_proof(vector: Vector, loader: DocumentLoader) -> None:
    suite = suite_of(vector)
    options = {k: v for k, v in vector.proof_config.items() if k != "@context"}
    # the JCS suites' proofs carry the document's @context (vc-di-eddsa / vc-di-ecdsa §3.3.1 step 5)
    assert options == {k: v for k, v in vector.proof.items() if k not in ("proofValue", "@context")}
    canonical = suite.proof_configuration(vector.unsigned, options, algorithm(vector), loader)
    assert canonical == vector.canonical_proof_config


@each_vector
def test_hashing(vector: Vector) -> None:
    hash_data = RdfcCryptosuite.hashing(
        vector.canonical_document, vector.canonical_proof_config, algorithm(vector)
    )
    assert hash_data.hex() == vector.combined_hash == vector.proof_hash + vector.document_hash
    assert len(hash_data) == (96 if vector.key.key_type == "P-384" else 64)


@each_vector
def test_signature(vector: Vector) -> None:
    suite = suite_of(vector)
    hash_data = bytes.fromhex(vector.combined_hash)
    signature = bytes.fromhex(vector.signature_hex)
    assert encode_proof_value(signature) == vector.proof_value == vector.proof["proofValue"]
    assert decode_proof_value(vector.proof_value) == signature
    assert suite.proof_verification(hash_data, signature, vector.key.public())
    fresh = suite.proof_serialization(hash_data, vector.key)
    if deterministic(vector):  # Ed25519, and ECDSA with RFC 6979 nonces (the W3C ECDSA vectors use them)
        assert fresh == signature
    else:
        assert fresh != signature and suite.proof_verification(hash_data, fresh, vector.key.public())


@each_vector
def test_create_proof_reproduces_the_signed_proof(vector: Vector, loader: DocumentLoader) -> None:
    suite = suite_of(vector)
    options = ProofOptions(
        clock=FixedClock(NOW),
        loader=loader,
        created=parse_datetime(vector.proof["created"]),
        verification_method=vector.key.kid,
        proof_purpose=vector.proof["proofPurpose"],
    )
    if suite.proof_type != "DataIntegrityProof":  # Ed25519Signature2020 is verify-only: no options for it
        proof = {k: v for k, v in vector.proof.items() if k != "proofValue"}
        hash_data = suite.hash_data(vector.unsigned, proof, vector.key.key_type, loader)
        proof["proofValue"] = encode_proof_value(suite.proof_serialization(hash_data, vector.key))
    else:
        proof = suite.create_proof(vector.unsigned, vector.key, options)
    if deterministic(vector):
        assert proof == vector.proof
    else:
        assert {k: v for k, v in proof.items() if k != "proofValue"} == (
            {k: v for k, v in vector.proof.items() if k != "proofValue"}
        )
        assert verify(vector.unsigned | {"proof": proof}, resolver=vector.resolver(), now=NOW).verified


@each_vector
def test_microcred_verify_accepts_the_vector(vector: Vector) -> None:
    result = verify(vector.signed, resolver=vector.resolver(), now=NOW)
    assert result.verified, [c.to_dict() for c in result.errors]
    proof = result.check("proof")
    assert proof.code == "PROOF_VALID" and proof.details["verificationMethod"] == vector.key.kid
    assert result.format == suite_of(vector).name


def test_p384_hashes_with_sha384_inside_rdfc(loader: DocumentLoader) -> None:
    """vc-di-ecdsa §3.2.4: with SHA-256 inside RDFC-1.0 the employ vector's blank node labels come out different."""
    vector = next(v for v in VECTOR_LIST if v.name == "vc-di-ecdsa/ecdsa-rdfc-2019-p384/employ")
    suite = suite_of(vector)
    assert suite.hash_algorithm("P-384") == "sha384" and suite.hash_algorithm("P-256") == "sha256"
    with_sha256 = suite.transformation(vector.unsigned, vector.proof_config, "sha256", loader)
    assert with_sha256 != vector.canonical_document
