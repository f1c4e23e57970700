"""The batch path writes the same bytes as ``issue()``, and the same JSON values as before issue 19's speed work.

The batch worker shares the inline contexts between the credentials it writes as text (not one copy per
credential) and writes them from their stored JSON text; these tests check that this changes no byte, for varied
records (learners, languages, optional members, names that are also context terms, status entries, JSON-LD and
ELM records), and that a document ``issue()`` hands out never shares anything with the next one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from microcred import issue
from microcred.batch import issue_many
from microcred.batch.worker import BatchConfig, WorkerState
from microcred.clock import FixedClock
from microcred.elm import to_elm
from microcred.elm.inline_context import shared_inline_contexts
from microcred.keys import Key
from microcred.model import MicroCredential

from .varied_records import FixedStatus, varied_records

NOW = "2026-01-15T12:00:00Z"
DIGESTS: dict[str, str] = json.loads(
    (Path(__file__).resolve().parent / "data" / "issued_bytes.sha256.json").read_text(encoding="utf-8")
)

#: (format, data model, status entries per credential, indent)
CONFIGS = [
    ("eddsa-rdfc-2022", None, 0, None),
    ("eddsa-rdfc-2022", "v1", 1, None),
    ("eddsa-rdfc-2022", "v2", 2, 2),
    ("vc+jwt", None, 0, None),
    ("jws-2020", None, 1, None),
]


def _records(key: Key) -> dict[str, dict[str, Any]]:
    records = varied_records()
    full = MicroCredential.from_dict(records["full-learner-0"])
    records["jsonld-v2"] = to_elm(full, data_model="v2", issuer_id=key.controller)
    records["elm-record-v1"] = {"credential": to_elm(full, data_model="v1")}
    return records


def _applies(name: str, fmt: str, data_model: str | None) -> bool:
    if name.startswith("elm"):
        return fmt == "eddsa-rdfc-2022"
    if name == "jsonld-v2":
        return data_model != "v1" and fmt != "jws-2020"
    return True


def _text(secured: dict[str, Any] | str, indent: int | None) -> str:
    """The file text: compact JSON (no whitespace), or indented."""
    if isinstance(secured, str):
        return secured
    if indent is None:
        return json.dumps(secured, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(secured, ensure_ascii=False, indent=indent) + "\n"


def _digest(text: str, indent: int | None) -> str:
    """SHA-256 of the text as it was written before batch files became compact (``json.dumps`` with its default
    separators): the recorded digests stay those of the same JSON values, member order and proofs."""
    if not text.startswith("{") or indent is not None:
        return hashlib.sha256(text.encode()).hexdigest()
    before = json.dumps(json.loads(text), ensure_ascii=False) + "\n"
    return hashlib.sha256(before.encode()).hexdigest()


@pytest.mark.parametrize(("fmt", "data_model", "entries", "indent"), CONFIGS)
def test_batch_bytes_are_issue_bytes_and_unchanged(
    keys: dict[str, Key], fmt: str, data_model: Any, entries: int, indent: int | None
) -> None:
    key = keys["Ed25519"]
    status = FixedStatus(entries) if entries else None
    config = BatchConfig(
        key=None, format=fmt, clock=FixedClock(NOW), data_model=data_model, serialized=True, indent=indent
    )
    state = WorkerState(config, key=key, status=status)
    checked = 0
    for name, record in _records(key).items():
        if not _applies(name, fmt, data_model):
            continue
        tag = f"{name}|{fmt}|{data_model}|{entries}|{indent}"
        as_line = state.issue(1, "json", json.dumps(record, ensure_ascii=False))
        as_value = state.issue(2, "value", json.loads(json.dumps(record)))
        assert as_line.error is None and as_value.error is None, tag
        credential = state.issuable(json.loads(json.dumps(record)))
        plain = issue(credential, key, format=fmt, now=NOW, data_model=data_model, status=status)
        text = _text(plain, indent)
        assert as_line.credential == text, tag
        assert as_value.credential == text, tag
        assert _digest(text, indent) == DIGESTS[tag], tag
        checked += 1
    assert checked >= 9
    if fmt != "vc+jwt":  # (the JOSE formats check expansion only; no RDF is written for them)
        assert state.memo.hits > 50  # node objects repeated between the records came from the batch's memo


def test_issue_many_serialized_matches_issue(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    records = list(varied_records().values())
    texts = [o.credential for o in issue_many(records, key, workers=1, now=NOW, serialized=True)]
    plain = [_text(issue(MicroCredential.from_dict(r), key, now=NOW), None) for r in records]
    assert texts == plain


def test_a_changed_document_does_not_change_the_next_one(keys: dict[str, Key]) -> None:
    key = keys["Ed25519"]
    records = list(varied_records().values())[:3]
    first = issue(MicroCredential.from_dict(records[0]), key, now=NOW)
    expected = json.dumps(issue(MicroCredential.from_dict(records[1]), key, now=NOW))
    # the caller changes everything in the credential it got, its inline contexts included
    for context in first["@context"]:
        if isinstance(context, dict):
            context.clear()
            context["changed"] = "https://example.org/changed"
    first["@context"].append("https://example.org/extra")
    assert json.dumps(issue(MicroCredential.from_dict(records[1]), key, now=NOW)) == expected
    # the same outside the batch worker's sharing block, after a batch ran
    list(issue_many(records, key, workers=1, now=NOW, serialized=True))
    again = issue(MicroCredential.from_dict(records[1]), key, now=NOW)
    assert json.dumps(again) == expected
    for context in again["@context"]:
        if isinstance(context, dict):
            context["changed"] = "https://example.org/changed"
    assert json.dumps(issue(MicroCredential.from_dict(records[1]), key, now=NOW)) == expected
    # documents from a batch without serialized output are the caller's own too
    outcomes = list(issue_many(records[:2], key, workers=1, now=NOW))
    inline = [c for o in outcomes if isinstance(o.credential, dict) for c in o.credential["@context"]]
    inline = [c for c in inline if isinstance(c, dict)]
    assert len(inline) >= 2 and len({id(c) for c in inline}) == len(inline)


def test_shared_contexts_are_one_object_only_inside_the_block(keys: dict[str, Key]) -> None:
    record = MicroCredential.from_dict(varied_records()["full-learner-1"])
    with shared_inline_contexts():
        one, two = to_elm(record, data_model="v2"), to_elm(record, data_model="v2")
    assert one["@context"][1] is two["@context"][1]
    three, four = to_elm(record, data_model="v2"), to_elm(record, data_model="v2")
    assert three["@context"][1] is not four["@context"][1]
    assert three["@context"][1] is not one["@context"][1]
    assert three == four == one


@pytest.mark.parametrize(
    ("fmt", "indent"), [("eddsa-rdfc-2022", None), ("eddsa-rdfc-2022", 2), ("vc+jwt", None)]
)
def test_encoded_outcomes_are_the_text_utf8_encoded(
    keys: dict[str, Key], fmt: str, indent: int | None
) -> None:
    key = keys["Ed25519"]
    records = list(varied_records().values())[:4]
    texts = issue_many(records, key, workers=1, now=NOW, format=fmt, serialized=True, indent=indent)
    encoded = issue_many(
        records, key, workers=1, now=NOW, format=fmt, serialized=True, encoded=True, indent=indent
    )
    pairs = list(zip(texts, encoded, strict=True))
    assert pairs
    for text, data in pairs:
        assert isinstance(text.credential, str) and isinstance(data.credential, bytes)
        assert data.credential == text.credential.encode("utf-8")
        assert data.credential_id == text.credential_id


def test_encoded_needs_serialized(keys: dict[str, Key]) -> None:
    from microcred.errors import UsageError

    with pytest.raises(UsageError, match="serialized=True"):
        issue_many([], keys["Ed25519"], workers=1, encoded=True)
