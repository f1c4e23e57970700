"""Garbage-collector settings for the processes that exist only to run a batch (issue-batch, verify DIR, workers).

Issuing or verifying one credential allocates tens of thousands of short-lived containers (the document's copy, its
expanded JSON-LD form, the quads); they hold no reference cycles, so reference counting frees every one of them.
CPython's cyclic collector still runs on allocation counts: a young-generation pass every 700 net allocations, and
now and then a full pass over every object the process holds (the processed contexts, the loaded modules, the
parsed keys), none of which ever becomes garbage. In a process that runs nothing but the batch that is pure
overhead, so :func:`tune_for_batch`:

* moves every object alive after warm-up into the permanent generation (:func:`gc.freeze`): later passes do not
  walk them;
* raises the young-generation threshold (:data:`YOUNG_THRESHOLD`): passes run a hundred times less often, and each
  still finds every cycle there is (the collector stays enabled).

It is called where microcred owns the process: the worker processes of ``issue_many(workers=N)`` /
``verify_many(workers=N)`` (their initializer), and, as :func:`batch_heap` (which restores the settings when the
command ends), the ``microcred issue-batch`` and ``microcred verify --workers`` commands. Library calls in the
caller's process (``issue()``, ``verify()``, ``issue_many(workers=1)`` from Python) leave the caller's collector
settings alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Net container allocations between two young-generation passes in a batch process (CPython's default: 700).
YOUNG_THRESHOLD = 70_000


def tune_for_batch() -> None:
    """Freeze the warmed-up heap and make young-generation collections rarer (see the module docstring)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@contextmanager
def batch_heap() -> Iterator[None]:
    """:func:`tune_for_batch` for the duration of a block; the collector's settings are restored afterwards."""
    threshold = gc.get_threshold()
    tune_for_batch()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
