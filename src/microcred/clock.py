"""Time as an injectable dependency.

Everything in microcred that needs "now" (issuance dates, proof ``created``, validity checks, JWT ``nbf``/``exp``)
asks a :class:`Clock`, so tests and embedders can freeze it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
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


#: XML Schema 1.1 Part 2 §3.3.7 dateTime lexical space (years 0001-9999; the time zone is optional there,
#: ``dateTimeStamp`` §3.4.28 requires it), the form VC Data Model dates and proof ``created``/``expires`` take.
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))T"
    r"(?P<time>([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|24:00:00)(?P<frac>\.[0-9]+)?"
    r"(?P<tz>Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)


def parse_datetime(value: object, *, path: str | None = None, assume_utc: bool = False) -> datetime:
    """Parse an XML Schema ``dateTime`` (XSD 1.1 Part 2 §3.3.7) into an aware UTC datetime.

    The time zone offset is required (``dateTimeStamp``) unless ``assume_utc`` (VC Data Integrity §2.1 reads a
    proof's ``created`` without one as UTC). Fractions beyond microseconds are truncated; ``24:00:00`` is the
    next day's midnight. A value that is not one, names a day that does not exist, or lies outside years
    1-9999 once moved to UTC raises :class:`InputError` naming ``path``.

    Values read before are answered from a bounded memo (:data:`MAX_PARSED` entries; a verifier reads the same
    few dates in every credential of an issuer); refused values are not kept.
    """
    if value.__class__ is not str:  # (a str subclass may compare and hash as it likes: not remembered)
        return _parse(value, path, assume_utc)
    key = (value, assume_utc)
    known = _PARSED.get(key)
    if known is None:
        known = _parse(value, path, assume_utc)
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[key] = known
    return known


#: Date-times :func:`parse_datetime` keeps parsed (``datetime`` is immutable), at most.
MAX_PARSED = 4096
_PARSED: dict[tuple[str, bool], datetime] = {}


def _parse(value: object, path: str | None, assume_utc: bool) -> datetime:
    match = _DATE_TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise InputError(f"not an XML Schema date-time: {value!r}", path=path)
    if match["tz"] is None and not assume_utc:
        raise InputError(f"date-time {value!r} has no time zone offset (add 'Z')", path=path)
    end_of_day = match["time"] == "24:00:00"
    frac = (match["frac"] or "")[:7]  # at most microseconds
    if end_of_day and frac.strip(".0"):
        raise InputError(f"not an XML Schema date-time: {value!r} (24:00:00 takes no fraction)", path=path)
    tz = match["tz"] or "Z"
    text = f"{match['date']}T{'00:00:00' if end_of_day else match['time'] + frac}"
    try:
        instant = datetime.fromisoformat(text + ("+00:00" if tz == "Z" else tz))
        if end_of_day:
            instant += timedelta(days=1)
        return instant.astimezone(UTC)
    except ValueError as exc:  # e.g. 2023-02-30
        raise InputError(f"date-time {value!r} names no calendar day", path=path) from exc
    except OverflowError as exc:  # 0001-01-01T00:00:00+01:00, 9999-12-31T23:59:59-01:00
        raise InputError(f"date-time {value!r} lies outside years 1-9999 in UTC", path=path) from exc


def format_datetime(dt: datetime) -> str:
    """Format as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, no fraction unless present)."""
    dt = _aware(dt)
    # (not ``strftime``: slower, and it writes years before 1000 with fewer than the four digits XSD requires)
    text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
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
