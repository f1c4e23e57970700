"""Time as an injectable dependency.

Everything in microcred that needs "now" (issuance dates, proof ``created``, validity checks, JWT ``nbf``/``exp``)
asks a :class:`Clock`, so tests and embedders can freeze it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from .errors import InputError


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` returning an aware datetime: inject one to freeze or shift time."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock, truncated to whole seconds (VC dates carry no fractions by convention)."""

    def now(self) -> datetime:
        """The current UTC time, to the second."""
        return datetime.now(UTC).replace(microsecond=0)


class FixedClock:
    """A clock that always returns the same instant."""

    def __init__(self, instant: datetime | str):
        self._instant = parse_datetime(instant) if isinstance(instant, str) else _aware(instant)

    def now(self) -> datetime:
        """The fixed instant this clock was made with."""
        return self._instant

    def __repr__(self) -> str:
        return f"FixedClock({format_datetime(self._instant)!r})"


def _aware(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise InputError(f"datetime {dt.isoformat()} has no time zone; give one (e.g. 'Z')")
    return dt.astimezone(UTC)


def parse_datetime(value: str, *, path: str | None = None) -> datetime:
    """Parse an XML Schema dateTime / RFC 3339 string (``Z`` or offset required) into an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        raise InputError(f"expected a date-time string, got {value!r}", path=path)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"not an ISO 8601 date-time: {value!r}", path=path) from exc
    if dt.tzinfo is None:
        raise InputError(f"date-time {value!r} has no time zone offset (add 'Z')", path=path)
    return dt.astimezone(UTC)


def format_datetime(dt: datetime) -> str:
    """Format as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, no fraction unless present)."""
    dt = _aware(dt)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}".rstrip("0")
    return text + "Z"


def resolve_clock(now: Clock | datetime | str | None) -> Clock:
    """Accept a Clock, a datetime, an ISO string or None (system clock)."""
    if now is None:
        return SystemClock()
    if isinstance(now, datetime | str):
        return FixedClock(now)
    if isinstance(now, Clock):
        return now
    raise InputError(f"'now' must be a Clock, datetime or ISO string, not {type(now).__name__}")
