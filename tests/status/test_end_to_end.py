"""Revocation end to end with real keys and eddsa-rdfc-2022: issue (status=registry), publish, verify, revoke.

Skipped only while ``microcred.keys.Key`` or the eddsa-rdfc-2022 suite are not in the tree yet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.keys import Key
from microcred.status import StatusRegistry

LIST_URL = "https://registrar.example.edu/status/1"
NOW = "2026-01-15T12:00:00Z"


@pytest.fixture
def key_class() -> Any:
    return Key


def _credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0d5a6a6e-3a59-4f4e-8f2c-7f7d1c2b9e01",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }


def test_issue_verify_revoke_verify(key_class: Any, tmp_path: Path) -> None:
    from microcred.issuer import issue
    from microcred.verification.verifier import verify

    key = key_class.generate("Ed25519", did="key")
    with StatusRegistry(tmp_path / "status.sqlite", clock=NOW) as registry:
        registry.create_list(LIST_URL, "revocation")
        secured = issue(_credential(key.controller), key, format="eddsa-rdfc-2022", now=NOW, status=registry)
        assert isinstance(secured, dict)
        assert secured["credentialStatus"]["statusListCredential"] == LIST_URL

        published = registry.publish(LIST_URL, key, format="eddsa-rdfc-2022", clock=NOW)
        before = verify(secured, now=NOW, status_lists=[published])
        assert before.verified, before.summary()
        assert before.check("status").code == "STATUS_ACTIVE"

        registry.revoke(secured["id"])
        published = registry.publish(LIST_URL, key, format="eddsa-rdfc-2022", clock=NOW)
        after = verify(secured, now=NOW, status_lists=[published])
        assert not after.verified
        assert after.check("status").code == "STATUS_REVOKED"

        # A list signed by another key (another issuer) does not count.
        other = key_class.generate("Ed25519", did="key")
        foreign = registry.publish(
            LIST_URL, other, format="eddsa-rdfc-2022", clock=NOW, issuer=other.controller
        )
        assert (
            verify(secured, now=NOW, status_lists=[foreign]).check("status").code
            == "STATUS_LIST_ISSUER_MISMATCH"
        )


def test_revocation_round_trip_through_the_cli(
    key_class: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = key_class.generate("Ed25519", did="key")
    key_file = tmp_path / "issuer.jwk"
    key.save(key_file)
    db = str(tmp_path / "status.sqlite")
    cred_file = tmp_path / "credential.json"
    cred_file.write_text(json.dumps(_credential(key.controller)))
    signed_file, list_file = tmp_path / "signed.json", tmp_path / "status-1.json"

    def cli(*argv: str) -> int:
        code = main(list(argv))
        capsys.readouterr()
        return code

    assert cli("status", "create", "--db", db, "--url", LIST_URL) == 0
    assert (
        cli(
            "issue",
            str(cred_file),
            "--key",
            str(key_file),
            "--status-db",
            db,
            "--now",
            NOW,
            "-o",
            str(signed_file),
        )
        == 0
    )
    publish = ["status", "publish", "--db", db, "--list", LIST_URL, "--key", str(key_file), "--now", NOW]
    assert cli(*publish, "-o", str(list_file)) == 0
    verify = ["verify", str(signed_file), "--status-list", str(list_file), "--now", NOW]
    assert cli(*verify) == 0
    credential_id = json.loads(signed_file.read_text())["id"]
    assert cli("status", "revoke", credential_id, "--db", db) == 0
    assert cli(*publish, "-o", str(list_file)) == 0
    assert cli(*verify) == 1
