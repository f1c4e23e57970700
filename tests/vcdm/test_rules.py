"""microcred.vcdm: one negative case per VC Data Model rule (tests/vcdm/data/cases.json), positives, real vectors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from microcred.vcdm import RULES, data_model_violations
from microcred.vcdm.conformance import bundled_resource, conformance_check
from microcred.vcdm.rules import rule_ref

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
CASES: dict[str, list[dict[str, Any]]] = json.loads(
    (HERE / "data" / "cases.json").read_text(encoding="utf-8")
)

BASE: dict[str, dict[str, Any]] = {
    "v2": {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:5dccd919-f08c-425f-bf6b-67f84532bb58",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2027-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    },
    "v1": {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:5dccd919-f08c-425f-bf6b-67f84532bb58",
        "type": ["VerifiableCredential"],
        "issuer": {"id": "did:example:issuer"},
        "issuanceDate": "2026-01-01T00:00:00Z",
        "expirationDate": "2027-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    },
}


def document(case: dict[str, Any]) -> dict[str, Any]:
    """The case's base document with its members set and removed."""
    doc = copy.deepcopy(BASE[case["base"]])
    doc.update(copy.deepcopy(case.get("set", {})))
    for member in case.get("remove", []):
        doc.pop(member)
    return doc


@pytest.mark.parametrize("case", CASES["negative"], ids=[c["name"] for c in CASES["negative"]])
def test_negative_case_breaks_exactly_its_rule(case: dict[str, Any]) -> None:
    found = data_model_violations(document(case), retrieve=bundled_resource)
    assert [(v.code, v.path) for v in found] == [(case["code"], case["path"])]
    (violation,) = found
    assert violation.rule_ref == rule_ref(case["code"], case["base"]) and "§" in violation.rule_ref
    assert violation.message


@pytest.mark.parametrize("case", CASES["negative"], ids=[c["name"] for c in CASES["negative"]])
def test_schema_check_fails_with_the_rule_code(case: dict[str, Any]) -> None:
    check = conformance_check(document(case))
    assert check is not None and check.status.value == "failed" and check.code == case["code"]
    assert check.details["violations"][0]["path"] == case["path"]


def test_every_rule_has_a_negative_case() -> None:
    assert {c["code"] for c in CASES["negative"]} == set(RULES)


@pytest.mark.parametrize("case", CASES["positive"], ids=[c["name"] for c in CASES["positive"]])
def test_positive_case_conforms(case: dict[str, Any]) -> None:
    assert data_model_violations(document(case), retrieve=bundled_resource) == []
    assert conformance_check(document(case)) is None


def test_digest_mismatch_needs_the_resource() -> None:
    """Without the bytes, a well-formed digest cannot be compared: not a violation (nothing is fetched)."""
    (case,) = [c for c in CASES["negative"] if c["code"] == "VCDM_RELATED_RESOURCE_DIGEST_MISMATCH"]
    assert data_model_violations(document(case)) == []
    assert data_model_violations(document(case), retrieve=lambda url: None) == []


def test_not_an_object_is_a_violation_not_an_exception() -> None:
    values: list[Any] = [None, [], "text", 42]
    for value in values:
        (violation,) = data_model_violations(value)
        assert violation.path == "$"


def test_every_violation_of_a_broken_document_is_listed() -> None:
    doc = {"@context": ["https://example.org/ctx"], "credentialSubject": []}
    codes = [v.code for v in data_model_violations(doc)]
    assert codes == ["VCDM_CONTEXT_FIRST", "VCDM_TYPE_MISSING", "VCDM_ISSUER_MISSING", "VCDM_SUBJECT_EMPTY"]


def _found(name: str, data: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every credential in ``data``: the file itself, or one nested under a member (a vector's input)."""
    if not isinstance(data, dict):
        return []
    if "@context" in data and "credentialSubject" in data:
        return [(name, data)]
    return [found for key, value in data.items() for found in _found(f"{name}#{key}", value)]


def _credentials(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(folder.rglob("*.json*")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        out += _found(path.relative_to(TESTS).as_posix(), data)
    return out


#: Unsigned inputs that issue() completes before the check (it adds issuanceDate to VC 1.1 documents).
UNSIGNED_V1 = {"data/elm/official/Sample-MC-Annex1-unsigned.jsonld"}
REAL = _credentials(TESTS / "vectors") + _credentials(TESTS / "data")


@pytest.mark.parametrize(("name", "credential"), REAL, ids=[name for name, _ in REAL])
def test_real_vectors_conform(name: str, credential: dict[str, Any]) -> None:
    """W3C vectors, OB 3.0 vectors, the EC's EDC samples: none breaks a MUST."""
    found = data_model_violations(credential, retrieve=bundled_resource)
    if name in UNSIGNED_V1:
        assert [v.code for v in found] == ["VCDM_ISSUANCE_DATE_MISSING"]
    else:
        assert found == [], [v.to_dict() for v in found]


def test_real_vectors_were_found() -> None:
    names = [name for name, _ in REAL]
    assert len(names) >= 30
    assert any(n.startswith("vectors/ob3/") for n in names)
    assert any(n.startswith("data/elm/official/") for n in names)
    assert any(n.startswith("vectors/vc-di-eddsa/") for n in names)
