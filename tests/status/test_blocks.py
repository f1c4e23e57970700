"""Block allocation of status entries: one transaction a block, random, never twice, rolled over (issue 19)."""

from __future__ import annotations

import multiprocessing
import random
import uuid
from typing import Any

import pytest

from microcred.errors import StatusListFullError, UsageError
from microcred.status import StatusRegistry
from microcred.status.blocks import BlockAllocator

NOW = "2026-01-15T12:00:00Z"
BASE = "https://registrar.example.edu/status/"


def registry(db: str, size: int = 64) -> StatusRegistry:
    reg = StatusRegistry(db, clock=NOW)
    reg.create_list(BASE + "1", size=size, min_size=8)
    return reg


def ids(n: int, prefix: str = "urn:uuid:") -> list[str]:
    return [f"{prefix}{uuid.UUID(int=i)}" for i in range(n)]


def entries_in_db(reg: StatusRegistry) -> list[tuple[str, int]]:
    from microcred.status.backend import run_transaction

    rows = run_transaction(
        reg.backend, lambda tx: tx.execute("SELECT list_url, status_index FROM microcred_status_entries")
    )
    return [(str(u), int(i)) for u, i in rows]


def test_a_block_gets_distinct_indices_in_one_go(db: str) -> None:
    with registry(db) as reg:
        out = BlockAllocator(reg, rng=random.Random(1)).allocate_many(ids(40))
        assert len(out) == 40
        indices = [int(e["statusListIndex"]) for e in out]
        assert len(set(indices)) == 40 and all(0 <= i < 64 for i in indices)
        assert indices != sorted(indices)  # random, not in order of issuance
        assert reg.get_list(BASE + "1").allocated == 40
        assert sorted(entries_in_db(reg)) == sorted((BASE + "1", i) for i in indices)
        # the registry's own view agrees, and a single allocation never takes a block's index
        single = reg.allocate("urn:example:single")
        assert int(single[0]["statusListIndex"]) not in indices


def test_idempotent_per_credential(db: str) -> None:
    with registry(db) as reg:
        blocks = BlockAllocator(reg)
        first = blocks.allocate_many(ids(10))
        again = blocks.allocate_many(ids(12))
        assert again[:10] == first
        assert reg.get_list(BASE + "1").allocated == 12
        assert reg.allocate(ids(1)[0]) == [first[0]]


def test_full_list_rolls_over_to_a_new_list(db: str) -> None:
    with registry(db, size=16) as reg:
        out = BlockAllocator(reg, rollover=BASE + "{n}").allocate_many(ids(40))
        urls = [e["statusListCredential"] for e in out]
        assert urls.count(BASE + "1") == 16 and urls.count(BASE + "2") == 16 and urls.count(BASE + "3") == 8
        rows = {r.url: r for r in reg.lists()}
        assert rows[BASE + "3"].size == 16 and rows[BASE + "3"].allocated == 8
        assert len(set(entries_in_db(reg))) == 40


def test_full_list_without_rollover_is_an_error_and_nothing_is_kept(db: str) -> None:
    with registry(db, size=16) as reg:
        with pytest.raises(StatusListFullError):
            BlockAllocator(reg).allocate_many(ids(20))
        assert entries_in_db(reg) == []  # all or nothing
        with pytest.raises(UsageError):
            BlockAllocator(reg, rollover=BASE + "next")
        with pytest.raises(UsageError):
            BlockAllocator(reg).allocate_many(["a", "a"])


def test_a_nearly_full_list_uses_every_free_index(db: str) -> None:
    with registry(db, size=16) as reg:
        blocks = BlockAllocator(reg)
        blocks.allocate_many(ids(10))
        rest = blocks.allocate_many(ids(6, "urn:example:"))
        assert sorted(i for _, i in entries_in_db(reg)) == list(range(16))
        assert len(rest) == 6


def _worker(db: str, prefix: str, rounds: int, queue: Any) -> None:
    reg = StatusRegistry(db, clock=NOW)
    blocks = BlockAllocator(reg, rollover=BASE + "{n}")
    got = []
    for r in range(rounds):
        got += [
            (e["statusListCredential"], int(e["statusListIndex"]))
            for e in blocks.allocate_many(ids(25, f"{prefix}{r}-"))
        ]
    reg.close()
    queue.put(got)


def test_two_processes_never_get_the_same_index(db: str) -> None:
    with registry(db, size=128) as reg:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        workers = [context.Process(target=_worker, args=(db, f"urn:w{w}:", 6, queue)) for w in range(2)]
        for w in workers:
            w.start()
        results = [queue.get(timeout=120) for _ in workers]
        for w in workers:
            w.join(60)
        given = results[0] + results[1]
        assert len(given) == 300 and len(set(given)) == 300
        assert sorted(given) == sorted(entries_in_db(reg))
        assert sum(r.allocated for r in reg.lists()) == 300
