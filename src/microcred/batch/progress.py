"""A one-line progress bar for a terminal; on anything else nothing, or (``plain_every``) a plain line every few
seconds, so that long jobs in CI logs show life."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30
#: Redraw at most this often (seconds).
INTERVAL = 0.1
#: Seconds between plain-text progress lines when the stream is not a terminal.
PLAIN_EVERY = 5.0


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """``[#####.....] 1,234/10,000  12%  410/s  ETA 0:00:21  2 failed`` on ``stream``, if it is a terminal."""

    def __init__(
        self,
        stream: TextIO,
        total: int | None,
        *,
        enabled: bool | None = None,
        plain_every: float | None = None,
    ) -> None:
        self.stream = stream
        self.total = total
        self.enabled = stream.isatty() if enabled is None else enabled
        #: when the bar is off: print the line as plain text at most every this many seconds (None: never)
        self.plain_every = None if self.enabled else plain_every
        self.started = time.monotonic()
        self.done = 0
        self.failed = 0
        self._drawn = 0.0
        self._width = 0

    def line(self) -> str:
        """The progress line: records done, rate per second, failures."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        failed = f"  {self.failed:,} failed" if self.failed else ""
        if self.total:
            share = min(self.done / self.total, 1.0)
            filled = int(share * WIDTH)
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            return (
                f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done:,}/{self.total:,} {share:4.0%}"
                f"  {rate:,.0f}/s  ETA {_duration(eta)}{failed}"
            )
        return f"{self.done:,} records  {rate:,.0f}/s  {_duration(elapsed)}{failed}"

    def update(self, *, ok: bool) -> None:
        """Count one finished record (``ok`` or failed) and redraw the line at most every few hundred milliseconds."""
        self.done += 1
        self.failed += 0 if ok else 1
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= INTERVAL or self.done == self.total):
            self._drawn = now
            self._draw(self.line())
        elif self.plain_every is not None and now - max(self._drawn, self.started) >= self.plain_every:
            self._drawn = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def _draw(self, text: str) -> None:
        pad = " " * max(self._width - len(text), 0)
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Erase the progress line (before the final summary is printed)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def message(self, text: str) -> None:
        """Print a line (e.g. a failure) above the bar."""
        self.clear()
        self.stream.write(text + "\n")
        self.stream.flush()
        self._drawn = 0.0
