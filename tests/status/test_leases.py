"""Block allocators on lists of their own (leases), and lists rolled over when full (issue 19 item 4)."""

from __future__ import annotations

import multiprocessing
import random
import threading
import uuid
from typing import Any

import pytest

from microcred.errors import StatusListFullError, UsageError
from microcred.status import BlockAllocator, StatusRegistry
from microcred.status.backend import run_transaction
from microcred.status.blocks import MAX_BLOCK_IDS
from microcred.status.leases import MAX_LEASE_SECONDS

NOW = "2026-01-15T12:00:00Z"
BASE = "https://registrar.example.edu/status/"


def make(db: str, size: int = 64, *, rollover: str | None = BASE + "{n}") -> StatusRegistry:
    reg = StatusRegistry(db, clock=NOW, rng=random.Random(7))
    reg.create_list(BASE + "1", size=size, min_size=8, rollover=rollover)
    return reg


def ids(n: int, prefix: str = "urn:uuid:") -> list[str]:
    return [f"{prefix}{uuid.UUID(int=i)}" for i in range(n)]


def given(entries: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(e["statusListCredential"], int(e["statusListIndex"])) for e in entries]


def in_db(reg: StatusRegistry) -> list[tuple[str, str, int]]:
    rows = run_transaction(
        reg.backend,
        lambda tx: tx.execute("SELECT credential_id, list_url, status_index FROM microcred_status_entries"),
    )
    return [(str(c), str(u), int(i)) for c, u, i in rows]


def test_two_allocators_hold_lists_of_their_own(db: str) -> None:
    with make(db) as reg:
        a, b = BlockAllocator(reg), BlockAllocator(reg)
        first = a.allocate_many(ids(10, "urn:a:"))
        second = b.allocate_many(ids(10, "urn:b:"))
        assert {e["statusListCredential"] for e in first} == {BASE + "1"}
        assert {e["statusListCredential"] for e in second} == {BASE + "2"}  # rolled over for b
        assert (a.list_url, b.list_url) == (BASE + "1", BASE + "2")
        owners = {r.url: r.lease_owner for r in reg.lists()}
        assert owners == {BASE + "1": a.owner, BASE + "2": b.owner}
        a.allocate_many(ids(5, "urn:a2:"))
        assert reg.get_list(BASE + "1").allocated == 15 and reg.get_list(BASE + "2").allocated == 10
        a.release()
        b.release()
        assert all(r.lease_owner is None for r in reg.lists())


def test_without_a_rollover_template_a_second_allocator_shares_the_list(db: str) -> None:
    with make(db, rollover=None) as reg:
        a, b = BlockAllocator(reg), BlockAllocator(reg)
        a.allocate_many(ids(20, "urn:a:"))
        out = b.allocate_many(ids(20, "urn:b:"))
        assert b.list_url is None and {e["statusListCredential"] for e in out} == {BASE + "1"}
        assert len(reg.lists()) == 1 and len(set(given(out)) | {(u, i) for _, u, i in in_db(reg)}) == 40


def test_a_released_list_is_filled_by_the_next_allocator(db: str) -> None:
    with make(db) as reg:
        with BlockAllocator(reg) as a:
            a.allocate_many(ids(10, "urn:a:"))
        b = BlockAllocator(reg)
        out = b.allocate_many(ids(10, "urn:b:"))
        assert b.list_url == BASE + "1" and {e["statusListCredential"] for e in out} == {BASE + "1"}
        assert [r.url for r in reg.lists()] == [BASE + "1"]


def test_an_expired_lease_is_taken_over_and_its_holder_moves_on(db: str) -> None:
    clock_a, clock_b = [1000.0], [1100.0]
    with make(db) as reg:
        a = BlockAllocator(reg, lease=10, lease_clock=lambda: clock_a[0])
        b = BlockAllocator(reg, lease=10, lease_clock=lambda: clock_b[0])
        a.allocate_many(ids(10, "urn:a:"))
        b.allocate_many(ids(10, "urn:b:"))  # a's lease ran out at 1010: b takes list 1 over
        assert b.list_url == BASE + "1"
        out = a.allocate_many(ids(10, "urn:a2:"))  # list 1 is b's now: a goes on in a new list
        assert a.list_url == BASE + "2" and {e["statusListCredential"] for e in out} == {BASE + "2"}
        pairs = [(u, i) for _, u, i in in_db(reg)]
        assert len(pairs) == 30 and len(set(pairs)) == 30


def test_an_index_taken_meanwhile_by_a_single_allocation_is_drawn_again(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make(db, size=16, rollover=None) as reg:
        blocks = BlockAllocator(reg, rng=random.Random(3))
        blocks.allocate_many(ids(4, "urn:a:"))
        reg.allocate("urn:example:single")  # list 1 is held, but it is the only open list
        tries = []
        transaction = reg.backend.transaction

        def counted() -> Any:
            tries.append(1)
            return transaction()

        monkeypatch.setattr(reg.backend, "transaction", counted)
        rest = blocks.allocate_many(ids(11, "urn:b:"))  # the allocator's view misses the single one
        assert len(tries) == 1  # checked before the insert: no conflict, no retry
        assert sorted(i for _, _, i in in_db(reg)) == list(range(16))
        assert len(rest) == 11
        with pytest.raises(StatusListFullError):
            blocks.allocate_many(["urn:example:one-too-many"])


def test_a_block_spanning_the_end_of_a_list_goes_on_in_the_next(db: str) -> None:
    with make(db, size=16) as reg:
        blocks = BlockAllocator(reg)  # no rollover given: the list's own template is used
        blocks.allocate_many(ids(10, "urn:a:"))
        out = blocks.allocate_many(ids(10, "urn:b:"))
        urls = [e["statusListCredential"] for e in out]
        assert urls.count(BASE + "1") == 6 and urls.count(BASE + "2") == 4
        second = reg.get_list(BASE + "2")
        assert (second.size, second.rollover, second.allocated) == (16, BASE + "{n}", 4)
        assert second.changed  # a new list is to be published


def test_single_allocation_rolls_over_with_the_lists_template(db: str) -> None:
    with StatusRegistry(db, clock=NOW) as reg:
        reg.create_list(BASE + "1", size=8, min_size=8, rollover=BASE + "{n}", issuer="did:example:u")
        reg.create_list(BASE + "2", "suspension", size=8, min_size=8)
        entries = [reg.allocate(c, ("revocation",))[0] for c in ids(12)]
        urls = [e["statusListCredential"] for e in entries]
        assert urls.count(BASE + "1") == 8 and urls.count(BASE + "3") == 4  # 2 is taken: the next number
        third = reg.get_list(BASE + "3")
        assert (third.purpose, third.issuer, third.size) == ("revocation", "did:example:u", 8)
        for c in ids(8, "urn:s:"):
            reg.allocate(c, ("suspension",))
        with pytest.raises(StatusListFullError):  # list 2 has no template: full is full
            reg.allocate("urn:s:one-too-many", ("suspension",))


def _thread_work(db: str, pool: list[str], seed: int, out: list[Any]) -> None:
    order = list(pool)
    random.Random(seed).shuffle(order)
    reg = StatusRegistry(db, clock=NOW)
    try:
        with BlockAllocator(reg) as blocks:
            for start in range(0, len(order), 10):
                part = order[start : start + 10]
                out.extend(zip(part, given(blocks.allocate_many(part)), strict=True))
    finally:
        reg.close()


def test_threads_never_share_an_index_and_agree_on_each_credential(db: str) -> None:
    pool = ids(120)
    with make(db, size=64) as reg:
        results: list[list[Any]] = [[] for _ in range(4)]
        threads = [threading.Thread(target=_thread_work, args=(db, pool, t, results[t])) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        seen: dict[str, tuple[str, int]] = {}
        for result in results:
            assert len(result) == 120
            for credential, pair in result:
                assert seen.setdefault(credential, pair) == pair  # idempotent: one entry a credential
        rows = in_db(reg)
        assert len(rows) == 120 and len({(u, i) for _, u, i in rows}) == 120
        assert sorted((c, u, i) for c, (u, i) in seen.items()) == sorted(rows)
        assert all(r.allocated <= r.size for r in reg.lists())


def _process_work(db: str, seed: int, queue: Any) -> None:
    out: list[Any] = []
    _thread_work(db, ids(150), seed, out)
    queue.put(out)


def test_processes_allocating_the_same_credentials_agree(db: str) -> None:
    with make(db, size=64) as reg:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        workers = [context.Process(target=_process_work, args=(db, w, queue)) for w in range(2)]
        for w in workers:
            w.start()
        results = [queue.get(timeout=120) for _ in workers]
        for w in workers:
            w.join(60)
        assert dict(results[0]) == dict(results[1]) and len(dict(results[0])) == 150
        rows = in_db(reg)
        assert len(rows) == 150 and len({(u, i) for _, u, i in rows}) == 150


def test_bounds_and_bad_options_are_refused(db: str) -> None:
    with make(db) as reg:
        for lease in (0, -1, True, MAX_LEASE_SECONDS + 1, "60"):
            with pytest.raises(UsageError):
                BlockAllocator(reg, lease=lease)  # type: ignore[arg-type]
        with pytest.raises(UsageError):
            BlockAllocator(reg, "message")
        with pytest.raises(UsageError):
            BlockAllocator(reg).allocate_many(ids(MAX_BLOCK_IDS + 1))
        for template in (BASE + "{m}", BASE + "{n}#x", "status/{n}", BASE + "1"):
            with pytest.raises(UsageError):
                reg.create_list(BASE + "9", size=8, min_size=8, rollover=template)
        with pytest.raises(TypeError):
            BlockAllocator(reg, leese=5)  # type: ignore[call-arg]
        assert [r.url for r in reg.lists()] == [BASE + "1"]


def test_indices_drawn_by_a_try_that_did_not_commit_are_free_again(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microcred.status import bulk
    from microcred.status.backend import ConflictError

    with make(db, size=16, rollover=None) as reg:
        blocks = BlockAllocator(reg)
        blocks.allocate_many(ids(10, "urn:a:"))
        real, failures = bulk.insert_entries, [1]

        def insert_once_failing(*args: Any, **kwargs: Any) -> None:
            if failures:
                failures.pop()
                raise ConflictError("as if another issuer had taken an index")
            real(*args, **kwargs)

        monkeypatch.setattr("microcred.status.blocks.insert_entries", insert_once_failing)
        rest = blocks.allocate_many(ids(6, "urn:b:"))  # the first try drew all 6 free indices, then failed
        assert not failures and len(rest) == 6
        assert sorted(i for _, _, i in in_db(reg)) == list(range(16))
