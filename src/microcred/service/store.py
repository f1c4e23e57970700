"""A bounded, expiring, thread-safe in-memory store for protocol state (offers, codes, tokens, nonces, results).

Each entry expires after its lifetime; when the store is full the oldest entry is dropped, so a flood of
requests costs bounded memory. :meth:`ExpiringStore.pop` takes an entry once (single-use codes and nonces).
State lives in one process: run a multi-worker deployment with sticky sessions, or one worker per registry.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ExpiringStore(Generic[V]):
    """Up to ``capacity`` entries, each living ``ttl`` seconds."""

    def __init__(self, ttl: float, capacity: int, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._monotonic = monotonic
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def _expire(self, now: float) -> None:
        while self._items:
            key, (deadline, _) = next(iter(self._items.items()))
            if deadline > now:
                break
            del self._items[key]

    def put(self, key: str, value: V) -> None:
        """Store ``value`` under ``key`` (dropping the oldest entries beyond the capacity)."""
        now = self._monotonic()
        with self._lock:
            self._expire(now)
            self._items.pop(key, None)
            self._items[key] = (now + self.ttl, value)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def get(self, key: str) -> V | None:
        """The live value under ``key``, or None."""
        now = self._monotonic()
        with self._lock:
            self._expire(now)
            item = self._items.get(key)
            return None if item is None else item[1]

    def pop(self, key: str) -> V | None:
        """Take the live value under ``key`` (it is gone afterwards), or None."""
        now = self._monotonic()
        with self._lock:
            self._expire(now)
            item = self._items.pop(key, None)
            return None if item is None else item[1]
