"""``microcred status ...``: create, allocate, revoke, suspend, reinstate, show; errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.keys import Key
from microcred.status import Bitstring, StatusRegistry

from .conftest import LIST_URL, SUSPENSION_URL


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "status.sqlite")
    assert (
        run(capsys, "status", "create", "--db", path, "--url", LIST_URL, "--issuer", "did:example:uni")[0]
        == 0
    )
    code, out, _ = run(
        capsys, "status", "create", "--db", path, "--url", SUSPENSION_URL, "--purpose", "suspension"
    )
    assert code == 0 and "suspension list" in out
    return path


def test_allocate_revoke_and_show(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "allocate", "urn:uuid:a", "--db", db)
    assert code == 0
    entries = json.loads(out)
    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]

    code, out, _ = run(capsys, "status", "revoke", "urn:uuid:a", "--db", db, "--reason", "issued in error")
    assert code == 0 and "revoked" in out and "publish" in out

    code, out, _ = run(capsys, "status", "show", "urn:uuid:a", "--db", db, "--json")
    shown = json.loads(out)
    assert [(e["statusPurpose"], e["state"]) for e in shown["entries"]] == [
        ("revocation", "revoked"),
        ("suspension", "active"),
    ]
    assert shown["history"][-1] == {
        "credentialId": "urn:uuid:a",
        "purpose": "revocation",
        "action": "revoke",
        "reason": "issued in error",
        "at": shown["history"][-1]["at"],
    }
    code, out, _ = run(capsys, "status", "show", "--db", db)
    assert code == 0 and f"{LIST_URL}  revocation 1/131072 allocated, 1 set" in out
    code, out, _ = run(capsys, "status", "show", "--list", SUSPENSION_URL, "--db", db, "--json")
    assert json.loads(out) == [
        {
            "url": SUSPENSION_URL,
            "purpose": "suspension",
            "size": 131072,
            "statusSize": 1,
            "issuer": None,
            "allocated": 1,
            "created": json.loads(out)[0]["created"],
            "rollover": None,
            "changed": True,
            "set": 0,
        }
    ]
    with StatusRegistry(db) as reg:
        index = int(entries[0]["statusListIndex"])
        assert list(reg.bitstring(LIST_URL).set_indices()) == [index]


def test_create_records_the_issuer(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://registrar.example.edu/status/3"
    assert (
        run(
            capsys, "status", "create", "--db", db, "--url", url, "--issuer", "did:web:registrar.example.edu"
        )[0]
        == 0
    )
    code, out, _ = run(capsys, "status", "show", "--db", db, "--list", url, "--json")
    assert code == 0 and json.loads(out)[0]["issuer"] == "did:web:registrar.example.edu"


def test_suspend_and_reinstate(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "status", "allocate", "urn:uuid:b", "--db", db, "--purpose", "suspension")
    code, out, _ = run(capsys, "status", "suspend", "urn:uuid:b", "--db", db, "--json")
    assert code == 0 and json.loads(out)["status"] == 1
    code, out, _ = run(capsys, "status", "reinstate", "urn:uuid:b", "--db", db)
    assert code == 0 and "active" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["status", "revoke", "urn:uuid:nobody"], "no entries"),
        (["status", "show", "urn:uuid:nobody"], "no entries"),
        (["status", "show", "--list", "https://registrar.example.edu/status/404"], "no status list"),
        (["status", "create", "--url", LIST_URL], "already exists"),
        (
            ["status", "create", "--url", "https://registrar.example.edu/status/3", "--size", "100"],
            "multiple of 8",
        ),
    ],
)
def test_errors_exit_2_with_a_message(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 2 and message in err


def test_reinstating_a_revocation_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "status", "allocate", "urn:uuid:c", "--db", db, "--purpose", "revocation")
    run(capsys, "status", "revoke", "urn:uuid:c", "--db", db)
    code, _, err = run(capsys, "status", "reinstate", "urn:uuid:c", "--db", db)
    assert code == 2 and "STATUS_TRANSITION_NOT_ALLOWED" in err and "not reversible" in err


def test_commands_other_than_create_need_an_existing_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing.sqlite")
    code, _, err = run(capsys, "status", "show", "--db", missing)
    assert code == 2 and "no status registry" in err
    assert not Path(missing).exists()


def test_default_db_is_in_the_working_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "status", "create", "--url", LIST_URL)[0] == 0
    assert (tmp_path / "microcred-status.sqlite").is_file()
    assert run(capsys, "status", "show")[0] == 0


def test_sqlalchemy_url_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    assert run(capsys, "status", "create", "--db", url, "--url", LIST_URL)[0] == 0
    code, out, _ = run(capsys, "status", "allocate", "urn:uuid:d", "--db", url)
    assert code == 0 and json.loads(out)["statusListCredential"] == LIST_URL


def test_publish_writes_the_signed_list_atomically(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Key.generate("Ed25519", did="key")
    key_file = tmp_path / "issuer.jwk"
    key.save(key_file)
    # the list's recorded issuer must be the signing key's controller (a mismatch is refused: see below)
    own_list = "https://registrar.example.edu/status/own"
    assert (
        run(capsys, "status", "create", "--db", db, "--url", own_list, "--issuer", str(key.controller))[0]
        == 0
    )
    with StatusRegistry(db) as reg:
        reg.allocate("urn:uuid:e", ("revocation",), list_url=own_list)
        reg.revoke("urn:uuid:e")
        expected = reg.bitstring(own_list)
    wrong = [
        "status",
        "publish",
        "--db",
        db,
        "--list",
        LIST_URL,
        "--key",
        str(key_file),
        "-o",
        str(tmp_path / "x"),
    ]
    assert run(capsys, *wrong)[0] == 2  # LIST_URL belongs to did:example:uni, not to this key
    assert not (tmp_path / "x").exists()
    out_file = tmp_path / "status-1.json"
    argv = ["status", "publish", "--db", db, "--list", own_list, "--key", str(key_file), "-o", str(out_file)]
    code, _, err = run(capsys, *argv, "--now", "2026-01-15T12:00:00Z", "--valid-days", "30")
    assert code == 0, err
    published: Any = json.loads(out_file.read_text())
    assert published["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert (
        published["validFrom"] == "2026-01-15T12:00:00Z" and published["validUntil"] == "2026-02-14T12:00:00Z"
    )
    assert Bitstring.decode(published["credentialSubject"]["encodedList"]) == expected
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_reinstate_of_a_revoked_credential_prints_the_true_state(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reinstating lifts the suspension only: the output says the credential stays revoked."""
    run(capsys, "status", "allocate", "urn:uuid:d", "--db", db)  # one revocation and one suspension entry
    run(capsys, "status", "suspend", "urn:uuid:d", "--db", db)
    code, out, _ = run(capsys, "status", "revoke", "urn:uuid:d", "--db", db)
    assert code == 0 and "the credential is revoked" in out
    code, out, _ = run(capsys, "status", "reinstate", "urn:uuid:d", "--db", db)
    first = out.splitlines()[0]
    assert code == 0 and "suspension entry active" in first and first.endswith("the credential is revoked")
    assert "revocation is not reversible" in out
    code, out, _ = run(capsys, "status", "show", "urn:uuid:d", "--db", db, "--json")
    states = {e["statusPurpose"]: e["state"] for e in json.loads(out)["entries"]}
    assert states == {"revocation": "revoked", "suspension": "active"}


def test_create_help_names_where_the_default_issuer_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["status", "create", "--help"])
    assert "--key given to 'status publish'" in " ".join(capsys.readouterr().out.split())


def test_publish_changed_writes_every_changed_list_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Key.generate("Ed25519", did="key")
    key_file = tmp_path / "issuer.jwk"
    key.save(key_file)
    db = str(tmp_path / "r.sqlite")
    site = tmp_path / "site"
    site.mkdir()
    base = "https://registrar.example.edu/status/"
    create = ["status", "create", "--db", db, "--issuer", str(key.controller), "--size", "8"]
    code, _, err = run(capsys, *create, "--url", base + "1", "--rollover", base + "{n}")
    assert code == 2 and "at least 131072" in err  # --size is bounded below by the REC
    code, _, err = run(capsys, *create[:-2], "--url", base + "1", "--rollover", base + "{n}")
    assert code == 0, err
    publish = ["status", "publish", "--db", db, "--changed", "--out", str(site), "--key", str(key_file)]
    code, out, err = run(capsys, *publish, "--kind", "bitstring", "--kind", "token")
    assert code == 0, err
    assert out.splitlines() == [
        f"published {base}1 (bitstring) to {site / 'status' / '1'}",
        f"published {base}1 (token) to {site / 'status' / '1.jwt'}",
        f"1 changed list(s) published to {site}",
    ]
    assert json.loads((site / "status" / "1").read_text())["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    code, out, _ = run(capsys, *publish)
    assert code == 0 and out.strip() == (
        f"no status list changed since it was last published; nothing written to {site}"
    )
    run(capsys, "status", "allocate", "urn:uuid:f", "--db", db)
    run(capsys, "status", "revoke", "urn:uuid:f", "--db", db)
    code, out, _ = run(capsys, "status", "show", "--db", db)
    assert out.strip().endswith("1/131072 allocated, 1 set; to publish")
    code, out, _ = run(capsys, *publish)
    assert code == 0 and out.splitlines()[-1] == f"1 changed list(s) published to {site}"
    for argv in (
        [*publish[:5], "--key", str(key_file)],  # --changed without --out
        ["status", "publish", "--db", db, "--list", base + "1", "--out", str(site), "--key", str(key_file)],
        ["status", "publish", "--db", db, "--list", base + "1", "--kind", "token", "--key", str(key_file)],
        [*publish, "-o", str(tmp_path / "x.json")],
        [
            "status",
            "publish",
            "--db",
            db,
            "--changed",
            "--out",
            str(tmp_path / "none"),
            "--key",
            str(key_file),
        ],
    ):
        assert run(capsys, *argv)[0] == 2, argv


def test_publish_of_one_list_to_a_file_marks_it_published(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Key.generate("Ed25519", did="key")
    key_file = tmp_path / "issuer.jwk"
    key.save(key_file)
    with StatusRegistry(db) as reg:
        assert [r.url for r in reg.changed_lists()] == [LIST_URL, SUSPENSION_URL]
    argv = ["status", "publish", "--db", db, "--list", SUSPENSION_URL, "--key", str(key_file)]
    assert run(capsys, *argv)[0] == 0  # to stdout: not marked
    with StatusRegistry(db) as reg:
        assert len(reg.changed_lists()) == 2
    assert run(capsys, *argv, "-o", str(tmp_path / "s.json"))[0] == 0
    with StatusRegistry(db) as reg:
        assert [r.url for r in reg.changed_lists()] == [LIST_URL]
