"""``issue_many``: outcomes in input order, bad records reported by number, the same bytes in one process or
two, status entries allocated once per credential across worker processes."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest

from microcred.batch import issue_many, read_csv
from microcred.batch.worker import KeySpec, WorkerState, merge
from microcred.clock import FixedClock
from microcred.errors import BatchWorkerError, UsageError
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.status import StatusRegistry
from microcred.verification.verifier import verify

NOW = "2026-01-15T12:00:00Z"
LATER = "2026-02-01T00:00:00Z"
LIST_URL = "https://registrar.example.edu/status/1"
DATA = Path(__file__).resolve().parent / "data"


def test_in_process_outcomes_in_order_and_verifiable(records: list[dict[str, Any]], ed25519: Key) -> None:
    outcomes = list(issue_many(records, ed25519, workers=1, now=NOW))
    assert [o.number for o in outcomes] == [1, 2, 3, 4, 5, 6]
    assert all(o.ok for o in outcomes)
    ids = [o.credential_id for o in outcomes]
    assert len(set(ids)) == 6 and all(i and i.startswith("urn:uuid:") for i in ids)
    for outcome in outcomes:
        assert isinstance(outcome.credential, dict) and outcome.credential["id"] == outcome.credential_id
        assert verify(outcome.credential, now=LATER).verified


def test_bad_lines_are_reported_and_the_rest_issued(jsonl_with_bad_lines: Path, ed25519: Key) -> None:
    outcomes = list(issue_many(jsonl_with_bad_lines, ed25519, workers=2, now=NOW))
    failed = {o.number: o.error for o in outcomes if o.error is not None}
    assert sorted(failed) == [4, 6, 8]
    assert failed[4].code == "JSON_PARSE_ERROR"
    assert failed[6].code == "MODEL_INVALID" and failed[6].path == "learner.fullName"
    assert failed[6].problems and failed[6].problems[0][0] == "learner.fullName"
    assert failed[8].code == "INVALID_INPUT" and "JSON object" in failed[8].message
    assert [o.number for o in outcomes if o.ok] == [1, 2, 5, 7]
    by_number = {o.number: o for o in outcomes}
    assert by_number[4].credential_id is None and by_number[4].credential is None
    assert by_number[6].credential_id is None  # the model did not validate: no id was derived


def test_one_and_two_workers_give_identical_bytes(many: Any, ed25519: Key) -> None:
    records = many(20)
    one = [o.credential for o in issue_many(records, ed25519, workers=1, now=NOW, serialized=True)]
    two = [
        o.credential for o in issue_many(records, ed25519, workers=2, now=NOW, serialized=True, chunk_size=3)
    ]
    assert len(one) == 20 and all(isinstance(t, str) for t in one)
    assert one == two
    assert json.loads(str(one[0]))["proof"]["created"] == NOW


def test_csv_rows_with_a_template(template: dict[str, Any], ed25519: Key) -> None:
    outcomes = list(
        issue_many(read_csv(DATA / "learners.csv"), ed25519, workers=1, now=NOW, template=template)
    )
    assert [o.number for o in outcomes] == [2, 3, 4, 7] and all(o.ok for o in outcomes)
    credential = outcomes[0].credential
    assert (
        isinstance(credential, dict) and credential["id"] == "urn:uuid:0b6c1a80-0000-4000-8000-000000000001"
    )
    subject = credential["credentialSubject"]
    assert "Ana Andromeda" in json.dumps(subject)
    assert verify(credential, now=LATER).verified


def test_csv_model_errors_name_the_column(tmp_path: Path, template: dict[str, Any], ed25519: Key) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "learner.fullName.en,learner.email,learner.citizenship,workload.creditPoints[0].points,id\n"
        "Ana,ana@example.org,IT,5,urn:x:ana\n"
        ",bo@example,IT;XX,five,urn:x:bo\n",
        encoding="utf-8",
    )
    outcomes = list(issue_many(path, ed25519, workers=1, now=NOW, template=template))
    assert outcomes[0].ok
    error = outcomes[1].error
    assert error is not None and outcomes[1].number == 3
    assert outcomes[1].credential_id == "urn:x:bo"  # the failed record is named by its id too
    fields = [p for p, _ in error.problems]
    assert fields == [
        "learner.fullName.en",
        "learner.email",
        "learner.citizenship",
        "workload.creditPoints[0].points",
    ]
    assert error.path == "learner.fullName.en" and error.message.startswith(
        "invalid row: learner.fullName.en"
    )


def test_status_entries_are_allocated_once_per_credential_across_workers(
    tmp_path: Path, many: Any, ed25519: Key
) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db) as registry:
        registry.create_list(LIST_URL, purpose="revocation")
    records = many(24)
    outcomes = list(issue_many(records, ed25519, workers=2, now=NOW, status=db, chunk_size=2))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if o.error]
    indices = []
    for outcome in outcomes:
        assert isinstance(outcome.credential, dict)
        entry = outcome.credential["credentialStatus"]
        assert entry["statusListCredential"] == LIST_URL and entry["statusPurpose"] == "revocation"
        indices.append(int(entry["statusListIndex"]))
    assert len(set(indices)) == 24
    with StatusRegistry(db) as registry:
        for outcome in outcomes:
            assert outcome.credential_id is not None
            [row] = registry.entries(outcome.credential_id)
            assert row.index == int(outcome.credential["credentialStatus"]["statusListIndex"])  # type: ignore[index,call-overload]
        assert registry.get_list(LIST_URL).allocated == 24


def test_a_registry_object_is_reopened_by_each_worker(
    tmp_path: Path, records: list[dict[str, Any]], ed25519: Key
) -> None:
    with StatusRegistry(tmp_path / "status.sqlite") as registry:
        registry.create_list(LIST_URL)
        outcomes = list(issue_many(records, ed25519, workers=2, now=NOW, status=registry))
        assert all(o.ok for o in outcomes)
        assert registry.get_list(LIST_URL).allocated == len(records)
        # in one process the object itself is used (and stays open)
        more = list(issue_many(records[:2], ed25519, workers=1, now=NOW, status=registry))
        assert all(o.ok for o in more) and registry.get_list(LIST_URL).allocated == len(records)


def test_other_formats_and_keys(
    records: list[dict[str, Any]],
    keys: dict[str, Key],
    cert_chain_keys: dict[str, Key],
    cert_chain_anchors: Any,
) -> None:
    [token] = [
        o.credential for o in issue_many(records[:1], keys["P-256"], format="vc+jwt", workers=1, now=NOW)
    ]
    assert isinstance(token, str) and token.count(".") == 2
    assert verify(token, now=LATER).verified
    seal, anchor = cert_chain_keys["P-256"], cert_chain_anchors["P-256"]
    outcomes = list(issue_many(records[:2], seal, format="jades", workers=2, now=NOW))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    result = verify(outcomes[0].credential, now=LATER, trust_anchors=[anchor])
    assert result.check("proof").status.value == "passed"
    assert result.check("trust").status.value == "passed"


@pytest.mark.parametrize("alg", ["Ed25519", "P-256", "P-384", "secp256k1", "RSA"])
def test_keys_cross_process_boundaries_unchanged(keys: dict[str, Key], alg: str) -> None:
    key = keys[alg]
    rebuilt = KeySpec.of(key).load()
    assert (rebuilt.kid, rebuilt.controller, rebuilt.to_jwk(private=True)) == (
        key.kid,
        key.controller,
        key.to_jwk(private=True),
    )


def test_key_with_controller_other_than_its_kid(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"].with_kid("https://issuer.example/keys#1", controller="https://issuer.example/org")
    assert KeySpec.of(key).load().controller == "https://issuer.example/org"


def test_json_ld_credentials_and_model_objects(ed25519: Key) -> None:
    from microcred.elm import to_elm

    mc = example_microcredential()
    elm = to_elm(mc, data_model="v2", issuer_id=ed25519.controller)
    outcomes = list(issue_many([elm, mc], ed25519, workers=1, now=NOW))
    assert all(o.ok for o in outcomes)
    assert outcomes[0].credential_id == elm["id"] and outcomes[1].credential_id == mc.id


def test_template_merge_rules() -> None:
    base = {
        "title": {"en": "T", "de": "D"},
        "learningOutcomes": [{"text": {"en": "a"}}, {"text": {"en": "b"}}],
    }
    row = {"title": {"en": "T2"}, "learningOutcomes": [{"text": {"en": "A"}}], "languages": ["fr"]}
    assert merge(base, row) == {
        "title": {"en": "T2", "de": "D"},
        "learningOutcomes": [{"text": {"en": "A"}}, {"text": {"en": "b"}}],
        "languages": ["fr"],
    }
    assert merge({"languages": ["en", "de"]}, {"languages": ["fr"]}) == {"languages": ["fr"]}


def test_bad_arguments_fail_before_any_record(records: list[dict[str, Any]], ed25519: Key) -> None:
    with pytest.raises(UsageError, match="unknown format"):
        issue_many(records, ed25519, format="nope")
    with pytest.raises(UsageError, match="private key"):
        issue_many(records, ed25519.public())
    with pytest.raises(UsageError, match="workers"):
        issue_many(records, ed25519, workers=0)
    with pytest.raises(UsageError, match="chunk_size"):
        issue_many(records, ed25519, workers=2, chunk_size=0)

    class Unpicklable(FixedClock):
        def __reduce__(self) -> Any:
            raise TypeError("no pickling")

    with pytest.raises(UsageError, match="clock cannot be sent to worker processes"):
        issue_many(records, ed25519, workers=2, now=Unpicklable(NOW), mp_context="spawn")

    class NotARegistry:
        def allocate(self, credential_id: str) -> list[dict[str, Any]]:
            return []

    with pytest.raises(UsageError, match="give its database"):
        issue_many(records, ed25519, workers=2, status=NotARegistry())


def test_memory_stays_bounded_the_iterator_is_lazy(ed25519: Key, many: Any) -> None:
    pulled: list[int] = []

    def source() -> Any:
        for i, record in enumerate(many(200)):
            pulled.append(i)
            yield record

    outcomes = cast(
        Generator[Any, None, None], issue_many(source(), ed25519, workers=2, now=NOW, chunk_size=2)
    )
    first = next(outcomes)
    assert first.ok and first.number == 1
    # at most (4 chunks per worker + 1) x 2 workers x 2 records were read for the first outcome
    assert len(pulled) <= 2 * 2 * 5
    outcomes.close()  # stopping early shuts the pool down


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_dead_worker_stops_the_batch_with_an_error(
    records: list[dict[str, Any]], ed25519: Key, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = WorkerState.issue

    def die_on_three(self: WorkerState, number: int, kind: Any, data: Any) -> Any:
        if number == 3:
            os._exit(1)
        return original(self, number, kind, data)

    monkeypatch.setattr(WorkerState, "issue", die_on_three)  # inherited by the forked workers
    outcomes = issue_many(records, ed25519, workers=2, now=NOW, chunk_size=1, mp_context="fork")
    with pytest.raises(BatchWorkerError, match="died"):
        list(outcomes)
