"""The status list credential: what the registry publishes (VC 2.0 and 1.1 shapes) and the strict reading."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import StatusListError, UsageError
from microcred.jsonld.contexts import BITSTRING_STATUS_V1, CREDENTIALS_V1, CREDENTIALS_V2
from microcred.status.bitstring import Bitstring
from microcred.status.credential import build_status_list_credential, parse_status_list_credential
from microcred.verification.checks import data_model_problems

from .conftest import DATA, VECTORS, load

LIST_VECTORS = sorted(
    p for p in VECTORS.glob("rec-example-*.json") if "BitstringStatusListCredential" in p.name
)
INVALID: dict[str, Any] = load(DATA / "invalid-list-credentials.json")
T0 = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def test_vc2_shape() -> None:
    doc = build_status_list_credential(
        "https://registrar.example.edu/status/1",
        issuer="did:example:uni",
        status_purpose="revocation",
        encoded_list=Bitstring.zeros(131072).encode(),
        valid_from=T0,
        valid_until=datetime(2026, 2, 15, tzinfo=UTC),
        ttl=86_400_000,
    )
    assert doc["@context"] == [CREDENTIALS_V2]
    assert doc["id"] == "https://registrar.example.edu/status/1"
    assert doc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert doc["validFrom"] == "2026-01-15T12:00:00Z" and doc["validUntil"] == "2026-02-15T00:00:00Z"
    assert doc["credentialSubject"] == {
        "id": "https://registrar.example.edu/status/1#list",
        "type": "BitstringStatusList",
        "statusPurpose": "revocation",
        "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        "ttl": 86_400_000,
    }
    assert data_model_problems(doc) == []
    parsed = parse_status_list_credential(doc)
    assert (
        parsed.issuer == "did:example:uni"
        and parsed.status_purposes == ("revocation",)
        and parsed.ttl == 86_400_000
    )


def test_vc11_shape_uses_the_status_v1_context() -> None:
    doc = build_status_list_credential(
        "https://registrar.example.edu/status/1",
        issuer="did:example:uni",
        status_purpose="suspension",
        encoded_list=Bitstring.zeros(131072).encode(),
        valid_from=T0,
        valid_until=datetime(2026, 2, 15, tzinfo=UTC),
        data_model="v1",
    )
    assert doc["@context"] == [CREDENTIALS_V1, BITSTRING_STATUS_V1]
    assert doc["issuanceDate"] == "2026-01-15T12:00:00Z" and doc["expirationDate"] == "2026-02-15T00:00:00Z"
    assert "validFrom" not in doc and "validUntil" not in doc
    assert data_model_problems(doc) == []


def test_build_refuses_bad_arguments() -> None:
    with pytest.raises(UsageError):
        build_status_list_credential(
            "https://x.example/1", issuer="nobody", status_purpose="revocation", encoded_list="u"
        )
    with pytest.raises(UsageError):
        build_status_list_credential(
            "https://x.example/1",
            issuer="did:example:a",
            status_purpose="revocation",
            encoded_list="u",
            data_model="v3",  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("path", LIST_VECTORS, ids=[p.stem for p in LIST_VECTORS])
def test_rec_example_lists_parse(path: Path) -> None:
    parsed = parse_status_list_credential(load(path), credential_type="BitstringStatusListCredential")
    assert parsed.id == "https://example.com/credentials/status/3"
    assert parsed.issuer == "did:example:12345"
    assert parsed.status_purposes == ("revocation",)
    assert parsed.multibase
    assert parsed.bitstring().entries() == 131072


def test_statuslist2021_credential_parses() -> None:
    parsed = parse_status_list_credential(load(DATA / "statuslist2021-credential.json"))
    assert parsed.credential_type == "StatusList2021Credential" and not parsed.multibase
    assert parsed.bitstring().entries() == 131072
    with pytest.raises(StatusListError):
        parse_status_list_credential(parsed.credential, credential_type="BitstringStatusListCredential")


def test_a_list_with_several_purposes() -> None:
    doc = load(VECTORS / "rec-example-02-BitstringStatusListCredential.json")
    doc["credentialSubject"]["statusPurpose"] = ["revocation", "suspension"]
    assert parse_status_list_credential(doc).status_purposes == ("revocation", "suspension")


@pytest.mark.parametrize("name", sorted(INVALID))
def test_malformed_list_credential_is_rejected_naming_the_field(name: str) -> None:
    case = INVALID[name]
    with pytest.raises(StatusListError) as info:
        parse_status_list_credential(case["credential"], credential_type="BitstringStatusListCredential")
    assert info.value.path == case["field"], str(info.value)


def test_not_an_object() -> None:
    with pytest.raises(StatusListError):
        parse_status_list_credential(["not", "a", "credential"])
