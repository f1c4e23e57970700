"""FreeIndices: uniformly random free indices of a status list, drawn without replacement."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from microcred.status.free_indices import FreeIndices


def test_draws_only_free_indices_each_once_until_none_is_left() -> None:
    free = FreeIndices(64, taken=range(0, 64, 2))
    assert len(free) == 32 and 3 in free and 2 not in free and 64 not in free and "3" not in free
    drawn = free.draw(20, random.Random(1)) + free.draw(12, random.Random(2))
    assert sorted(drawn) == list(range(1, 64, 2)) and len(free) == 0
    with pytest.raises(ValueError):
        free.draw(1, random.Random(3))


def test_discard_takes_an_index_out() -> None:
    free = FreeIndices(8)
    free.discard(5)
    free.discard(5)  # already taken: nothing happens
    assert len(free) == 7 and 5 not in free
    assert sorted(free.draw(7, random.Random(4))) == [0, 1, 2, 3, 4, 6, 7]


def test_every_free_index_is_as_likely_whatever_was_drawn_before() -> None:
    rng = random.Random(5)
    counts: Counter[int] = Counter()
    for _ in range(4000):
        free = FreeIndices(16, taken=(0, 1, 2, 3))
        free.draw(6, rng)  # a block drawn before: what is left must still be drawn uniformly
        counts.update(free.draw(1, rng))
    assert set(counts) == set(range(4, 16))
    assert max(counts.values()) < 1.3 * 4000 / 12 and min(counts.values()) > 0.7 * 4000 / 12
