"""Both sides: issue() refuses a document that breaks a VC Data Model MUST (unless told to make a fixture), and
the verifier fails such a document's ``schema`` check with the rule's code."""

from __future__ import annotations

from typing import Any

import pytest

import microcred
from microcred.errors import NonConformingCredentialError
from microcred.keys import Key

from .test_rules import CASES, document

NOW = "2026-01-15T12:00:00Z"

#: Cases that are still lossless JSON-LD (issue() runs safe mode before signing, a separate check).
SIGNABLE = [
    "subject-empty-object",
    "valid-from-no-timezone",
    "valid-until-before-valid-from",
    "status-without-type",
    "schema-without-id",
    "related-context-digest-mismatch",
    "v1-evidence-without-type",
]
BY_NAME = {c["name"]: c for c in CASES["negative"]}
#: (format, case): VC 2.0 cases with the Data Integrity and VC-JOSE-COSE formats, VC 1.1 ones with VC-JWT 1.1.
PAIRS = [
    (fmt, name)
    for name in SIGNABLE
    for fmt in (["vc-jwt"] if BY_NAME[name]["base"] == "v1" else ["eddsa-rdfc-2022", "vc+jwt"])
]


def _doc(name: str, key: Key) -> dict[str, Any]:
    doc: dict[str, Any] = document(BY_NAME[name])
    doc["issuer"] = {"id": key.controller} if isinstance(doc["issuer"], dict) else key.controller
    return doc


@pytest.mark.parametrize(("fmt", "name"), PAIRS, ids=[f"{f}-{n}" for f, n in PAIRS])
def test_issue_refuses_then_the_verifier_reports(fmt: str, name: str, keys: dict[str, Key]) -> None:
    case = BY_NAME[name]
    key = keys["Ed25519"]
    with pytest.raises(NonConformingCredentialError) as info:
        microcred.issue(_doc(name, key), key, format=fmt, now=NOW)
    error = info.value
    assert error.code == "VC_DATA_MODEL_VIOLATION" and error.path == case["path"]
    assert case["code"] in str(error) and "§" in str(error)
    assert [v["code"] for v in error.details["violations"]] == [case["code"]]

    secured = microcred.issue(_doc(name, key), key, format=fmt, now=NOW, allow_nonconforming=True)
    result = microcred.verify(secured, now=NOW)
    assert result.check("proof").passed  # signed as asked ...
    schema = result.check("schema")
    assert (schema.status.value, schema.code) == ("failed", case["code"])  # ... and caught by the verifier
    assert not result.verified


def test_issue_names_the_first_rule_and_lists_all(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    doc = _doc("subject-empty-object", key) | {
        "validFrom": "2026-01-01",
        "credentialSchema": {"type": "JsonSchema"},
    }
    with pytest.raises(NonConformingCredentialError) as info:
        microcred.issue(doc, key, now=NOW)
    codes = [v["code"] for v in info.value.details["violations"]]
    assert codes == ["VCDM_SUBJECT_EMPTY", "VCDM_VALID_FROM_INVALID", "VCDM_SCHEMA_ID_INVALID"]
    assert info.value.path == "$.credentialSubject"


#: Positive cases with terms the base contexts leave undefined.
SAFE_MODE_REFUSES = ("issuer-object", "subjects-list", "typed-members")


def test_conforming_documents_still_issue_and_verify(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    issued = 0
    for case in CASES["positive"]:
        if case["base"] != "v2" or case["name"] in SAFE_MODE_REFUSES or "validUntil" in case.get("set", {}):
            continue  # undefined terms (safe mode refuses them at issue()) or expired at NOW
        doc = document(case)
        doc["issuer"] = key.controller
        result = microcred.verify(microcred.issue(doc, key, now=NOW), now=NOW)
        assert result.verified, (case["name"], result.summary())
        issued += 1
    assert issued >= 4
