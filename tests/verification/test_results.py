from __future__ import annotations

import json

import pytest

from microcred.errors import VerificationError
from microcred.verification.results import Check, CheckStatus, VerificationResult


def _result(*checks: Check) -> VerificationResult:
    return VerificationResult(format="eddsa-rdfc-2022", checks=list(checks))


def test_verified_only_when_every_check_passed() -> None:
    ok = _result(Check.ok("format", "F", "f"), Check.ok("proof", "P", "p"))
    assert ok.verified
    assert not _result(Check.ok("format", "F", "f"), Check.fail("proof", "BAD", "b")).verified
    assert not _result(Check.ok("proof", "P", "p"), Check.error("trust", "NO_ANCHOR", "t")).verified


def test_no_proof_check_means_not_verified() -> None:
    assert not _result().verified
    assert not _result(Check.ok("format", "F", "f")).verified


def test_to_dict_shape_and_concepts() -> None:
    r = _result(Check.ok("proof", "PROOF_VALID", "ok", index=0), Check.error("status", "UNREACHABLE", "x"))
    d = json.loads(r.to_json())
    assert d["verified"] is False and d["format"] == "eddsa-rdfc-2022"
    assert d["checks"][0] == {
        "name": "proof",
        "status": "passed",
        "code": "PROOF_VALID",
        "message": "ok",
        "concept": "SEAL",
        "details": {"index": 0},
    }
    assert d["checks"][1]["concept"] == "REVOCATION" and d["checks"][1]["status"] == "error"


def test_raise_for_status() -> None:
    good = _result(Check.ok("proof", "P", "p"))
    assert good.raise_for_status() is good
    with pytest.raises(VerificationError, match="status: failed"):
        _result(
            Check.ok("proof", "P", "p"), Check.fail("status", "STATUS_REVOKED", "revoked")
        ).raise_for_status()


def test_lookup_and_summary() -> None:
    r = _result(Check.ok("proof", "A", "a"), Check.fail("proof", "B", "b"))
    assert [c.code for c in r.by_name("proof")] == ["A", "B"]
    assert r.check("proof").code == "A"
    with pytest.raises(KeyError):
        r.check("trust")
    assert r.errors[0].status is CheckStatus.FAILED
    assert "NOT VERIFIED" in r.summary() and "FAIL" in r.summary()
