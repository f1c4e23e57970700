"""issue(): input checks that hold for every format, before any suite runs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcred
from microcred.errors import ModelValidationError, SafeModeError, SigningError, UsageError
from microcred.keys import Key
from microcred.model import MicroCredential, minimal_microcredential
from microcred.suites.base import ProofOptions
from microcred.suites.vc_jose_cose import VcJoseCose

NOW = "2026-01-15T12:00:00Z"


def vc2(issuer: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0a6f5d8e-7d2b-4b9e-9a51-2f1c3d4e5f60",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        **extra,
    }


@pytest.mark.parametrize("fmt", ["eddsa-rdfc-2022", "jws-2020", "vc+jwt"])
def test_undefined_terms_are_refused_in_every_format(fmt: str, keys: dict[str, Key]) -> None:
    doc = vc2(keys["Ed25519"].controller, credentialSubject={"id": "did:example:x", "nickname": "Ana"})
    if fmt == "jws-2020":
        doc["@context"] = ["https://www.w3.org/2018/credentials/v1"]
        doc["issuanceDate"] = doc.pop("validFrom")
    with pytest.raises(SafeModeError) as info:
        microcred.issue(doc, keys["Ed25519"], format=fmt, now=NOW)
    assert info.value.path == "$.credentialSubject.nickname"


def test_verifier_flags_data_loss_in_an_envelope(keys: dict[str, Key]) -> None:
    key = keys["P-256"]
    doc = vc2(key.controller, credentialSubject={"id": "did:example:x", "nickname": "Ana"})
    token = VcJoseCose().issue(doc, key, ProofOptions(created=microcred.FixedClock(NOW).now()))
    result = microcred.verify(token, now=NOW)
    assert result.check("proof").passed  # the bytes are signed ...
    assert result.check("schema").code == "DATA_LOSS_DETECTION_ERROR"  # ... but JSON-LD would drop a term
    assert not result.verified


def test_model_missing_mandatory_elements_is_refused(keys: dict[str, Key]) -> None:
    data = minimal_microcredential().to_dict()
    data.pop("qualityAssurance", None)
    lenient = MicroCredential.from_dict(data, lenient=True)
    with pytest.raises(ModelValidationError) as info:
        microcred.issue(lenient, keys["Ed25519"], now=NOW)
    assert any(e["path"] == "qualityAssurance" for e in info.value.details["errors"])


def test_key_must_belong_to_the_issuer(keys: dict[str, Key]) -> None:
    with pytest.raises(SigningError, match="issuer"):
        microcred.issue(vc2(keys["P-256"].controller), keys["Ed25519"], now=NOW)


def test_public_key_and_unknown_format_are_misuse(keys: dict[str, Key]) -> None:
    doc = vc2(keys["Ed25519"].controller)
    with pytest.raises(UsageError, match="private"):
        microcred.issue(doc, keys["Ed25519"].public(), now=NOW)
    with pytest.raises(UsageError, match="eddsa-rdfc-2022"):
        microcred.issue(doc, keys["Ed25519"], format="rot13", now=NOW)
    with pytest.raises(UsageError):
        microcred.issue(["not", "a", "credential"], keys["Ed25519"], now=NOW)


def test_formats_enforce_their_data_model(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    v1 = {**vc2(key.controller), "@context": ["https://www.w3.org/2018/credentials/v1"]}
    v1["issuanceDate"] = v1.pop("validFrom")
    with pytest.raises(SigningError, match=r"2\.0"):
        microcred.issue(v1, key, format="vc+jwt", now=NOW)
    with pytest.raises(SigningError, match=r"1\.1"):
        microcred.issue(vc2(key.controller), key, format="vc-jwt", now=NOW)


def test_missing_issuer(keys: dict[str, Key]) -> None:
    doc = vc2(keys["Ed25519"].controller)
    del doc["issuer"]
    with pytest.raises(SigningError) as info:
        microcred.issue(doc, keys["Ed25519"], now=NOW)
    assert info.value.path == "$.issuer"


def test_input_document_is_not_modified(keys: dict[str, Key]) -> None:
    doc = vc2(keys["Ed25519"].controller)
    before = copy.deepcopy(doc)
    microcred.issue(doc, keys["Ed25519"], now=NOW)
    assert doc == before


def test_issuer_object_reuses_settings(keys: dict[str, Key]) -> None:
    issuer = microcred.Issuer(keys["Ed25519"], format="vc-jwt", now=NOW)
    token = issuer.issue(minimal_microcredential())
    assert isinstance(token, str) and microcred.verify(token, now=NOW).verified
