"""issue() -> verify() with eddsa-rdfc-2022 and ecdsa-rdfc-2019 for every key type they allow, and the policy checks.

Fixed keys (tests/data/keys) and a frozen clock; keys are did:key, resolved offline by the default resolver unless a
test says otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred import verify
from microcred.clock import FixedClock
from microcred.errors import KeyMaterialError, SafeModeError, UsageError
from microcred.issuer import issue
from microcred.keys import Key
from microcred.model.examples import example_microcredential, minimal_microcredential
from microcred.resolve import ChainResolver, KeyResolver, StaticResolver, default_resolver
from microcred.suites.base import ProofOptions
from microcred.suites.ecdsa_rdfc_2019 import EcdsaRdfc2019
from microcred.suites.proofs import add_proof
from microcred.verification.policy import VerificationPolicy
from microcred.verification.results import VerificationResult

NOW = "2026-01-15T12:00:00Z"
SUITE_KEYS = [
    ("eddsa-rdfc-2022", "Ed25519"),
    ("ecdsa-rdfc-2019", "P-256"),
    ("ecdsa-rdfc-2019", "P-384"),
    ("eddsa-jcs-2022", "Ed25519"),
    ("ecdsa-jcs-2019", "P-256"),
    ("ecdsa-jcs-2019", "P-384"),
]
SUITE_KEY_IDS = [f"{f}-{k}" for f, k in SUITE_KEYS]
DI_V2 = "https://w3id.org/security/data-integrity/v2"


def vc(version: str, issuer: str) -> dict[str, Any]:
    if version == "v2":
        return {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:1f0b9a43-8a5e-4b7a-9d0e-2d6c2c1e5b11",
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner", "name": "Ana"},
        }
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/2018/credentials/examples/v1",
        ],
        "id": "urn:uuid:1f0b9a43-8a5e-4b7a-9d0e-2d6c2c1e5b12",
        "type": ["VerifiableCredential", "UniversityDegreeCredential"],
        "issuer": issuer,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "degree": {"type": "BachelorDegree", "name": "BSc"},
        },
    }


def proof_codes(result: VerificationResult) -> list[str]:
    return [c.code for c in result.checks if c.name == "proof"]


@pytest.mark.parametrize(("fmt", "alg"), SUITE_KEYS, ids=SUITE_KEY_IDS)
@pytest.mark.parametrize("version", ["v2", "v1"])
def test_plain_vc_round_trip(fmt: str, alg: str, version: str, keys: dict[str, Key]) -> None:
    key = keys[alg]
    signed = issue(vc(version, str(key.controller)), key, format=fmt, now=NOW)
    assert isinstance(signed, dict)
    proof = signed["proof"]
    assert (proof["type"], proof["cryptosuite"], proof["verificationMethod"]) == (
        "DataIntegrityProof",
        fmt,
        key.kid,
    )
    assert proof["created"] == NOW and proof["proofValue"].startswith("z")
    # VC DI §2.4.2: the data integrity context is added only where the VC 2.0 context does not define the terms
    assert (DI_V2 in signed["@context"]) is (version == "v1")
    result = verify(signed, now=NOW)
    assert result.verified, [c.to_dict() for c in result.errors]
    assert result.format == fmt and proof_codes(result) == ["PROOF_VALID"]


@pytest.mark.parametrize(("fmt", "alg"), SUITE_KEYS, ids=SUITE_KEY_IDS)
@pytest.mark.parametrize(
    "make", [minimal_microcredential, example_microcredential], ids=["minimal", "example"]
)
def test_microcredential_round_trip(fmt: str, alg: str, make: Any, keys: dict[str, Key]) -> None:
    signed = issue(make(), keys[alg], format=fmt, now=NOW)
    assert isinstance(signed, dict) and signed["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    result = verify(signed, now=NOW)
    assert result.verified, [c.to_dict() for c in result.errors]
    signed["credentialSubject"]["id"] = "did:example:someone-else"
    assert proof_codes(verify(signed, now=NOW)) == ["PROOF_SIGNATURE_INVALID"]


def test_microcredential_as_vc_1_1(keys: dict[str, Key]) -> None:
    signed = issue(
        minimal_microcredential(), keys["Ed25519"], format="eddsa-rdfc-2022", now=NOW, data_model="v1"
    )
    assert isinstance(signed, dict) and DI_V2 in signed["@context"]
    assert verify(signed, now=NOW).verified


@pytest.mark.parametrize(
    ("fmt", "alg"),
    [("eddsa-rdfc-2022", "P-256"), ("ecdsa-rdfc-2019", "Ed25519"), ("ecdsa-rdfc-2019", "secp256k1")],
)
def test_issuing_with_a_key_the_suite_does_not_use_is_refused(
    fmt: str, alg: str, keys: dict[str, Key]
) -> None:
    with pytest.raises(KeyMaterialError, match=fmt):
        issue(vc("v2", str(keys[alg].controller)), keys[alg], format=fmt, now=NOW)


def test_verify_only_names_cannot_issue(keys: dict[str, Key]) -> None:
    for fmt in ("eddsa-2022", "ed25519-2020"):
        with pytest.raises(UsageError):
            issue(vc("v2", str(keys["Ed25519"].controller)), keys["Ed25519"], format=fmt, now=NOW)


def test_undefined_term_is_refused_when_issuing(keys: dict[str, Key]) -> None:
    """VC DI §2.4.3: VC 1.1 has no @vocab, so an undefined term would go unsigned: safe mode refuses it."""
    doc = vc("v1", str(keys["Ed25519"].controller))
    doc["credentialSubject"]["undefinedTerm"] = "not signed"
    with pytest.raises(SafeModeError):
        issue(doc, keys["Ed25519"], format="eddsa-rdfc-2022", now=NOW)


PARTNER = "https://partner.example/issuer"


def with_partner(partner: Key) -> ChainResolver:
    entry = {"type": "Multikey", "controller": PARTNER, "publicKeyMultibase": partner.public_key_multibase}
    return ChainResolver([StaticResolver({str(partner.kid): entry}), default_resolver()])


def test_proof_set_of_two_issuers(keys: dict[str, Key]) -> None:
    university, partner = keys["Ed25519"], keys["P-384"].with_kid(PARTNER + "#key-1")
    doc = issue(vc("v2", str(university.controller)), university, format="eddsa-rdfc-2022", now=NOW)
    doc = issue(doc, partner, format="ecdsa-rdfc-2019", now=NOW)
    assert isinstance(doc, dict) and [p["cryptosuite"] for p in doc["proof"]] == [
        "eddsa-rdfc-2022",
        "ecdsa-rdfc-2019",
    ]
    result = verify(doc, now=NOW, resolver=with_partner(partner))
    assert result.verified and result.format == "data-integrity"
    assert [c.details["verificationMethod"] for c in result.checks if c.name == "proof"] == [
        university.kid,
        partner.kid,
    ]
    doc["proof"][1]["proofValue"] = doc["proof"][0]["proofValue"]  # one bad proof fails the set
    codes = proof_codes(verify(doc, now=NOW, resolver=with_partner(partner)))
    assert codes == ["PROOF_VALID", "PROOF_VALUE_LENGTH_INVALID"]


def test_proof_chain(keys: dict[str, Key]) -> None:
    first, second = keys["P-256"], keys["Ed25519"].with_kid(PARTNER + "#key-1")
    # issue() has no proof_id option: the first proof of a chain is added with add_proof (VC DI §4.2)
    options = ProofOptions(clock=FixedClock(NOW), verification_method=first.kid, proof_id="urn:uuid:p-1")
    doc = add_proof(vc("v2", str(first.controller)), EcdsaRdfc2019(), first, options)
    assert doc["proof"]["id"] == "urn:uuid:p-1"
    doc = issue(doc, second, format="eddsa-rdfc-2022", now=NOW, previous_proof="urn:uuid:p-1")
    assert isinstance(doc, dict) and doc["proof"][1]["previousProof"] == "urn:uuid:p-1"
    resolver = with_partner(second)
    assert proof_codes(verify(doc, now=NOW, resolver=resolver)) == ["PROOF_VALID", "PROOF_VALID"]
    doc["proof"][0]["created"] = "2026-01-14T12:00:00Z"
    codes = proof_codes(verify(doc, now=NOW, resolver=resolver))
    assert codes == ["PROOF_SIGNATURE_INVALID", "PROOF_SIGNATURE_INVALID"]


@pytest.mark.parametrize(
    ("issue_options", "policy", "code"),
    [
        ({"expires": "2026-01-10T00:00:00Z"}, {}, "PROOF_EXPIRED"),
        ({"created": "2026-02-01T00:00:00Z"}, {}, "PROOF_CREATED_IN_FUTURE"),
        ({"domain": "a.example"}, {"domain": "b.example"}, "PROOF_DOMAIN_MISMATCH"),
        ({}, {"domain": "b.example"}, "PROOF_DOMAIN_MISMATCH"),
        (
            {"domain": "a.example", "challenge": "c-1"},
            {"domain": "a.example", "challenge": "c-2"},
            "PROOF_CHALLENGE_MISMATCH",
        ),
        ({"proof_purpose": "authentication"}, {}, "PROOF_PURPOSE_MISMATCH"),
    ],
    ids=["expired", "future", "wrong-domain", "no-domain", "wrong-challenge", "wrong-purpose"],
)
def test_policy(
    issue_options: dict[str, Any], policy: dict[str, Any], code: str, keys: dict[str, Key]
) -> None:
    from microcred.clock import parse_datetime

    key = keys["Ed25519"]
    opts: dict[str, Any] = {
        k: parse_datetime(v) if k in ("expires", "created") else v for k, v in issue_options.items()
    }
    signed = issue(vc("v2", str(key.controller)), key, format="eddsa-rdfc-2022", now=NOW, **opts)
    result = verify(signed, now=NOW, policy=VerificationPolicy(**policy))
    assert proof_codes(result) == [code] and not result.verified
    good_policy: dict[str, Any] = {k: opts.get(k) for k in ("domain", "challenge")}
    if code in ("PROOF_DOMAIN_MISMATCH", "PROOF_CHALLENGE_MISMATCH") and opts:
        assert verify(signed, now=NOW, policy=VerificationPolicy(**good_policy)).verified


def test_expired_proof_accepted_when_the_policy_says_so(keys: dict[str, Key]) -> None:
    from microcred.clock import parse_datetime

    key = keys["P-256"]
    signed = issue(
        vc("v2", str(key.controller)),
        key,
        format="ecdsa-rdfc-2019",
        now=NOW,
        expires=parse_datetime("2026-01-10T00:00:00Z"),
    )
    assert verify(signed, now=NOW, policy=VerificationPolicy(check_proof_expires=False)).verified


def test_key_not_listed_under_assertion_method_fails(keys: dict[str, Key]) -> None:
    key = keys["P-384"].with_kid("https://registrar.example.edu/issuer#key-1")
    signed = issue(vc("v2", "https://registrar.example.edu/issuer"), key, format="ecdsa-rdfc-2019", now=NOW)
    entry = {
        "type": "Multikey",
        "controller": "https://registrar.example.edu/issuer",
        "publicKeyMultibase": key.public_key_multibase,
    }
    only_auth = StaticResolver({str(key.kid): entry | {"relationships": ["authentication"]}})
    assert proof_codes(verify(signed, now=NOW, resolver=only_auth)) == ["PROOF_PURPOSE_NOT_AUTHORIZED"]
    assertion = StaticResolver({str(key.kid): entry | {"relationships": ["assertionMethod"]}})
    assert verify(signed, now=NOW, resolver=assertion).verified


def test_purpose_authentication_when_the_verifier_asks_for_it(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    signed = issue(
        vc("v2", str(key.controller)),
        key,
        format="eddsa-rdfc-2022",
        now=NOW,
        proof_purpose="authentication",
        challenge="c-1",
        domain="a.example",
    )
    policy = VerificationPolicy(proof_purpose="authentication", challenge="c-1", domain="a.example")
    assert proof_codes(verify(signed, now=NOW, policy=policy)) == ["PROOF_VALID"]
    denied = KeyResolver([key], relationships=["assertionMethod"])
    assert proof_codes(verify(signed, now=NOW, policy=policy, resolver=denied)) == [
        "PROOF_PURPOSE_NOT_AUTHORIZED"
    ]


def test_issuing_does_not_change_the_input(keys: dict[str, Key]) -> None:
    doc = vc("v1", str(keys["Ed25519"].controller))
    before = copy.deepcopy(doc)
    issue(doc, keys["Ed25519"], format="eddsa-rdfc-2022", now=NOW)
    assert doc == before
