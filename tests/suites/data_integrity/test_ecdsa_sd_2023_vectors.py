"""ecdsa-sd-2023 (vc-di-ecdsa 1.0 §3.4): the W3C vectors, every intermediate step, byte for byte.

Base proof (add*): proof configuration, canonical and HMAC-labelled N-Quads, the mandatory split, the hashes, the
raw signatures and the signed base document (reproduced exactly where ECDSA signing is deterministic, RFC 6979).
Derived proof (derived*): the recovered base data, every group, the indexes, the adjusted mandatory indexes and
signatures, the disclosure data and the reveal document. Verification (verify*): the parsed derived proofValue,
the label-replaced N-Quads and createVerifyData; then ``microcred.verify`` accepts the derived document.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from microcred import verify
from microcred.clock import FixedClock, parse_datetime
from microcred.jsonld import canonicalize
from microcred.jsonld.loader import DocumentLoader
from microcred.keys import base58btc_encode
from microcred.suites.base import ProofOptions
from microcred.suites.ecdsa_sd_2023 import EcdsaSd2023
from microcred.suites.ecdsa_sd_derive import create_disclosure_data, derive
from microcred.suites.sd_primitives import canonicalize_and_group, hmac_label_map_function, select_json_ld
from microcred.suites.sd_proof_value import parse_base_proof_value, parse_derived_proof_value

from .sd_vectors import SD_IDS, SD_VECTORS, SdVector, as_map

NOW = "2025-01-15T12:00:00Z"
each = pytest.mark.parametrize("vector", SD_VECTORS, ids=SD_IDS)
SUITE = EcdsaSd2023()


def hexes(values: list[bytes]) -> list[str]:
    return [v.hex() for v in values]


def z(data: bytes) -> str:
    return "z" + base58btc_encode(data)


def proof_options(vector: SdVector) -> dict[str, Any]:
    return {k: v for k, v in vector.base["proof"].items() if k != "proofValue"}


# -- base proof --------------------------------------------------------------------------------------------------
@each
def test_proof_configuration(vector: SdVector, loader: DocumentLoader) -> None:
    config = vector.step("addProofConfig.json")
    assert proof_options(vector) == {k: v for k, v in config.items() if k != "@context"}
    assert config["@context"] == vector.unsecured["@context"]
    canonical = SUITE.proof_configuration(vector.unsecured, proof_options(vector), "sha256", loader)
    assert canonical == vector.step("addProofConfigCanon.txt")


@each
def test_pointer_values(vector: SdVector) -> None:
    for entry in vector.step("addPointerValues.json"):
        selected = select_json_ld(vector.unsecured, [entry["pointer"]])
        assert selected is not None
        node: Any = selected
        for token in entry["pointer"][1:].split("/"):
            node = node[int(token) if isinstance(node, list) else token]
        assert node == entry["value"]


@each
def test_canonical_and_hmac_labelled_nquads(vector: SdVector, loader: DocumentLoader) -> None:
    plain = canonicalize(vector.unsecured, loader=loader)
    assert plain.splitlines(keepends=True) == vector.step("addBaseDocCanon.json")
    grouped = canonicalize_and_group(
        vector.unsecured, hmac_label_map_function(vector.hmac_key()), {"mandatory": []}, loader
    )
    assert grouped.nquads == vector.step("addBaseDocHMACCanon.json")


@each
def test_base_transformation(vector: SdVector, loader: DocumentLoader) -> None:
    expected = vector.step("addBaseTransform.json")
    assert expected["mandatoryPointers"] == vector.mandatory_pointers
    mandatory, non_mandatory = SUITE.base_transformation(
        vector.unsecured, vector.mandatory_pointers, vector.hmac_key(), loader
    )
    assert mandatory == as_map(expected["mandatory"])
    assert non_mandatory == as_map(expected["nonMandatory"])


@each
def test_base_hashing(vector: SdVector, loader: DocumentLoader) -> None:
    expected = vector.step("addHashData.json")
    transform = vector.step("addBaseTransform.json")
    proof_hash, mandatory_hash = SUITE.base_hashing(
        vector.step("addProofConfigCanon.txt"), as_map(transform["mandatory"])
    )
    assert (proof_hash.hex(), mandatory_hash.hex()) == (expected["proofHash"], expected["mandatoryHash"])


@each
def test_base_signatures(vector: SdVector) -> None:
    raw = vector.step("addRawBaseSignatureInfo.json")
    hashes = vector.step("addHashData.json")
    non_mandatory = list(as_map(vector.step("addBaseTransform.json")["nonMandatory"]).values())
    proof_key = vector.proof_key()
    assert proof_key.public_key_multibase == raw["publicKey"]
    parsed = parse_base_proof_value(vector.base["proof"]["proofValue"])
    assert z(parsed.public_key) == raw["publicKey"] and parsed.public_key[:2] == bytes.fromhex("8024")
    assert parsed.base_signature.hex() == raw["baseSignature"]
    assert hexes(parsed.signatures) == raw["signatures"]
    assert parsed.mandatory_pointers == raw["mandatoryPointers"]
    data = SUITE.base_signature_data(
        bytes.fromhex(hashes["proofHash"]), parsed.public_key, bytes.fromhex(hashes["mandatoryHash"])
    )
    assert vector.issuer_key().public().verify(data, parsed.base_signature, "ES256")
    assert len(parsed.signatures) == len(non_mandatory)
    for sig, line in zip(parsed.signatures, non_mandatory, strict=True):
        assert proof_key.public().verify(line.encode(), sig, "ES256")


@each
def test_create_base_proof_reproduces_the_vector(vector: SdVector, loader: DocumentLoader) -> None:
    options = ProofOptions(
        clock=FixedClock(NOW),
        loader=loader,
        created=parse_datetime(vector.base["proof"]["created"]),
        verification_method=vector.issuer_key().kid,
        extra={
            "mandatory_pointers": vector.mandatory_pointers,
            "sd_hmac_key": vector.hmac_key(),
            "sd_proof_key": vector.proof_key(),
        },
    )
    proof = SUITE.create_proof(vector.unsecured, vector.issuer_key(), options)
    key = vector.issuer_key()
    if key.sign(b"probe", "ES256") == key.sign(b"probe", "ES256"):  # RFC 6979 nonces: exact bytes
        assert proof == vector.base["proof"]
    else:
        assert {k: v for k, v in proof.items() if k != "proofValue"} == proof_options(vector)


# -- derived proof -------------------------------------------------------------------------------------------
@each
def test_recovered_base_data(vector: SdVector) -> None:
    expected = vector.step("derivedRecoveredBaseData.json")
    parsed = parse_base_proof_value(vector.base["proof"]["proofValue"])
    assert parsed.base_signature.hex() == expected["baseSignature"]
    assert z(parsed.public_key) == expected["proofPublicKey"]
    assert parsed.hmac_key.hex() == expected["hmacKey"]
    assert hexes(parsed.signatures) == expected["signatures"]
    assert parsed.mandatory_pointers == expected["mandatoryPointers"]


def disclosure(vector: SdVector, loader: DocumentLoader) -> Any:
    base = parse_base_proof_value(vector.base["proof"]["proofValue"])
    return create_disclosure_data(vector.unsecured, base, vector.selective_pointers, loader)


@each
def test_groups(vector: SdVector, loader: DocumentLoader) -> None:
    data = disclosure(vector, loader)
    expected = vector.step("derivedAllGroupData.json")
    assert data.grouped.nquads == expected["nquads"]
    for name in ("mandatory", "selective", "combined"):
        group = data.grouped.groups[name]
        assert group.matching == as_map(expected["groups"][name]["matching"]), name
        assert group.non_matching == as_map(expected["groups"][name]["nonMatching"]), name
        # the skolem labels are random: compare the deskolemized N-Quads up to blank node labels
        assert len(set(group.deskolemized)) == len(expected["groups"][name]["deskolemizedNQuads"]), name
    indexes = vector.step("derivedGroupIndexes.json")
    groups = data.grouped.groups
    assert sorted(groups["combined"].matching) == indexes["combinedIndexes"]
    assert sorted(groups["mandatory"].matching) == indexes["mandatoryIndexes"]
    assert sorted(groups["mandatory"].non_matching) == indexes["nonMandatoryIndexes"]
    assert sorted(groups["selective"].matching) == indexes["selectiveIndexes"]


@each
def test_adjusted_indexes_and_signatures(vector: SdVector, loader: DocumentLoader) -> None:
    data = disclosure(vector, loader)
    assert (
        data.value.mandatory_indexes == vector.step("derivedAdjMandatoryIndexes.json")["adjMandatoryIndexes"]
    )
    expected = vector.step("derivedAdjSignatures.json")
    assert hexes(data.value.signatures) == expected["filteredSignatures"]
    base = parse_base_proof_value(vector.base["proof"]["proofValue"])
    assert [base.signatures.index(s) for s in data.value.signatures] == expected["adjSignatureIndexes"]


@each
def test_disclosure_data(vector: SdVector, loader: DocumentLoader) -> None:
    data = disclosure(vector, loader)
    expected = vector.step("derivedDisclosureData.json")
    assert data.value.base_signature.hex() == expected["baseSignature"]
    assert z(data.value.public_key) == expected["publicKey"]
    assert hexes(data.value.signatures) == expected["signatures"]
    assert data.value.label_map == as_map(expected["labelMap"])
    assert data.value.mandatory_indexes == expected["mandatoryIndexes"]
    assert data.reveal_document == vector.step("derivedUnsignedReveal.json")


@each
def test_derive_reproduces_the_reveal_document(vector: SdVector, loader: DocumentLoader) -> None:
    assert derive(vector.base, vector.selective_pointers, loader=loader) == vector.step(
        "derivedRevealDocument.json"
    )


# -- verification --------------------------------------------------------------------------------------------
@each
def test_parse_derived_proof_value(vector: SdVector) -> None:
    expected = vector.step("verifyDerivedProofValue.json")
    parsed = parse_derived_proof_value(vector.step("derivedRevealDocument.json")["proof"]["proofValue"])
    assert parsed.base_signature.hex() == expected["baseSignature"]
    assert z(parsed.public_key) == expected["publicKey"]
    assert hexes(parsed.signatures) == expected["signatures"]
    assert parsed.label_map == dict(expected["labelMap"])
    assert parsed.mandatory_indexes == expected["mandatoryIndexes"]


@each
def test_create_verify_data(vector: SdVector, loader: DocumentLoader) -> None:
    derived = vector.step("derivedRevealDocument.json")
    unsecured = {k: v for k, v in derived.items() if k != "proof"}
    value = parse_derived_proof_value(derived["proof"]["proofValue"])
    proof_hash, mandatory, non_mandatory, mandatory_hash = SUITE.create_verify_data(
        unsecured, derived["proof"], value, loader
    )
    nquads = vector.step("verifyNQuads.json")
    assert sorted(mandatory + non_mandatory) == nquads
    expected = vector.step("verifyCreateVerifyData.json")
    assert proof_hash.hex() == expected["proofHash"]
    assert non_mandatory == expected["nonMandatory"]
    assert (
        mandatory_hash.hex()
        == expected["mandatoryHash"]
        == hashlib.sha256("".join(mandatory).encode()).hexdigest()
    )
    assert value.base_signature.hex() == expected["baseSignature"]
    assert hexes(value.signatures) == expected["signatures"]
    assert z(value.public_key) == expected["publicKey"]


@each
def test_microcred_verify_accepts_the_derived_document(vector: SdVector) -> None:
    result = verify(vector.step("derivedRevealDocument.json"), resolver=vector.resolver(), now=NOW)
    assert result.verified, [c.to_dict() for c in result.errors]
    assert result.format == "ecdsa-sd-2023" and result.check("proof").code == "PROOF_VALID"


@each
def test_the_base_document_is_not_verifiable(vector: SdVector) -> None:
    result = verify(vector.base, resolver=vector.resolver(), now=NOW)
    assert not result.verified
    assert result.check("proof").code == "PROOF_BASE_NOT_VERIFIABLE"
