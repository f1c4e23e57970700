"""The fuzz oracle can tell neutral mutations from changed content, and the property can fail.

A fuzz property that could never fail would be worthless: the last test switches off the verifier's guard
against restated members and checks that the harness then reports the false "verified".
"""

from __future__ import annotations

import copy
import json

import pytest

import microcred.verification.verifier
from microcred import verify

from .mutations import XSD_DATETIME, json_view, signed_content
from .test_fuzz_verify import check, seed

SEED = "eddsa-rdfc-2022/control-valid"
VC = "https://www.w3.org/2018/credentials#"


def _document() -> dict[str, object]:
    document = json.loads(seed(SEED)[0])
    assert isinstance(document, dict)
    return document


def test_reformatting_and_equivalent_json_ld_are_neutral() -> None:
    _, kwargs, content, view = seed(SEED)
    document = _document()
    reindented = json.dumps(document, indent=4)
    assert signed_content(reindented) == content
    as_object = copy.deepcopy(document)
    as_object["issuer"] = {"id": as_object["issuer"]}
    mutated = json.dumps(as_object)
    result = verify(mutated, **kwargs)
    assert result.verified and signed_content(mutated) == content
    assert json_view(result.credential, mutated) == view


def test_changed_claims_change_the_signed_content() -> None:
    document = _document()
    document["credentialSubject"]["name"] = "Mallory"  # type: ignore[index]
    assert signed_content(json.dumps(document)) != seed(SEED)[2]
    assert signed_content("not json") is None


def _hidden_expiry() -> str:
    document = _document()
    document[VC + "validUntil"] = {"@value": document.pop("validUntil"), "@type": XSD_DATETIME}
    return json.dumps(document)


def test_restated_members_are_refused() -> None:
    result = check(SEED, _hidden_expiry())
    assert not result.verified
    assert result.check("schema").code == "DATA_MODEL_INVALID"


def test_the_property_fails_without_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same signed RDF, but validUntil hidden from the checks: verified, and the oracle objects."""
    monkeypatch.setattr(
        microcred.verification.verifier, "restated_credential_check", lambda credential, loader: None
    )
    with pytest.raises(AssertionError, match="the checks read other values"):
        check(SEED, _hidden_expiry())
