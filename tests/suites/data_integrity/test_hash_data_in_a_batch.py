"""Hash data in a batch worker (RdfcCryptosuite.hash_data / transformed_for_hashing with a SubtreeMemo): the same
bytes as outside one, the RDFC document hashed from its encoded lines (jsonld.canonicalize.canonicalize_to_hash)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.elm import to_elm
from microcred.jsonld import canonicalize
from microcred.jsonld.loader import DocumentLoader
from microcred.jsonld.processor import initial_context
from microcred.jsonld.subtree_memo import SubtreeMemo, remembering_subtrees
from microcred.model import MicroCredential, example_microcredential
from microcred.suites.data_integrity import RdfcCryptosuite
from microcred.suites.data_integrity_jcs import JcsCryptosuite
from microcred.suites.registry import suite_for_proof

from .vectors import VECTOR_IDS, VECTOR_LIST, Vector

EDDSA_OPTIONS = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2026-01-15T12:00:00Z",
    "verificationMethod": "did:example:issuer#key-1",
    "proofPurpose": "assertionMethod",
}


@pytest.fixture(autouse=True)
def room_in_the_context_cache() -> None:
    initial_context(None).derived.clear()


def suite_of(vector: Vector) -> RdfcCryptosuite:
    suite = suite_for_proof(vector.proof)
    assert isinstance(suite, RdfcCryptosuite)
    return suite


def options_of(vector: Vector) -> dict[str, Any]:
    return {k: v for k, v in vector.proof_config.items() if k != "@context"}


@pytest.mark.parametrize("vector", VECTOR_LIST, ids=VECTOR_IDS)
def test_the_vectors_hash_the_same_in_a_batch(vector: Vector, loader: DocumentLoader) -> None:
    suite = suite_of(vector)
    memo = SubtreeMemo()
    for _ in range(3):  # seen once, remembered, repeated
        with remembering_subtrees(memo):
            hash_data = suite.hash_data(vector.unsigned, options_of(vector), vector.key.key_type, loader)
        assert hash_data.hex() == vector.combined_hash


def credentials(count: int) -> list[dict[str, Any]]:
    base = example_microcredential().to_dict()
    docs = []
    for n in range(count):
        record = copy.deepcopy(base)
        record["learner"]["id"] = f"did:example:learner-{n}"
        record["learner"]["fullName"] = {"de": f"Lernende {n}"}
        docs.append(
            to_elm(MicroCredential.from_dict(record), data_model="v2", issuer_id="did:example:issuer")
        )
    return docs


def test_edc_credentials_are_hashed_from_encoded_lines(loader: DocumentLoader) -> None:
    suite = suite_for_proof(EDDSA_OPTIONS)
    assert isinstance(suite, RdfcCryptosuite)
    memo = SubtreeMemo()
    kinds = []
    for doc in credentials(4):
        plain = suite.transformed_for_hashing(doc, EDDSA_OPTIONS, "sha256", loader)
        assert plain == canonicalize(doc)  # outside a batch worker: the text
        with remembering_subtrees(memo):
            transformed = suite.transformed_for_hashing(doc, EDDSA_OPTIONS, "sha256", loader)
            hash_data = suite.hash_data(doc, EDDSA_OPTIONS, "Ed25519", loader)
        kinds.append(type(transformed))
        assert (transformed if isinstance(transformed, str) else transformed.decode()) == plain
        assert hash_data == suite.hash_data(doc, EDDSA_OPTIONS, "Ed25519", loader)
        assert hash_data == RdfcCryptosuite.hashing(
            plain, suite.proof_configuration(doc, EDDSA_OPTIONS, "sha256", loader), "sha256"
        )
    assert kinds[0] is str and kinds[-1] is bytes  # later credentials repeat remembered node objects


def test_a_wrong_suite_is_a_transformation_error(loader: DocumentLoader) -> None:
    suite = suite_for_proof(EDDSA_OPTIONS)
    assert isinstance(suite, RdfcCryptosuite)
    doc = credentials(1)[0]
    with pytest.raises(Exception, match="transformation: cryptosuite"):
        suite.transformed_for_hashing(doc, {**EDDSA_OPTIONS, "cryptosuite": "other"}, "sha256", loader)


def test_a_suite_with_its_own_transformation_uses_it(loader: DocumentLoader) -> None:
    jcs = next(suite_of(v) for v in VECTOR_LIST if "jcs" in v.name)
    assert isinstance(jcs, JcsCryptosuite)
    vector = next(v for v in VECTOR_LIST if "jcs" in v.name)
    got = jcs.transformed_for_hashing(vector.unsigned, options_of(vector), "sha256", loader)
    assert got == jcs.transformation(vector.unsigned, options_of(vector), "sha256", loader)
    assert got == vector.canonical_document


def test_hashing_takes_the_document_as_text_or_utf8() -> None:
    text = '<urn:a> <urn:p> "Grüße" .\n'
    assert RdfcCryptosuite.hashing(text, "x", "sha256") == RdfcCryptosuite.hashing(
        text.encode(), "x", "sha256"
    )
    assert RdfcCryptosuite.hashing(text, "x", "sha256") != RdfcCryptosuite.hashing(b"other", "x", "sha256")
