"""The collector settings of batch processes (microcred.batch.heap)."""

from __future__ import annotations

import gc
import json
import multiprocessing
from pathlib import Path
from typing import Any

from microcred import Key, example_microcredential
from microcred.batch import issue_many
from microcred.batch.heap import YOUNG_THRESHOLD, batch_heap
from microcred.cli.main import main


def test_batch_heap_tunes_the_collector_and_restores_it() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    with batch_heap():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > frozen_before
        assert gc.isenabled()  # cycles are still collected
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_batch_heap_restores_the_collector_when_the_block_fails() -> None:
    before = gc.get_threshold()
    try:
        with batch_heap():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_during_a_batch_are_still_collected() -> None:
    class Node:
        other: object

    with batch_heap():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = gc.get_count()
        del a, b
        assert gc.collect() >= 2, alive


def test_in_process_issue_many_leaves_the_callers_collector_alone(ed25519: Key) -> None:
    before = gc.get_threshold()
    record = example_microcredential().to_dict()
    outcomes = list(issue_many([record], ed25519, workers=1, now="2026-01-15T12:00:00Z", serialized=True))
    assert outcomes[0].ok
    assert isinstance(outcomes[0].credential, str)
    assert json.loads(outcomes[0].credential)["proof"]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def _threshold_after_init(conn: Any) -> None:
    from microcred.batch.verify_many import _init

    _init(None)
    conn.send(gc.get_threshold()[0])
    conn.close()


def test_worker_initializers_tune_their_own_process() -> None:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_threshold_after_init, args=(child,))
    process.start()
    assert parent.poll(60)
    assert parent.recv() == YOUNG_THRESHOLD
    process.join(60)
    assert gc.get_threshold()[0] != YOUNG_THRESHOLD  # the test process itself is untouched


def test_issue_batch_command_restores_the_collector(tmp_path: Path, key_file: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(example_microcredential().to_dict()) + "\n", encoding="utf-8")
    before = gc.get_threshold()
    code = main(
        ["issue-batch", str(source), "--key", str(key_file), "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert code == 0
    assert len(list((tmp_path / "out").iterdir())) == 1
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
