"""The segments of a JWS Compact Serialization (RFC 7515 §7.1), split once per token.

One verification reads the same compact token three times: the presentation test
(:func:`microcred.presentation.is_presentation`), format detection (:func:`microcred.suites.registry.detect_format`)
and the suite that verifies it (:func:`microcred.suites.jose.parse_compact`). Splitting a large token copies all
of it, so the segments of the last few large tokens are kept:

* keyed by the token text itself (a ``str`` is immutable: equal text gives equal segments, any other text is a
  different key, so a changed token can never get an old answer);
* only tokens of :data:`MEMO_MIN_CHARS` to :data:`MEMO_MAX_CHARS` characters, at most :data:`MEMO_MAX_ENTRIES`
  of them (the memo is emptied when full), so it holds at most a few megabytes;
* the segments are returned as a tuple (immutable), shared safely between callers and threads.

Splitting does no checking: the callers decide what a segment count or a segment means.
"""

from __future__ import annotations

#: Shortest token whose segments are kept (splitting a short token costs less than looking it up).
MEMO_MIN_CHARS = 4096
#: Longest token whose segments are kept.
MEMO_MAX_CHARS = 1024 * 1024
#: Most tokens kept.
MEMO_MAX_ENTRIES = 4
_SEGMENTS: dict[str, tuple[str, ...]] = {}


def compact_segments(token: str) -> tuple[str, ...]:
    """``token.split(".")`` as a tuple; the result for a large token is remembered (see the module docstring)."""
    if not MEMO_MIN_CHARS <= len(token) <= MEMO_MAX_CHARS:
        return tuple(token.split("."))
    found = _SEGMENTS.get(token)
    if found is None:
        found = tuple(token.split("."))
        if len(_SEGMENTS) >= MEMO_MAX_ENTRIES:
            _SEGMENTS.clear()
        _SEGMENTS[token] = found
    return found
