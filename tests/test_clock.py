from __future__ import annotations

from datetime import UTC, datetime

import pytest

from microcred import clock
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


def test_parsed_values_are_remembered_and_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "_PARSED", {})
    monkeypatch.setattr(clock, "MAX_PARSED", 3)
    first = parse_datetime("2026-01-15T12:00:00+01:00")
    assert parse_datetime("2026-01-15T12:00:00+01:00") is first
    assert first == datetime(2026, 1, 15, 11, tzinfo=UTC)
    # the memo key includes assume_utc: a value without an offset is still refused without it
    assert parse_datetime("2026-01-15T12:00:00", assume_utc=True) == datetime(2026, 1, 15, 12, tzinfo=UTC)
    with pytest.raises(InputError, match="no time zone"):
        parse_datetime("2026-01-15T12:00:00")
    with pytest.raises(InputError):  # refused values are not kept
        parse_datetime("2026-02-30T00:00:00Z")
    assert len(clock._PARSED) == 2
    for day in range(10, 20):
        parse_datetime(f"2026-01-{day}T00:00:00Z")
    assert len(clock._PARSED) <= 3


def test_years_before_1000_keep_four_digits() -> None:
    assert format_datetime(datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)) == "0999-01-02T03:04:05Z"
    assert format_datetime(datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC)) == "2026-01-02T03:04:05.12Z"


def test_a_str_subclass_is_parsed_but_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    class Text(str):
        pass

    monkeypatch.setattr(clock, "_PARSED", {})
    assert parse_datetime(Text("2026-01-15T12:00:00Z")) == datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert clock._PARSED == {}
