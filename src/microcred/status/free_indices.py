"""The free indices of one status list, for a block allocator that holds the list (issue 19 item 4).

Built once per lease from the list's allocated indices (one read of the list), then each index is drawn in O(1):
a uniformly random position among the free indices, whose index is swapped with the last free one and removed
(a partial Fisher-Yates shuffle, Knuth TAOCP vol. 2 §3.4.2, Algorithm P). Every draw is uniform over the
indices still free, so a block is a uniformly random subset of the free indices, in random order (Bitstring
Status List v1.0 §6.1 herd privacy), however full the list is; a full scan per block is not needed.

Memory: 8 bytes per entry of the list (1 MiB for the REC's 131,072), plus a byte per entry while it is built.
It is a hint, not the truth: the database decides (see :mod:`~microcred.status.blocks`).
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterable


class FreeIndices:
    """The free indices of ``range(size)`` (all but ``taken``), drawn uniformly at random without replacement."""

    def __init__(self, size: int, taken: Iterable[int] = ()) -> None:
        flags = bytearray(size)
        for index in taken:
            flags[index] = 1
        self._free = array("i", (i for i in range(size) if not flags[i]))
        self._position = array("i", [-1]) * size
        for position, index in enumerate(self._free):
            self._position[index] = position

    def __len__(self) -> int:
        return len(self._free)

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and 0 <= index < len(self._position) and self._position[index] >= 0

    def discard(self, index: int) -> None:
        """Mark ``index`` taken (nothing happens when it is already)."""
        position = self._position[index]
        if position < 0:
            return
        last = self._free[-1]
        self._free[position] = last
        self._position[last] = position
        self._free.pop()
        self._position[index] = -1

    def draw(self, count: int, rng: random.Random) -> list[int]:
        """``count`` distinct indices, each uniformly random among those still free; they are taken."""
        if count > len(self._free):
            raise ValueError(f"{count} indices asked for, {len(self._free)} free")
        out = []
        for _ in range(count):
            index = self._free[rng.randrange(len(self._free))]
            self.discard(index)
            out.append(index)
        return out
