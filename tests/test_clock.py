from __future__ import annotations

from datetime import UTC, datetime

import pytest

from microcred.clock import FixedClock, SystemClock, format_datetime, parse_datetime, resolve_clock
from microcred.errors import InputError


def test_parse_and_format_round_trip() -> None:
    dt = parse_datetime("2026-01-15T13:00:00+01:00")
    assert dt == datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert format_datetime(dt) == "2026-01-15T12:00:00Z"
    assert format_datetime(parse_datetime("2026-01-15T12:00:00.250Z")) == "2026-01-15T12:00:00.25Z"


@pytest.mark.parametrize("bad", ["2026-01-15T12:00:00", "yesterday", "", "2026-13-01T00:00:00Z"])
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(InputError):
        parse_datetime(bad, path="$.validFrom")


def test_resolve_clock() -> None:
    assert isinstance(resolve_clock(None), SystemClock)
    fixed = resolve_clock("2026-01-15T12:00:00Z")
    assert fixed.now() == datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert resolve_clock(fixed) is fixed
    assert FixedClock(datetime(2026, 1, 1, tzinfo=UTC)).now().year == 2026
    with pytest.raises(InputError):
        FixedClock(datetime(2026, 1, 1))
