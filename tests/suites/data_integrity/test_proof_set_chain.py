"""vc-di-eddsa's proof set and proof chain vectors (Appendix B.5), rebuilt with add_proof and verified."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from microcred import verify
from microcred.clock import FixedClock, parse_datetime
from microcred.keys import Key
from microcred.resolve import StaticResolver
from microcred.suites.base import ProofOptions
from microcred.suites.eddsa_rdfc_2022 import EddsaRdfc2022
from microcred.suites.proofs import add_proof

from .vectors import VECTORS

FOLDER = VECTORS / "vc-di-eddsa" / "proof-set-chain"
NOW = "2026-01-15T12:00:00Z"
ISSUER = "https://vc.example/issuers/5678"


def load(name: str) -> Any:
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def keys() -> list[Key]:
    pairs = load("multiKeyPairs.json")
    out = []
    for i in range(1, 5):
        pair = pairs[f"keyPair{i}"]
        public = pair["publicKeyMultibase"]
        out.append(Key.from_multibase(public, pair["privateKeyMultibase"], kid=f"did:key:{public}#{public}"))
    return out


def resolver() -> StaticResolver:
    entry = {"type": "Multikey", "controller": ISSUER, "relationships": ["assertionMethod"]}
    return StaticResolver(
        {str(k.kid): entry | {"publicKeyMultibase": k.public_key_multibase} for k in keys()}
    )


def options_for(config_file: str) -> ProofOptions:
    config = load(config_file)
    return ProofOptions(
        clock=FixedClock(NOW),
        created=parse_datetime(config["created"]),
        verification_method=config["verificationMethod"],
        proof_id=config.get("id"),
        previous_proof=config.get("previousProof"),
    )


def test_proof_set_and_chain_reproduce_byte_for_byte() -> None:
    suite, (k1, k2, k3, k4) = EddsaRdfc2022(), keys()
    doc = add_proof(load("unsigned.json"), suite, k1, options_for("proofSetConfig1.json"))
    assert doc == load("signedProofSet1.json")
    doc = add_proof(doc, suite, k2, options_for("proofSetConfig2.json"))
    assert doc == load("signedProofSet2.json")
    doc = add_proof(doc, suite, k3, options_for("proofChainConfig1.json"))
    assert doc == load("signedProofChain1.json")
    doc = add_proof(doc, suite, k4, options_for("proofChainConfig2.json"))
    assert doc == load("signedProofChain2.json")


def test_chained_proof_signs_the_temporary_document() -> None:
    """§4.3 step 6: the chained proof secures the document plus the proofs it names (proofChainTempDoc*)."""
    suite, (_, _, k3, k4) = EddsaRdfc2022(), keys()
    for temp, config, signed, key in (
        ("proofChainTempDoc1.json", "proofChainConfig1.json", "proofChainConfigSigned1.json", k3),
        ("proofChainTempDoc2.json", "proofChainConfig2.json", "proofChainConfigSigned2.json", k4),
    ):
        proof = suite.create_proof(load(temp), key, options_for(config))
        assert proof == load(signed)


@pytest.mark.parametrize(
    "name",
    ["signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"],
)
def test_each_proof_is_verified_and_reported(name: str) -> None:
    document = load(name)
    count = len(document["proof"]) if isinstance(document["proof"], list) else 1
    result = verify(document, resolver=resolver(), now=NOW)
    proofs = [c for c in result.checks if c.name == "proof"]
    assert result.verified, [c.to_dict() for c in result.errors]
    assert [c.details["index"] for c in proofs] == list(range(count))
    assert {c.code for c in proofs} == {"PROOF_VALID"}


def test_tampered_first_proof_breaks_the_whole_chain() -> None:
    document = copy.deepcopy(load("signedProofChain2.json"))
    document["proof"][0]["created"] = "2023-02-24T23:36:39Z"
    proofs = [c for c in verify(document, resolver=resolver(), now=NOW).checks if c.name == "proof"]
    # #0 is tampered; #2 signs over #0; #3 signs over #2 only but may not count as verified (§2.1 previousProof)
    assert [c.code for c in proofs] == [
        "PROOF_SIGNATURE_INVALID",
        "PROOF_VALID",
        "PROOF_SIGNATURE_INVALID",
        "PREVIOUS_PROOF_NOT_VERIFIED",
    ]


def test_chain_needs_its_previous_proof() -> None:
    document = copy.deepcopy(load("signedProofChain2.json"))
    del document["proof"][2]  # the proof #3 chains to
    proofs = [c for c in verify(document, resolver=resolver(), now=NOW).checks if c.name == "proof"]
    assert [c.code for c in proofs] == ["PROOF_VALID", "PROOF_VALID", "PREVIOUS_PROOF_MISSING"]
