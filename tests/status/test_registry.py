"""The issuer-side registry: random allocation, no duplicates under threads, semantics, SQLAlchemy URLs."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from microcred.errors import (
    StatusEntryNotFoundError,
    StatusListError,
    StatusListFullError,
    StatusListNotFoundError,
    StatusRegistryError,
    StatusTransitionError,
    UsageError,
)
from microcred.status import MIN_ENTRIES, Bitstring, StatusRegistry, parse_entry
from microcred.status.backend import BusyError, ConflictError, open_backend, run_transaction

from .conftest import ISSUER, LIST_URL, NOW, SUSPENSION_URL

SMALL_URL = "https://registrar.example.edu/status/small"


def test_allocate_gives_one_entry_per_purpose(registry: StatusRegistry) -> None:
    entries = registry.allocate("urn:uuid:a")
    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]
    assert [e["statusListCredential"] for e in entries] == [LIST_URL, SUSPENSION_URL]
    for entry in entries:
        parsed = parse_entry(entry)
        assert entry["id"] == f"{parsed.status_list_credential}#{parsed.status_list_index}"
        assert 0 <= parsed.status_list_index < MIN_ENTRIES
    only = registry.allocate("urn:uuid:b", ("revocation",))
    assert [e["statusPurpose"] for e in only] == ["revocation"]


def test_allocate_is_idempotent_per_credential_and_purpose(registry: StatusRegistry) -> None:
    first = registry.allocate("urn:uuid:a", ("revocation",))
    assert registry.allocate("urn:uuid:a", ("revocation",)) == first
    both = registry.allocate("urn:uuid:a")
    assert both[0] == first[0] and both[1]["statusPurpose"] == "suspension"
    assert registry.get_list(LIST_URL).allocated == 1


def test_indices_are_random_not_sequential(registry: StatusRegistry) -> None:
    indices = [
        int(registry.allocate(f"urn:uuid:{i}", ("revocation",))[0]["statusListIndex"]) for i in range(300)
    ]
    assert len(set(indices)) == 300
    assert indices != sorted(indices)
    quarters = Counter(i * 4 // MIN_ENTRIES for i in indices)
    assert all(quarters[q] >= 30 for q in range(4)), quarters  # spread over the whole list, not packed at 0
    assert max(indices) > MIN_ENTRIES // 2


def test_the_rng_is_injectable(tmp_path: Path) -> None:
    def draw(seed: int, name: str) -> list[str]:
        with StatusRegistry(tmp_path / name, clock=NOW, rng=random.Random(seed)) as reg:
            reg.create_list(LIST_URL, issuer=ISSUER)
            return [reg.allocate(f"urn:uuid:{i}")[0]["statusListIndex"] for i in range(5)]

    assert draw(7, "a.sqlite") == draw(7, "b.sqlite")
    assert draw(7, "c.sqlite") != draw(8, "d.sqlite")


def test_a_full_list_refuses_and_never_reuses_an_index(tmp_path: Path) -> None:
    with StatusRegistry(tmp_path / "s.sqlite", clock=NOW) as reg:
        reg.create_list(SMALL_URL, size=16, min_size=8)
        indices = {reg.allocate(f"urn:uuid:{i}")[0]["statusListIndex"] for i in range(16)}
        assert indices == {str(i) for i in range(16)}  # the dense path finds every free index
        with pytest.raises(StatusListFullError) as info:
            reg.allocate("urn:uuid:one-too-many")
        assert info.value.code == "STATUS_LIST_FULL"
        reg.revoke("urn:uuid:3")  # a revoked credential keeps its index: nothing is freed
        with pytest.raises(StatusListFullError):
            reg.allocate("urn:uuid:still-too-many", list_url=SMALL_URL)
        # A second list of the purpose takes over.
        reg.create_list(SMALL_URL + "b", size=8, min_size=8)
        assert reg.allocate("urn:uuid:next")[0]["statusListCredential"] == SMALL_URL + "b"


def test_revocation_is_not_reversible_and_suspension_is(registry: StatusRegistry) -> None:
    registry.allocate("urn:uuid:a")
    registry.allocate("urn:uuid:r", ("revocation",))
    row = registry.suspend("urn:uuid:a", reason="under investigation")
    assert (row.purpose, row.status, row.reason) == ("suspension", 1, "under investigation")
    assert registry.reinstate("urn:uuid:a").status == 0
    revoked = registry.revoke("urn:uuid:a", reason="fraud")
    assert (revoked.purpose, revoked.status) == ("revocation", 1)
    assert registry.revoke("urn:uuid:a").status == 1  # idempotent
    # reinstate only lifts a suspension: the revocation stays
    registry.suspend("urn:uuid:a")
    registry.reinstate("urn:uuid:a")
    assert {r.purpose: r.status for r in registry.entries("urn:uuid:a")} == {"revocation": 1, "suspension": 0}
    with pytest.raises(StatusTransitionError) as info:
        registry.reinstate("urn:uuid:r")
    assert info.value.code == "STATUS_TRANSITION_NOT_ALLOWED"
    with pytest.raises(StatusEntryNotFoundError):
        registry.suspend("urn:uuid:r")  # it has no suspension entry
    with pytest.raises(StatusEntryNotFoundError) as missing:
        registry.revoke("urn:uuid:unknown")
    assert missing.value.code == "STATUS_ENTRY_NOT_FOUND"
    actions = [e["action"] for e in registry.history("urn:uuid:a")]
    assert actions == ["allocate", "allocate", "suspend", "reinstate", "revoke", "suspend", "reinstate"]


def test_the_bitstring_follows_the_records(registry: StatusRegistry) -> None:
    entries = {c: registry.allocate(c) for c in ("urn:uuid:a", "urn:uuid:b", "urn:uuid:c")}
    registry.revoke("urn:uuid:b")
    registry.suspend("urn:uuid:c")
    revoked = int(entries["urn:uuid:b"][0]["statusListIndex"])
    suspended = int(entries["urn:uuid:c"][1]["statusListIndex"])
    assert list(registry.bitstring(LIST_URL).set_indices()) == [revoked]
    assert list(registry.bitstring(SUSPENSION_URL).set_indices()) == [suspended]
    registry.reinstate("urn:uuid:c")
    assert list(registry.bitstring(SUSPENSION_URL).set_indices()) == []
    assert registry.count_set(LIST_URL) == 1 and registry.count_set(SUSPENSION_URL) == 0


def test_status_list_credential_and_publish_with_a_signer(registry: StatusRegistry) -> None:
    registry.allocate("urn:uuid:a")
    registry.revoke("urn:uuid:a")
    doc = registry.status_list_credential(LIST_URL, valid_for=timedelta(days=7))
    assert doc["issuer"] == ISSUER and doc["validFrom"] == NOW and doc["validUntil"] == "2026-01-22T12:00:00Z"
    assert (
        Bitstring.decode(doc["credentialSubject"]["encodedList"]).to_bytes()
        == registry.bitstring(LIST_URL).to_bytes()
    )
    seen: list[dict[str, Any]] = []

    def signer(document: dict[str, Any]) -> dict[str, Any]:
        seen.append(document)
        return {**document, "proof": {"type": "Test"}}

    signed = registry.publish(LIST_URL, sign=signer, data_model="v1")
    assert isinstance(signed, dict) and signed["proof"] == {"type": "Test"}
    assert (
        seen[0]["issuanceDate"] == NOW
        and "https://www.w3.org/ns/credentials/status/v1" in seen[0]["@context"]
    )
    with pytest.raises(UsageError):
        registry.publish(LIST_URL)  # neither a key nor a signer


def test_publish_without_any_issuer_is_refused(tmp_path: Path) -> None:
    with StatusRegistry(tmp_path / "s.sqlite", clock=NOW) as reg:
        reg.create_list(LIST_URL)
        with pytest.raises(UsageError, match="issuer"):
            reg.publish(LIST_URL, sign=lambda d: d)
        assert (
            cast(dict[str, Any], reg.publish(LIST_URL, sign=lambda d: d, issuer="did:example:other"))[
                "issuer"
            ]
            == "did:example:other"
        )


@pytest.mark.parametrize(
    ("url", "purpose", "size"),
    [
        ("ftp://registrar.example.edu/status/1", "revocation", MIN_ENTRIES),
        ("https://registrar.example.edu/status/1#list", "revocation", MIN_ENTRIES),
        ("/status/1", "revocation", MIN_ENTRIES),
        (LIST_URL, "message", MIN_ENTRIES),
        (LIST_URL, "revocation", MIN_ENTRIES - 8),
        (LIST_URL, "revocation", MIN_ENTRIES + 1),
    ],
)
def test_create_list_validates(tmp_path: Path, url: str, purpose: str, size: int) -> None:
    with StatusRegistry(tmp_path / "s.sqlite") as reg, pytest.raises(UsageError):
        reg.create_list(url, purpose, size=size)


def test_create_list_twice_and_unknown_lists(registry: StatusRegistry) -> None:
    with pytest.raises(StatusListError, match="already exists"):
        registry.create_list(LIST_URL)
    with pytest.raises(StatusListNotFoundError):
        registry.get_list("https://registrar.example.edu/status/none")
    with pytest.raises(StatusListNotFoundError):
        registry.allocate("urn:uuid:a", list_url="https://registrar.example.edu/status/none")
    with pytest.raises(UsageError):
        registry.allocate("urn:uuid:a", ("refresh",))
    with pytest.raises(UsageError, match="is a revocation list"):
        registry.allocate("urn:uuid:a", ("suspension",), list_url=LIST_URL)
    assert registry.entries("urn:uuid:a") == []
    with pytest.raises(UsageError):
        registry.allocate("")


def test_a_registry_without_lists_cannot_allocate(tmp_path: Path) -> None:
    with StatusRegistry(tmp_path / "s.sqlite") as reg, pytest.raises(StatusListNotFoundError):
        reg.allocate("urn:uuid:a")


def test_records_survive_reopening_and_the_file_is_wal(tmp_path: Path) -> None:
    db = tmp_path / "status.sqlite"
    with StatusRegistry(db, clock=NOW) as reg:
        reg.create_list(LIST_URL, issuer=ISSUER)
        entry = reg.allocate("urn:uuid:a")[0]
        reg.revoke("urn:uuid:a")
    with StatusRegistry(str(db)) as again:
        assert again.allocate("urn:uuid:a")[0] == entry
        assert again.entries("urn:uuid:a")[0].status == 1
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StatusRegistryError, match="does not exist"):
        StatusRegistry(tmp_path / "nope" / "status.sqlite")


def test_closed_registry_refuses_work(tmp_path: Path) -> None:
    reg = StatusRegistry(tmp_path / "s.sqlite")
    reg.close()
    with pytest.raises(StatusRegistryError, match="closed"):
        reg.lists()


def _allocate_in_threads(reg: StatusRegistry, threads: int, each: int) -> list[str]:
    got: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(each):
                index = reg.allocate(f"urn:uuid:t{n}-{i}", list_url=SMALL_URL)[0]["statusListIndex"]
                with lock:
                    got.append(index)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=60)
    assert not errors, errors
    return got


@pytest.mark.parametrize("scheme", ["path", "sqlalchemy"])
def test_threads_never_get_the_same_index(tmp_path: Path, scheme: str) -> None:
    db = str(tmp_path / "s.sqlite")
    reg = StatusRegistry(db if scheme == "path" else f"sqlite:///{db}")
    reg.create_list(SMALL_URL, size=256, min_size=8)
    got = _allocate_in_threads(reg, threads=8, each=25)  # 200 of 256: the dense path too
    assert len(got) == 200 and len(set(got)) == 200
    assert reg.get_list(SMALL_URL).allocated == 200
    reg.close()


def test_sqlalchemy_url_backend_full_cycle(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    with StatusRegistry(url, clock=NOW) as reg:
        assert reg.location.startswith("sqlite:///")
        reg.create_list(LIST_URL, issuer=ISSUER)
        reg.create_list(SUSPENSION_URL, "suspension", issuer=ISSUER)
        entries = reg.allocate("urn:uuid:a")
        reg.suspend("urn:uuid:a")
        reg.revoke("urn:uuid:a")
        reg.reinstate("urn:uuid:a")
        assert {r.purpose: r.status for r in reg.entries("urn:uuid:a")} == {"revocation": 1, "suspension": 0}
        assert list(reg.bitstring(LIST_URL).set_indices()) == [int(entries[0]["statusListIndex"])]
    # The same file is an ordinary registry for the stdlib backend.
    with StatusRegistry(tmp_path / "shared.sqlite") as plain:
        assert plain.allocate("urn:uuid:a") == entries


def test_sqlalchemy_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_sqlalchemy(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "sqlalchemy" or name.startswith("sqlalchemy."):
            raise ImportError("No module named 'sqlalchemy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sqlalchemy)
    with pytest.raises(StatusRegistryError, match="needs SQLAlchemy") as info:
        StatusRegistry("postgresql://registrar@db.example.edu/status")
    assert info.value.code == "STATUS_REGISTRY_ERROR"


def test_unknown_database_url_is_a_clear_error() -> None:
    with pytest.raises(StatusRegistryError):
        StatusRegistry("nosuchdialect://localhost/db")


def test_run_transaction_retries_conflicts_then_gives_up(tmp_path: Path) -> None:
    backend = open_backend(tmp_path / "s.sqlite")
    calls = []

    def flaky(tx: Any) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ConflictError("taken") if len(calls) == 1 else BusyError("locked")
        return "done"

    assert run_transaction(backend, flaky, sleep=lambda s: None) == "done" and len(calls) == 3

    def always(tx: Any) -> str:
        raise BusyError("locked")

    with pytest.raises(StatusRegistryError, match="busy"):
        run_transaction(backend, always, attempts=3, sleep=lambda s: None)
    backend.close()
