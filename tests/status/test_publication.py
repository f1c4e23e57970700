"""Every changed status list published in one step: what changed, what is written, when it is marked published."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from microcred.errors import UsageError
from microcred.keys import Key
from microcred.status import Bitstring, DirectoryPublisher, StatusRegistry
from microcred.status.token_status_list import INVALID, verify_status_list_token

from .conftest import ISSUER, LIST_URL, SUSPENSION_URL, sign

TOKEN_KEY = Key.from_jwk(
    {
        "kty": "EC",
        "crv": "P-256",
        "d": "Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g",
        "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
        "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
    },
    kid="12",
)


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def bits_of(path: Path) -> list[int]:
    document = json.loads(path.read_text())
    assert document["proof"]  # signed
    return list(Bitstring.decode(document["credentialSubject"]["encodedList"]).set_indices())


def test_new_lists_are_published_then_nothing_until_a_status_changes(db: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    with StatusRegistry(db, clock="2026-01-15T12:00:00Z") as reg:
        reg.create_list(LIST_URL, "revocation", issuer=ISSUER)
        reg.create_list(SUSPENSION_URL, "suspension", issuer=ISSUER)
        assert [r.url for r in reg.changed_lists()] == [LIST_URL, SUSPENSION_URL]
        done = reg.publish_changed(out, sign=sign)
        assert [(d.url, d.kind, d.location) for d in done] == [
            (LIST_URL, "bitstring", str(out / "status" / "1")),
            (SUSPENSION_URL, "bitstring", str(out / "status" / "2")),
        ]
        assert sorted(files(out)) == ["status/1", "status/2"] and bits_of(out / "status" / "1") == []
        assert reg.changed_lists() == [] and reg.publish_changed(out, sign=sign) == []
        entries = reg.allocate("urn:uuid:a")  # allocating changes no published bit
        assert reg.changed_lists() == []
        before = files(out)
        reg.revoke("urn:uuid:a")
        assert [r.url for r in reg.changed_lists()] == [LIST_URL]
        done = reg.publish_changed(out, sign=sign)
        assert [d.url for d in done] == [LIST_URL]
        assert bits_of(out / "status" / "1") == [int(entries[0]["statusListIndex"])]
        assert files(out)["status/2"] == before["status/2"]  # the unchanged list is not written again
        reg.revoke("urn:uuid:a")  # already revoked: nothing changes
        assert reg.changed_lists() == []


def test_token_status_lists_are_written_next_to_the_bitstring_lists(
    registry: StatusRegistry, tmp_path: Path
) -> None:
    entry = registry.allocate("urn:uuid:b", ("revocation",))[0]
    registry.revoke("urn:uuid:b")
    done = registry.publish_changed(tmp_path, TOKEN_KEY, kinds=("token", "bitstring"), sign=sign)
    assert [(d.url, d.kind, d.media_type) for d in done] == [
        (LIST_URL, "bitstring", "application/vc+ld+json"),
        (LIST_URL, "token", "application/statuslist+jwt"),
        (SUSPENSION_URL, "bitstring", "application/vc+ld+json"),
        (SUSPENSION_URL, "token", "application/statuslist+jwt"),
    ]
    token = (tmp_path / "status" / "1.jwt").read_text()
    verified = verify_status_list_token(
        token, TOKEN_KEY, uri=LIST_URL, now=datetime(2026, 1, 15, 12, tzinfo=UTC)
    )
    assert verified.status_list.get(int(entry["statusListIndex"])) == INVALID
    assert not list(tmp_path.rglob("*.tmp"))  # written atomically: no temporary file left


def test_a_list_is_marked_published_only_once_written(registry: StatusRegistry, tmp_path: Path) -> None:
    written: list[str] = []

    def flaky(list_url: str, kind: str, body: bytes, media_type: str) -> str:
        if list_url == SUSPENSION_URL:
            raise OSError("disk full")
        written.append(list_url)
        return "memory"

    with pytest.raises(OSError):
        registry.publish_changed(flaky, sign=sign)
    assert written == [LIST_URL] and [r.url for r in registry.changed_lists()] == [SUSPENSION_URL]
    done = registry.publish_changed(tmp_path, sign=sign)
    assert [d.url for d in done] == [SUSPENSION_URL]


def test_a_change_while_publishing_keeps_the_list_changed(registry: StatusRegistry) -> None:
    registry.allocate("urn:uuid:c")
    registry.allocate("urn:uuid:e")
    registry.publish_changed(lambda *a: "memory", sign=sign)
    bodies: list[bytes] = []

    def revoking(list_url: str, kind: str, body: bytes, media_type: str) -> str:
        bodies.append(body)
        registry.revoke("urn:uuid:e")  # lands after the list's bits were read
        return "memory"

    registry.revoke("urn:uuid:c")
    assert [d.url for d in registry.publish_changed(revoking, sign=sign)] == [LIST_URL]
    assert [r.url for r in registry.changed_lists()] == [LIST_URL]  # e's revocation is not published yet
    published = json.loads(bodies[0])["credentialSubject"]["encodedList"]
    assert len(list(Bitstring.decode(published).set_indices())) == 1
    assert len(registry.publish_changed(lambda *a: "memory", sign=sign)) == 1


def test_bad_targets_and_options_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with StatusRegistry(tmp_path / "r.sqlite", clock="2026-01-15T12:00:00Z") as reg:
        reg.create_list("https://a.example/status/1", issuer=ISSUER)
        reg.create_list("https://b.example/status/1", issuer=ISSUER)
        out = tmp_path / "out"
        out.mkdir()
        with pytest.raises(UsageError, match="both be written"):
            reg.publish_changed(out, sign=sign)
        assert files(out) == {} and len(reg.changed_lists()) == 2
        for bad in ({"kinds": ("json",)}, {"kinds": ()}, {"kinds": ("token",)}):
            with pytest.raises(UsageError):
                reg.publish_changed(out, sign=sign, **bad)
        with pytest.raises(UsageError):
            reg.publish_changed(tmp_path / "missing", sign=sign)
        with pytest.raises(TypeError):
            reg.publish_changed(out, sign=sign, kind="token")  # type: ignore[call-arg]
    publisher = DirectoryPublisher(tmp_path)
    for url in (
        "https://a.example/",
        "https://a.example",
        "https://a.example/x/../y",
        "https://a.example//x",
    ):
        with pytest.raises(UsageError):
            publisher.path_for(url, "bitstring")
    assert publisher.path_for("https://a.example/s/%31", "token") == tmp_path / "s" / "1.jwt"


def test_a_version_1_registry_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as c:
        c.executescript(
            """
            CREATE TABLE microcred_status_meta (name VARCHAR(64) PRIMARY KEY, value VARCHAR(256) NOT NULL);
            INSERT INTO microcred_status_meta VALUES ('schema', '1');
            CREATE TABLE microcred_status_lists (url VARCHAR(2048) PRIMARY KEY, purpose VARCHAR(64) NOT NULL,
                size INTEGER NOT NULL, status_size INTEGER NOT NULL, issuer VARCHAR(2048),
                allocated INTEGER NOT NULL, created VARCHAR(40) NOT NULL);
            INSERT INTO microcred_status_lists VALUES
                ('https://registrar.example.edu/status/1', 'revocation', 131072, 1, NULL, 0, '2025-01-01T00:00:00Z');
            """
        )
    c.close()
    with StatusRegistry(path) as reg:
        row = reg.get_list(LIST_URL)
        assert (row.allocated, row.rollover, row.changed, row.lease_owner) == (0, None, True, None)
        reg.allocate("urn:uuid:d")
        reg.mark_published(LIST_URL, row.version)
        assert reg.changed_lists() == []
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT value FROM microcred_status_meta").fetchone() == ("2",)
    c.close()
