"""credentialStatus entries: what an issuer writes; strict reading of REC examples and malformed entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from microcred.errors import StatusListError
from microcred.status.entry import (
    BITSTRING_ENTRY,
    STATUS_LIST_2021_ENTRY,
    build_entry,
    credential_status_entries,
    parse_entry,
)

from .conftest import DATA, VECTORS, load

VC_VECTORS = sorted(p for p in VECTORS.glob("rec-example-*.json") if "credentialStatus" in p.read_text())
INVALID: dict[str, Any] = load(DATA / "invalid-entries.json")


def test_build_entry_is_the_rec_shape() -> None:
    entry = build_entry("https://registrar.example.edu/status/1", 94567, "revocation")
    assert entry == {
        "id": "https://registrar.example.edu/status/1#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://registrar.example.edu/status/1",
    }
    assert parse_entry(entry).status_list_index == 94567


def test_build_entry_with_status_messages() -> None:
    messages = {0: "pending_review", 1: "accepted", 2: "rejected", 3: "undefined"}
    entry = build_entry("https://example.com/status/8", 5, "message", status_size=2, status_messages=messages)
    assert entry["statusSize"] == 2
    assert entry["statusMessage"][2] == {"status": "0x2", "message": "rejected"}
    parsed = parse_entry(entry)
    assert parsed.status_size == 2 and parsed.message_for(1) == "accepted"
    with pytest.raises(StatusListError):
        build_entry(
            "https://example.com/status/8", 5, "message", status_size=2, status_messages={0: "a", 1: "b"}
        )


@pytest.mark.parametrize("path", VC_VECTORS, ids=[p.stem for p in VC_VECTORS])
def test_rec_example_entries_parse(path: Path) -> None:
    doc = load(path)
    entries = credential_status_entries(doc)
    assert entries
    for where, raw in entries:
        parsed = parse_entry(raw, path=where)
        assert parsed.type == BITSTRING_ENTRY
        assert parsed.status_purpose in ("revocation", "suspension")
        assert str(parsed.status_list_index) == raw["statusListIndex"]
        assert parsed.status_list_credential == raw["statusListCredential"]
        assert parsed.status_size == 1 and parsed.message_for(1) == "set" and parsed.message_for(0) == "unset"
        assert parsed.list_credential_type == "BitstringStatusListCredential"


def test_rec_example_16_has_two_purposes_in_one_list() -> None:
    entries = [
        parse_entry(raw) for _, raw in credential_status_entries(load(VECTORS / "rec-example-16-VC.json"))
    ]
    assert {e.status_list_credential for e in entries} == {"https://example.com/credentials/status/5"}
    assert [(e.status_purpose, e.status_list_index) for e in entries] == [
        ("revocation", 94567),
        ("suspension", 12345),
    ]


def test_rec_message_example_entry_parses() -> None:
    # REC §2.1 Example 2 (its "..." elided): four messages for statusSize 2.
    entry = {
        "id": "https://example.com/credentials/status/8#492847",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": "492847",
        "statusSize": 2,
        "statusListCredential": "https://example.com/credentials/status/8",
        "statusMessage": [
            {"status": "0x0", "message": "pending_review"},
            {"status": "0x1", "message": "accepted"},
            {"status": "0x2", "message": "rejected"},
            {"status": "0x3", "message": "undefined"},
        ],
        "statusReference": "https://example.org/status-dictionary/",
    }
    parsed = parse_entry(entry)
    assert parsed.status_size == 2
    assert parsed.status_messages == {0: "pending_review", 1: "accepted", 2: "rejected", 3: "undefined"}
    assert parsed.status_reference == ("https://example.org/status-dictionary/",)


def test_statuslist2021_entry_parses() -> None:
    doc = load(DATA / "statuslist2021-vc.json")
    parsed = parse_entry(doc["credentialStatus"])
    assert parsed.type == STATUS_LIST_2021_ENTRY
    assert parsed.status_list_index == 94567
    assert parsed.list_credential_type == "StatusList2021Credential" and parsed.list_type == "StatusList2021"
    assert not parsed.multibase
    # StatusList2021 issuers sometimes wrote the index as a number; a Bitstring entry may not.
    assert parse_entry({**doc["credentialStatus"], "statusListIndex": 7}).status_list_index == 7


@pytest.mark.parametrize("name", sorted(INVALID))
def test_malformed_entry_is_rejected_naming_the_field(name: str) -> None:
    case = INVALID[name]
    with pytest.raises(StatusListError) as info:
        parse_entry(case["entry"])
    assert info.value.path == case["field"], str(info.value)


@pytest.mark.parametrize(
    "kind", [None, "RevocationList2020Status", ["BitstringStatusListEntry", "StatusList2021Entry"]]
)
def test_entry_type_must_be_one_known_type(kind: Any) -> None:
    entry = build_entry("https://example.com/status/3", 1, "revocation")
    entry["type"] = kind
    with pytest.raises(StatusListError) as info:
        parse_entry(entry)
    assert info.value.path == "$.credentialStatus.type"


def test_credential_status_entries_paths() -> None:
    assert credential_status_entries({}) == []
    one = {"credentialStatus": {"type": "x"}}
    assert credential_status_entries(one) == [("$.credentialStatus", {"type": "x"})]
    two = {"credentialStatus": [{"a": 1}, {"b": 2}]}
    assert [p for p, _ in credential_status_entries(two)] == [
        "$.credentialStatus[0]",
        "$.credentialStatus[1]",
    ]
