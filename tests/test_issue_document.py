"""prepare_document(): the document issue() hands to a suite (written, checked against format and key)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import microcred.issuer
from microcred import issue_document
from microcred.clock import FixedClock
from microcred.errors import NonConformingCredentialError, SigningError
from microcred.issue_document import DEFAULT_DATA_MODEL, prepare_document
from microcred.jsonld.contexts import BITSTRING_STATUS_V1
from microcred.keys import Key
from microcred.model import minimal_microcredential
from microcred.status import StatusRegistry

NOW = "2026-01-15T12:00:00Z"
CID = "urn:uuid:0a6f5d8e-7d2b-4b9e-9a51-2f1c3d4e5f60"


def vc1(issuer: str | None) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": CID,
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "credentialSubject": {"id": "did:example:learner"},
    }


def prepare(credential: Any, key: Key, fmt: str = "jws-2020", **kw: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "data_model": None,
        "shape": None,
        "holder": None,
        "status": None,
        "clock": FixedClock(NOW),
        "allow_nonconforming": False,
    }
    return prepare_document(credential, key, fmt, **(options | kw))


def test_a_vc_1_1_document_gets_its_issuance_date_from_the_clock(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    given = vc1(key.controller)
    before = copy.deepcopy(given)
    doc = prepare(given, key)
    assert doc["issuanceDate"] == NOW and given == before


@pytest.mark.parametrize(("fmt", "model"), sorted(DEFAULT_DATA_MODEL.items()))
def test_a_micro_credential_is_written_in_the_formats_data_model(
    fmt: str, model: str, keys: dict[str, Key]
) -> None:
    doc = prepare(minimal_microcredential(), keys["Ed25519"], fmt)
    v2 = "https://www.w3.org/ns/credentials/v2" in doc["@context"]
    assert v2 is (model == "v2")


def test_a_format_refuses_the_other_data_model(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    with pytest.raises(SigningError) as info:
        prepare(vc1(key.controller), key, "vc+jwt")
    assert info.value.path == "$['@context']"


def test_the_key_must_belong_to_the_issuer(keys: dict[str, Key]) -> None:
    with pytest.raises(SigningError) as info:
        prepare(vc1(keys["P-256"].controller), keys["Ed25519"])
    assert info.value.path == "$.issuer"


def test_status_entries_are_allocated_and_their_context_added(keys: dict[str, Key], tmp_path: Path) -> None:
    key = keys["Ed25519"]
    registry = StatusRegistry(tmp_path / "status.sqlite", clock=NOW)
    try:
        registry.create_list("https://registrar.example.edu/status/1", purpose="revocation")
        doc = prepare(vc1(key.controller), key, status=registry)
    finally:
        registry.close()
    assert doc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert doc["@context"][-1] == BITSTRING_STATUS_V1


def test_a_vc_data_model_violation_is_refused_unless_allowed(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    broken = vc1(key.controller) | {"credentialSubject": []}
    with pytest.raises(NonConformingCredentialError):
        prepare(broken, key)
    assert prepare(broken, key, allow_nonconforming=True)["credentialSubject"] == []


def test_issuer_keeps_exporting_the_data_model_names() -> None:
    assert microcred.issuer.DEFAULT_DATA_MODEL is issue_document.DEFAULT_DATA_MODEL
    assert microcred.issuer.REQUIRED_DATA_MODEL is issue_document.REQUIRED_DATA_MODEL
