"""The claims' JSON Schema check: the compiled fast path agrees with jsonschema, which words every error."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from microcred.errors import SdJwtError
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.sd_jwt_vc import issue_sd_jwt_vc, verify_sd_jwt_vc
from microcred.sd_jwt_vc.claims_schema import _fast_valid, check_claims_schema
from microcred.sd_jwt_vc.metadata_document import document_bytes
from microcred.sd_jwt_vc.type_metadata import MICROCRED_VCT

from .conftest import KEYS, NOW, make_options

SCHEMA = json.loads(document_bytes())["schema"]


def _claims() -> dict[str, Any]:
    """The processed claims of the example micro-credential as issued (every Disclosure present)."""
    issuer = Key.load(KEYS / "p256.jwk")
    token = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, holder=issuer.public())
    claims = verify_sd_jwt_vc(token, make_options()).credential
    assert claims is not None and claims["vct"] == MICROCRED_VCT
    return copy.deepcopy(claims)


BREAKAGES = {
    "title-not-a-map": lambda c: c.update({"title": 5}),
    "given-name-not-a-map": lambda c: c["learner"].update({"givenName": 5}),
    "learner-dob-number": lambda c: c["learner"].update({"dateOfBirth": 19991002}),
    "workload-negative": lambda c: c["workload"]["creditPoints"][0].update({"points": -1}),
}


@pytest.mark.parametrize("bundled", [True, False])
def test_valid_claims_pass_both_ways(bundled: bool) -> None:
    claims = _claims()
    assert _fast_valid(copy.deepcopy(claims), SCHEMA, "test-key")
    check_claims_schema(claims, SCHEMA, "test-key", bundled=bundled)


@pytest.mark.parametrize("name", sorted(BREAKAGES))
@pytest.mark.parametrize("bundled", [True, False])
def test_broken_claims_fail_both_ways(name: str, bundled: bool) -> None:
    claims = _claims()
    BREAKAGES[name](claims)
    assert not _fast_valid(claims, SCHEMA, "test-key")
    with pytest.raises(SdJwtError) as caught:
        check_claims_schema(claims, SCHEMA, "test-key", bundled=bundled)
    assert caught.value.reason == "SCHEMA_VIOLATION" and caught.value.path


def test_the_fast_path_writes_no_defaults() -> None:
    claims = _claims()
    before = copy.deepcopy(claims)
    check_claims_schema(claims, SCHEMA, "test-key", bundled=True)
    assert claims == before
