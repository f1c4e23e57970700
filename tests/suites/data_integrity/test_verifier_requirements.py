"""The Data Integrity verifier requirements around the signature (VC DI 1.0 §2.1, §2.4, §4.4; CID 1.0 §3.3).

Context and type checks, data-loss detection (safe mode), verification method dereferencing (unresolvable, wrong id,
wrong type, wrong key type), proof shape and dates; each one a ``proof`` check with its own code.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from microcred import verify
from microcred.clock import parse_datetime
from microcred.errors import (
    InputError,
    JsonLdError,
    SafeModeError,
    UnknownDocumentError,
    UsageError,
    WorkLimitExceededError,
)
from microcred.issuer import issue
from microcred.keys import Key
from microcred.resolve import DidKeyResolver, StaticResolver, VerificationMethod, default_resolver
from microcred.suites.eddsa_rdfc_2022 import Eddsa2022, EddsaRdfc2022
from microcred.suites.json_ld_checks import canonicalization_check
from microcred.suites.proof_value import encode_proof_value
from microcred.verification.results import CheckStatus, VerificationResult

from .vectors import VECTOR_LIST

NOW = "2026-01-15T12:00:00Z"
BY_NAME = {v.name: v for v in VECTOR_LIST}
EDDSA = BY_NAME["vc-di-eddsa/eddsa-rdfc-2022"]
ED2020 = BY_NAME["vc-di-eddsa/Ed25519Signature2020"]


def proof_checks(result: VerificationResult) -> list[tuple[str, str]]:
    return [(c.status.value, c.code) for c in result.checks if c.name == "proof"]


def signed_v1(key: Key) -> dict[str, Any]:
    doc = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": str(key.controller),
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = issue(doc, key, format="eddsa-rdfc-2022", now=NOW)
    assert isinstance(signed, dict)
    return signed


def test_data_loss_is_detected(keys: dict[str, Key]) -> None:
    """§2.4.3: VC 1.1 has no @vocab; an added undefined term would be dropped, unsigned, by plain JSON-LD."""
    signed = signed_v1(keys["Ed25519"])
    assert verify(signed, now=NOW).verified
    signed["credentialSubject"]["degree"] = "an unsigned claim"
    result = verify(signed, now=NOW)
    assert proof_checks(result) == [("failed", "DATA_LOSS_DETECTION_ERROR")]
    assert "credentialSubject" in result.check("proof").message


def test_document_context_must_define_the_proof_terms(keys: dict[str, Key]) -> None:
    signed = signed_v1(keys["Ed25519"])
    signed["@context"] = ["https://www.w3.org/2018/credentials/v1"]  # drop the data integrity context
    codes = [code for _, code in proof_checks(verify(signed, now=NOW))]
    assert codes[0] == "CONTEXT_MISSING"
    legacy = copy.deepcopy(ED2020.signed)
    legacy["@context"] = legacy["@context"][:2]
    assert ("failed", "CONTEXT_MISSING") in proof_checks(verify(legacy, resolver=ED2020.resolver(), now=NOW))


def test_proof_context_must_be_the_documents() -> None:
    same = copy.deepcopy(EDDSA.signed)
    same["proof"]["@context"] = same["@context"]
    assert verify(same, resolver=EDDSA.resolver(), now=NOW).verified
    other = copy.deepcopy(EDDSA.signed)
    other["proof"]["@context"] = ["https://w3id.org/security/data-integrity/v2"]
    assert proof_checks(verify(other, resolver=EDDSA.resolver(), now=NOW)) == [
        ("failed", "PROOF_CONTEXT_MISMATCH")
    ]


def test_unknown_context_cannot_be_checked() -> None:
    doc = copy.deepcopy(EDDSA.signed)
    doc["@context"] = [*doc["@context"], "https://unknown.example/context/v1"]
    result = verify(doc, resolver=EDDSA.resolver(), now=NOW)
    assert proof_checks(result) == [("error", "CONTEXT_UNAVAILABLE")] and not result.verified


def test_wrong_key_type_fails(keys: dict[str, Key]) -> None:
    doc = copy.deepcopy(EDDSA.signed)
    doc["proof"]["verificationMethod"] = keys["P-256"].kid  # an eddsa proof naming a P-256 key
    assert proof_checks(verify(doc, now=NOW)) == [("failed", "KEY_TYPE_MISMATCH")]
    ecdsa = copy.deepcopy(BY_NAME["vc-di-ecdsa/ecdsa-rdfc-2019-p256"].signed)
    ecdsa["proof"]["verificationMethod"] = EDDSA.key.kid
    assert proof_checks(verify(ecdsa, now=NOW)) == [("failed", "KEY_TYPE_MISMATCH")]


def test_p384_proof_value_with_a_p256_key_has_the_wrong_length() -> None:
    doc = copy.deepcopy(BY_NAME["vc-di-ecdsa/ecdsa-rdfc-2019-p384"].signed)
    doc["proof"]["verificationMethod"] = BY_NAME["vc-di-ecdsa/ecdsa-rdfc-2019-p256"].key.kid
    assert proof_checks(verify(doc, now=NOW)) == [("failed", "PROOF_VALUE_LENGTH_INVALID")]


def test_verification_method_type_must_fit_the_suite() -> None:
    entry = {
        "type": "JsonWebKey",
        "controller": "https://vc.example/issuers/5678",
        "publicKeyJwk": {k: v for k, v in ED2020.key.public().to_jwk().items() if k != "kid"},
    }
    resolver = StaticResolver({str(ED2020.key.kid): entry})
    codes = proof_checks(verify(ED2020.signed, resolver=resolver, now=NOW))
    assert codes == [("failed", "VERIFICATION_METHOD_TYPE_UNSUPPORTED")]
    as_2020 = DidKeyResolver("Ed25519VerificationKey2020")  # the type the legacy suite was made for
    assert proof_checks(verify(ED2020.signed, resolver=as_2020, now=NOW)) == [("passed", "PROOF_VALID")]


def test_unresolvable_method_is_an_error_not_a_failure() -> None:
    result = verify(EDDSA.signed, resolver=StaticResolver({}), now=NOW)
    assert proof_checks(result) == [("error", "VERIFICATION_METHOD_UNRESOLVED")] and not result.verified
    assert result.check("proof").details["cause"] == "VERIFICATION_METHOD_NOT_FOUND"


class _Redirecting:
    """A resolver that answers with another method than the one asked for."""

    def __init__(self, method: VerificationMethod) -> None:
        self.method = method

    def resolve(self, url: str) -> VerificationMethod:
        return self.method


def test_resolver_must_return_the_method_asked_for(keys: dict[str, Key]) -> None:
    other = default_resolver().resolve(str(keys["Ed25519"].kid))
    result = verify(EDDSA.signed, resolver=_Redirecting(other), now=NOW)
    assert proof_checks(result) == [("failed", "VERIFICATION_METHOD_ID_MISMATCH")]


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        ({"proofPurpose": None}, {"PROOF_MALFORMED", "PROOF_PURPOSE_MISMATCH"}),
        ({"verificationMethod": None}, {"PROOF_MALFORMED", "VERIFICATION_METHOD_MISSING"}),
        ({"verificationMethod": 7}, {"PROOF_MALFORMED", "VERIFICATION_METHOD_MISSING"}),
        ({"domain": [1]}, {"PROOF_MALFORMED"}),
        ({"challenge": ""}, {"PROOF_MALFORMED"}),
        ({"previousProof": {"id": "x"}}, {"PREVIOUS_PROOF_MISSING"}),
        ({"created": "2023-02-24 23:36:38Z"}, {"PROOF_DATE_INVALID"}),
        ({"expires": "soon"}, {"PROOF_DATE_INVALID"}),
    ],
    ids=[
        "no-purpose",
        "no-method",
        "method-not-string",
        "domain-not-strings",
        "empty-challenge",
        "previous-not-string",
        "created-not-xsd",
        "expires-not-xsd",
    ],
)
def test_malformed_proofs_fail(change: dict[str, Any], codes: set[str]) -> None:
    doc = copy.deepcopy(EDDSA.signed)
    for member, value in change.items():
        if value is None:
            del doc["proof"][member]
        else:
            doc["proof"][member] = value
    result = verify(doc, resolver=EDDSA.resolver(), now=NOW)
    found = {code for status, code in proof_checks(result) if status == "failed"}
    assert found == codes and not result.verified


def test_suite_refuses_a_proof_of_another_cryptosuite(loader: Any) -> None:
    proof = dict(EDDSA.proof, cryptosuite="ecdsa-rdfc-2019")
    from microcred.clock import FixedClock
    from microcred.suites.base import VerifyOptions

    options = VerifyOptions(loader=loader, resolver=EDDSA.resolver(), clock=FixedClock(NOW))
    outcome = EddsaRdfc2022().verify_proof(EDDSA.unsigned, proof, options)
    assert "PROOF_TYPE_MISMATCH" in {c.code for c in outcome.checks} and not outcome.verified


def test_pre_rec_eddsa_2022_name_verifies(loader: Any) -> None:
    """Open Badges platforms issued ``cryptosuite: eddsa-2022``: the eddsa-rdfc-2022 algorithm under that name."""
    suite = Eddsa2022()
    proof = {k: v for k, v in EDDSA.proof.items() if k != "proofValue"} | {"cryptosuite": "eddsa-2022"}
    hash_data = suite.hash_data(EDDSA.unsigned, proof, "Ed25519", loader)
    proof["proofValue"] = encode_proof_value(suite.proof_serialization(hash_data, EDDSA.key))
    result = verify(EDDSA.unsigned | {"proof": proof}, resolver=EDDSA.resolver(), now=NOW)
    assert result.verified and result.format == "eddsa-2022"
    assert proof["proofValue"] != EDDSA.proof["proofValue"]  # the cryptosuite name is signed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-02-24T23:36:38Z", datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)),
        ("2023-02-24T23:36:38.5+01:00", datetime(2023, 2, 24, 22, 36, 38, 500000, tzinfo=UTC)),
        ("2023-02-24T23:36:38", datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)),  # no offset: UTC (§2.1 MAY)
        ("2023-02-24T24:00:00Z", datetime(2023, 2, 25, tzinfo=UTC)),
        ("2023-02-24T23:36:38.1234567Z", datetime(2023, 2, 24, 23, 36, 38, 123456, tzinfo=UTC)),
        ("2023-02-30T00:00:00Z", None),
        ("2023-02-24 23:36:38Z", None),
        ("20230224T233638Z", None),
        ("2023-02-24T23:36Z", None),
        ("2023-02-24T24:00:01Z", None),
        ("2023-02-24T23:36:38+15:00", None),
        (20230224, None),
        ("0001-01-01T00:00:00+01:00", None),  # before year 1 in UTC
        ("9999-12-31T23:59:59-01:00", None),  # after year 9999 in UTC
        ("9999-12-31T24:00:00Z", None),
        ("0001-01-01T00:00:00-01:00", datetime(1, 1, 1, 1, tzinfo=UTC)),
    ],
)
def test_date_time_parsing(text: Any, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(InputError):
            parse_datetime(text, assume_utc=True)
    else:
        assert parse_datetime(text, assume_utc=True) == expected


def test_canonicalization_errors_become_checks() -> None:
    from pyld.jsonld import JsonLdError as PyldError

    loader_error = UnknownDocumentError("no context", details={"url": "https://x.example"})
    wrapped = JsonLdError("JSON-LD processing failed")
    wrapped.__cause__ = PyldError("loading failed", "jsonld.LoadDocumentError", {"microcred": loader_error})
    cases: list[tuple[Any, CheckStatus, str]] = [
        (
            SafeModeError("term dropped", path="$.credentialSubject.x"),
            CheckStatus.FAILED,
            "DATA_LOSS_DETECTION_ERROR",
        ),
        (WorkLimitExceededError("too much work"), CheckStatus.FAILED, "CANONICALIZATION_WORK_LIMIT"),
        (loader_error, CheckStatus.ERROR, "CONTEXT_UNAVAILABLE"),
        (wrapped, CheckStatus.ERROR, "CONTEXT_UNAVAILABLE"),
        (UsageError("sha512 unsupported"), CheckStatus.ERROR, "CANONICALIZATION_UNSUPPORTED"),
        (JsonLdError("invalid @id"), CheckStatus.FAILED, "PROOF_TRANSFORMATION_ERROR"),
    ]
    for exc, status, code in cases:
        check = canonicalization_check(exc)
        assert (check.name, check.status, check.code) == ("proof", status, code)
    assert canonicalization_check(cases[0][0]).details["path"] == "$.credentialSubject.x"


def test_vectors_verify_with_did_key_resolution_too() -> None:
    """The default resolver (did:key) verifies the proofs; only the issuer check needs the vector's controller."""
    for vector in (EDDSA, BY_NAME["vc-di-ecdsa/ecdsa-rdfc-2019-p384/employ"]):
        result = verify(vector.signed, now=NOW)
        assert proof_checks(result) == [("passed", "PROOF_VALID")]
        assert result.check("issuer").code == "ISSUER_MISMATCH"
