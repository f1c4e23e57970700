"""Issuing and verifying micro-credentials as SD-JWT VCs, and presentations of them."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from microcred.base64url import b64url_decode_strict as b64url_decode
from microcred.errors import UsageError
from microcred.fetcher import StaticFetcher
from microcred.keys import Key
from microcred.model.examples import example_microcredential, minimal_microcredential
from microcred.sd_jwt import Sd, issue_sd_jwt, present, split_sd_jwt
from microcred.sd_jwt_vc import (
    DEFAULT_SD,
    MAXIMAL_SD,
    MICROCRED_VCT,
    PresentationExpectations,
    TypeMetadataResolver,
    issue_sd_jwt_vc,
    verify_sd_jwt_vc,
)
from microcred.sd_jwt_vc.claims import apply_policy, parse_pattern
from microcred.sd_jwt_vc.metadata_document import document_bytes
from microcred.sd_jwt_vc.type_metadata import _BUNDLED
from microcred.verification.results import CheckStatus, VerificationResult

from .conftest import NOW, make_options

AUD, NONCE = "https://employer.example", "n-0S6_WzA2Mj"


def codes(result: VerificationResult) -> dict[str, str]:
    return {c.name: c.code for c in result.checks}


@pytest.fixture(scope="module")
def issued(issuer: Key, holder: Key) -> str:
    return issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, holder=holder)


def test_issued_credential_verifies_with_every_check(issued: str) -> None:
    result = verify_sd_jwt_vc(issued, make_options())
    assert result.verified, result.summary()
    assert codes(result) == {
        "format": "FORMAT_RECOGNISED",
        "proof": "SIGNATURE_VALID",
        "issuer": "ISSUER_KEY_MATCHES",
        "disclosures": "DISCLOSURES_VALID",
        "holder": "KEY_BINDING_NOT_REQUESTED",
        "validity": "VALID",
        "schema": "TYPE_METADATA_VALID",
    }
    expected = example_microcredential().to_dict()
    assert {k: v for k, v in (result.credential or {}).items() if k in expected} == expected


def test_payload_hides_learner_outcomes_and_grade(issued: str, issuer: Key) -> None:
    header, payload, _ = split_sd_jwt(issued).jwt.split(".")
    visible = json.loads(b64url_decode(payload))
    assert json.loads(b64url_decode(header))["typ"] == "dc+sd-jwt"
    for hidden in ("learner", "id"):
        assert hidden not in visible
    assert all(set(outcome) == {"..."} for outcome in visible["learningOutcomes"])
    assert "grade" not in visible["assessment"]
    assert visible["title"] and visible["workload"] and visible["iss"] == issuer.controller
    assert visible["vct"] == MICROCRED_VCT and visible["cnf"]["jwk"]["kty"] == "OKP"
    assert len(visible["_sd"]) == 2 + 2  # id and learner, plus two decoys


def test_presentation_withholds_date_of_birth_and_grade(issued: str, holder: Key) -> None:
    shown = present(
        issued,
        ["learner.fullName", "learningOutcomes"],
        holder=holder,
        aud=AUD,
        nonce=NONCE,
        iat=NOW,
    )
    result = verify_sd_jwt_vc(shown, make_options(), PresentationExpectations(aud=AUD, nonce=NONCE))
    assert result.verified, result.summary()
    assert codes(result)["holder"] == "KEY_BINDING_VALID"
    claims = result.credential or {}
    assert claims["learner"] == {"fullName": {"en": "Ana Andromeda"}}
    assert len(claims["learningOutcomes"]) == len(example_microcredential().learning_outcomes)
    assert "grade" not in claims["assessment"] and "id" not in claims


def _presented(issued: str, signer: Key, **changes: Any) -> str:
    options: dict[str, Any] = {"holder": signer, "aud": AUD, "nonce": NONCE, "iat": NOW}
    return present(issued, ["learner.familyName"], **{**options, **changes})


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"holder": None}, "KB_JWT_MISSING"),
        ({"aud": "https://other.example"}, "KB_JWT_AUD_MISMATCH"),
        ({"nonce": "replayed"}, "KB_JWT_NONCE_MISMATCH"),
        ({"iat": NOW - timedelta(hours=2)}, "KB_JWT_IAT_OUT_OF_WINDOW"),
    ],
)
def test_key_binding_failures(issued: str, holder: Key, changes: dict[str, Any], code: str) -> None:
    result = verify_sd_jwt_vc(
        _presented(issued, holder, **changes), make_options(), PresentationExpectations(aud=AUD, nonce=NONCE)
    )
    assert not result.verified
    assert result.check("holder").code == code and result.check("holder").status is CheckStatus.FAILED


def test_presentation_by_someone_else_fails(issued: str, issuer: Key) -> None:
    thief = _presented(issued, issuer)  # signs the KB-JWT with a key that is not in cnf
    result = verify_sd_jwt_vc(thief, make_options(), PresentationExpectations(aud=AUD, nonce=NONCE))
    assert result.check("holder").code == "KB_JWT_SIGNATURE_INVALID"


def test_tampered_disclosure_fails(issued: str) -> None:
    parts = issued.split("~")
    forged = json.dumps(["salt-salt-salt", "title", {"en": "Forged"}]).encode()
    from microcred.base64url import b64url_encode

    parts.insert(1, b64url_encode(forged))
    result = verify_sd_jwt_vc("~".join(parts), make_options())
    assert result.check("disclosures").code == "DISCLOSURE_NOT_REFERENCED" and not result.verified


def test_wrong_typ_and_missing_vct(issuer: Key) -> None:
    plain = issue_sd_jwt({"vct": MICROCRED_VCT, "iss": issuer.controller}, issuer, typ="example+sd-jwt")
    assert codes(verify_sd_jwt_vc(plain, make_options()))["format"] == "SD_JWT_VC_TYP_INVALID"
    no_vct = issue_sd_jwt({"iss": issuer.controller}, issuer, typ="dc+sd-jwt")
    assert codes(verify_sd_jwt_vc(no_vct, make_options()))["format"] == "VCT_MISSING"


def test_registered_claim_must_not_be_disclosed(issuer: Key) -> None:
    token = issue_sd_jwt(
        {"vct": MICROCRED_VCT, "iss": issuer.controller, "exp": Sd(2000000000)}, issuer, typ="dc+sd-jwt"
    )
    assert verify_sd_jwt_vc(token, make_options()).check("disclosures").code == "REGISTERED_CLAIM_DISCLOSED"


def test_issuer_key_mismatch(issuer: Key) -> None:
    token = issue_sd_jwt_vc(minimal_microcredential(), issuer, now=NOW, iss="did:example:someone-else")
    result = verify_sd_jwt_vc(token, make_options())
    assert result.check("issuer").code == "ISSUER_KEY_MISMATCH" and not result.verified


ISS = "https://uni.example/tenant/1"
WELL_KNOWN = "https://uni.example/.well-known/jwt-vc-issuer/tenant/1"


def _https_issued(issuer: Key, kid: str | None = "key-1") -> str:
    jwk = {k: v for k, v in issuer.to_jwk(private=True).items() if k != "kid"}
    key = Key.from_jwk(jwk, kid=kid)
    return issue_sd_jwt_vc(minimal_microcredential(), key, now=NOW, iss=ISS)


def _jwks(issuer: Key, kid: str = "key-1") -> dict[str, Any]:
    return {"keys": [{**issuer.public().to_jwk(), "kid": kid}]}


def test_jwt_vc_issuer_metadata(issuer: Key, holder: Key) -> None:
    token = _https_issued(issuer)
    by_value = StaticFetcher({WELL_KNOWN: json.dumps({"issuer": ISS, "jwks": _jwks(issuer)})})
    result = verify_sd_jwt_vc(token, make_options(fetcher=by_value))
    assert result.verified, result.summary()
    assert result.check("issuer").code == "ISSUER_METADATA_KEY"
    by_uri = StaticFetcher(
        {
            WELL_KNOWN: json.dumps({"issuer": ISS, "jwks_uri": "https://uni.example/jwks.json"}),
            "https://uni.example/jwks.json": json.dumps(_jwks(issuer)),
        }
    )
    assert verify_sd_jwt_vc(token, make_options(fetcher=by_uri)).verified
    cases = {
        "ISSUER_METADATA_MISMATCH": {"issuer": "https://uni.example", "jwks": _jwks(issuer)},
        "ISSUER_KEY_NOT_FOUND": {"issuer": ISS, "jwks": _jwks(issuer, kid="key-2")},
        "ISSUER_METADATA_INVALID": {
            "issuer": ISS,
            "jwks": _jwks(issuer),
            "jwks_uri": "https://uni.example/j",
        },
    }
    for code, metadata in cases.items():
        check = verify_sd_jwt_vc(
            token, make_options(fetcher=StaticFetcher({WELL_KNOWN: json.dumps(metadata)}))
        )
        assert check.check("proof").code == code, code
    other = StaticFetcher({WELL_KNOWN: json.dumps({"issuer": ISS, "jwks": _jwks(holder)})})
    assert verify_sd_jwt_vc(token, make_options(fetcher=other)).check("proof").code == "ALG_KEY_MISMATCH"


def test_https_issuer_without_a_fetcher_is_not_guessed(issuer: Key) -> None:
    result = verify_sd_jwt_vc(_https_issued(issuer, kid=None), make_options())
    assert result.check("proof").code == "ISSUER_METADATA_UNAVAILABLE"
    assert result.check("proof").status is CheckStatus.ERROR


def test_x5c_issuer(cert_chain_keys: dict[str, Any], cert_chain_anchors: dict[str, Any]) -> None:
    key = cert_chain_keys["P-256"]
    token = issue_sd_jwt_vc(minimal_microcredential(), key, now=NOW)
    trusted = verify_sd_jwt_vc(token, make_options(anchors=(cert_chain_anchors["P-256"],)))
    assert trusted.verified, trusted.summary()
    assert codes(trusted)["issuer"] == "ISSUER_IS_CERTIFICATE_SUBJECT"
    assert codes(trusted)["trust"] == "TRUST_CHAIN_VALID"
    untrusted = verify_sd_jwt_vc(token, make_options())
    assert untrusted.check("trust").code == "TRUST_ANCHOR_MISSING" and not untrusted.verified
    other = issue_sd_jwt_vc(minimal_microcredential(), key, now=NOW, iss="https://not-in-the-cert.example")
    result = verify_sd_jwt_vc(other, make_options(anchors=(cert_chain_anchors["P-256"],)))
    assert result.check("issuer").code == "ISSUER_CERTIFICATE_MISMATCH"


def test_validity(issued: str) -> None:
    late = verify_sd_jwt_vc(issued, make_options(now=NOW + timedelta(days=3650)))
    assert late.check("validity").code == "EXPIRED"
    early = verify_sd_jwt_vc(issued, make_options(now=NOW - timedelta(days=1)))
    assert early.check("validity").code == "ISSUED_IN_THE_FUTURE"


def test_type_metadata_rules(issuer: Key) -> None:
    # a policy that leaves the learner's attributes visible breaks the type's "sd": "always"
    token = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, sd=("learner",))
    assert verify_sd_jwt_vc(token, make_options()).check("schema").code == "CLAIM_SD_REQUIRED"
    # integrity: Type Metadata other than what was issued against
    altered = json.loads(document_bytes())
    altered["name"] = "changed"
    resolver = TypeMetadataResolver({MICROCRED_VCT: json.dumps(altered).encode()})
    issued = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW)
    expect = PresentationExpectations(type_metadata=resolver)
    assert verify_sd_jwt_vc(issued, make_options(), expect).check("schema").code == "VCT_INTEGRITY_MISMATCH"
    # an unknown type cannot be checked: error, not passed
    unknown = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, vct="https://example.org/other")
    check = verify_sd_jwt_vc(unknown, make_options()).check("schema")
    assert check.code == "TYPE_METADATA_UNKNOWN" and check.status is CheckStatus.ERROR
    # the JSON Schema
    bad = issue_sd_jwt({"vct": MICROCRED_VCT, "iss": issuer.controller, "title": 5}, issuer, typ="dc+sd-jwt")
    check = verify_sd_jwt_vc(bad, make_options()).check("schema")
    assert check.code == "SCHEMA_VIOLATION"


def test_maximal_policy_verifies(issuer: Key, holder: Key) -> None:
    token = issue_sd_jwt_vc(
        example_microcredential(), issuer, now=NOW, holder=holder, sd=MAXIMAL_SD, decoys=0
    )
    assert verify_sd_jwt_vc(token, make_options()).verified
    shown = present(token, ["title", "awardingBodies", "issued"])
    result = verify_sd_jwt_vc(shown, make_options())
    assert result.verified, result.summary()
    assert set(result.credential or {}) >= {"title", "awardingBodies", "issued"}
    assert "learner" not in (result.credential or {})


def test_bundled_type_metadata_is_current() -> None:
    assert _BUNDLED[MICROCRED_VCT].read_bytes() == document_bytes()
    document = json.loads(document_bytes())
    assert document["vct"] == MICROCRED_VCT and document["schema"]["required"] == ["vct"]
    mandatory = {c["path"][0] for c in document["claims"] if c.get("mandatory")}
    assert {"title", "learner", "awardingBodies", "issued", "learningOutcomes"} <= mandatory


def test_policy_patterns() -> None:
    assert parse_pattern("learningOutcomes[*].text") == ("learningOutcomes", "[*]", "text")
    for bad in ("", "[*]", "a[0]"):
        with pytest.raises(UsageError):
            parse_pattern(bad)
    with pytest.raises(UsageError):
        apply_policy({"exp": 1}, ["exp"])
    marked = apply_policy({"a": {"b": 1}, "exp": 2, "l": [1, 2]}, ["*", "a.b", "l[*]"])
    assert marked == {"a": Sd({"b": Sd(1)}), "exp": 2, "l": Sd([Sd(1), Sd(2)])}
    assert DEFAULT_SD[0] == "id"


def test_elm_source_of_a_model_read_from_elm_is_never_a_claim() -> None:
    import warnings

    from microcred import from_elm, issue, to_elm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = from_elm(to_elm(example_microcredential()))
    assert model.elm is not None  # the reader keeps the ELM source for a faithful round trip
    token = issue(model, Key.generate("P-256"), format="sd-jwt-vc")
    payload = json.loads(b64url_decode(token.split("~")[0].split(".")[1]))
    assert "elm" not in payload
    assert "elm" not in json.loads(document_bytes())["schema"]["properties"]
