"""issue(), Issuer, issue_many and StatusRegistry.publish take explicit, typed options: a misspelled one fails."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.batch import issue_many
from microcred.errors import UsageError
from microcred.issue_options import IssueOptions
from microcred.keys import Key
from microcred.model import minimal_microcredential
from microcred.status import StatusRegistry

NOW = "2026-01-15T12:00:00Z"
TYPES_FILE = Path(__file__).resolve().parent / "typing" / "issue_types.py"


def test_issue_names_a_misspelled_option(keys: dict[str, Key]) -> None:
    with pytest.raises(TypeError, match="challange"):
        microcred.issue(minimal_microcredential(), keys["Ed25519"], now=NOW, challange="abc")  # type: ignore[call-overload]


def test_issuer_names_a_misspelled_option(keys: dict[str, Key]) -> None:
    issuer = microcred.Issuer(keys["Ed25519"], now=NOW)
    with pytest.raises(TypeError, match="challange"):
        issuer.issue(minimal_microcredential(), challange="abc")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="challange"):
        IssueOptions(challange="abc")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="IssueOptions"):
        microcred.Issuer(keys["Ed25519"], options={"challenge": "abc"})  # type: ignore[arg-type]


def test_issue_many_and_publish_refuse_unknown_options(keys: dict[str, Key], tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="challange"):
        issue_many([], keys["Ed25519"], challange="abc")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="IssueOptions"):
        issue_many([], keys["Ed25519"], options={"challenge": "abc"})  # type: ignore[arg-type]
    with (
        StatusRegistry(tmp_path / "status.db", clock=NOW) as registry,
        pytest.raises(TypeError, match="challange"),
    ):
        registry.publish("https://example.edu/status/1", keys["Ed25519"], challange="abc")  # type: ignore[call-arg]


def test_options_reach_the_proof(keys: dict[str, Key]) -> None:
    options = IssueOptions(domain="verifier.example", challenge="n-0S6", proof_purpose="authentication")
    secured = microcred.Issuer(keys["Ed25519"], now=NOW, options=options).issue(minimal_microcredential())
    assert isinstance(secured, dict)
    proof = secured["proof"]
    assert (proof["domain"], proof["challenge"], proof["proofPurpose"]) == (
        "verifier.example",
        "n-0S6",
        "authentication",
    )
    # per-call options replace the issuer's
    other = microcred.Issuer(keys["Ed25519"], now=NOW, options=options).issue(
        minimal_microcredential(), options=IssueOptions()
    )
    assert isinstance(other, dict) and "challenge" not in other["proof"]


def test_options_reach_every_batch_record(keys: dict[str, Key]) -> None:
    records: list[Any] = [minimal_microcredential().to_dict()]
    options = IssueOptions(challenge="batch-nonce")
    assert pickle.loads(pickle.dumps(options)) == options  # travels to worker processes
    (outcome,) = issue_many(records, keys["Ed25519"], workers=1, now=NOW, options=options)
    assert outcome.ok and isinstance(outcome.credential, dict)
    assert outcome.credential["proof"]["challenge"] == "batch-nonce"


def test_alg_picks_the_jose_algorithm(keys: dict[str, Key]) -> None:
    token = microcred.issue(minimal_microcredential(), keys["RSA"], format="vc-jwt", now=NOW, alg="PS256")
    assert microcred.verify(token, now=NOW).check("proof").passed
    import base64
    import json

    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "PS256"


def test_format_picks_the_static_return_type() -> None:
    """mypy --strict agrees with tests/typing/issue_types.py (assert_type per format; misspellings flagged)."""
    from mypy import api

    out, err, status = api.run([str(TYPES_FILE), "--strict", "--warn-unused-ignores"])
    assert status == 0, out + err


def test_option_values_are_type_checked(keys: dict[str, Key]) -> None:
    with pytest.raises(UsageError, match="created must be datetime or None"):
        IssueOptions(created="2026-01-15T12:00:00Z")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="jwt_lifetime"):
        microcred.issue(minimal_microcredential(), keys["Ed25519"], now=NOW, jwt_lifetime=3600)  # type: ignore[call-overload]
    with pytest.raises(UsageError, match="previous_proof"):
        IssueOptions(previous_proof=["urn:uuid:p-1", 2])  # type: ignore[list-item]
    with pytest.raises(UsageError, match="allow_nonconforming"):
        IssueOptions(allow_nonconforming="yes")  # type: ignore[arg-type]
