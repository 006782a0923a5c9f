"""Calendar arithmetic agrees with dateutil.relativedelta, which the language names as the model."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from slmspec.durations import ClockDuration, DurationError, Period

_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))
_periods = st.builds(
    lambda y, m, w, d: Period(f"P{y}Y{m}M{w}W{d}D", y, m, w, d),
    st.integers(0, 5), st.integers(0, 30), st.integers(0, 10), st.integers(0, 400),
)


@given(_days, _periods, st.integers(1, 40))
def test_after_matches_relativedelta(day: date, period: Period, times: int) -> None:
    expected = day + relativedelta(years=period.years * times, months=period.months * times,
                                   weeks=period.weeks * times, days=period.days * times)
    assert period.after(day, times) == expected


@given(_days, _periods)
def test_before_matches_relativedelta(day: date, period: Period) -> None:
    expected = day - relativedelta(years=period.years, months=period.months,
                                   weeks=period.weeks, days=period.days)
    assert period.before(day) == expected


@pytest.mark.parametrize(("day", "text", "expected"), [
    (date(2024, 1, 31), "P1M", date(2024, 2, 29)),
    (date(2023, 1, 31), "P1M", date(2023, 2, 28)),
    (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
    (date(2026, 8, 31), "P1M", date(2026, 9, 30)),
    (date(2026, 12, 31), "P2W", date(2027, 1, 14)),
])
def test_month_ends_clamp(day: date, text: str, expected: date) -> None:
    assert Period.parse(text).after(day) == expected


@pytest.mark.parametrize(("text", "allowed"), [
    ("PT4H", "Y M W D"), ("P1D", "H TM"), ("P", "Y M W D"), ("P0D", "Y M W D"),
    ("P1.5M", "Y M W D"), ("3M", "Y M W D"), ("P-1D", "Y M W D"), ("PT", "H TM"),
])
def test_refused_durations(text: str, allowed: str) -> None:
    parse = ClockDuration.parse if "H" in allowed else Period.parse
    with pytest.raises(DurationError):
        parse(text, allowed)


def test_clock_durations_count_seconds() -> None:
    assert ClockDuration.parse("PT4H30M").seconds == 4 * 3600 + 30 * 60
