"""ISO 8601 durations: calendar periods for contracts, clock durations for SLAs.

A contract's notice or term is a calendar period (``P3M``, ``P1Y``, ``P2W``);
adding months or years clamps to the month's last day, as
``dateutil.relativedelta`` does.  An SLA target is a clock duration
(``PT4H30M``) of window time.  Each field states the units it allows.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

_ISO = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<H>\d+)H)?(?:(?P<TM>\d+)M)?(?:(?P<S>\d+)S)?)?$"
)
MAX_DAYS = 1000 * 366
_UNIT_NAMES = {"Y": "years", "M": "months", "W": "weeks", "D": "days",
               "H": "hours", "TM": "minutes", "S": "seconds"}


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (2024-01-31 + 1 → 02-29).

    The same result as ``dateutil.relativedelta(months=...)``, without its cost;
    raises OverflowError outside years 1..9999.
    """
    if not months:
        return day
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


class DurationError(ValueError):
    """A duration that is not ISO 8601 or uses a unit the field does not allow."""


def _parse(text: str, allowed: str) -> dict[str, int]:
    """Split an ISO 8601 duration into its units, refusing units outside ``allowed``."""
    match = _ISO.match(text)
    if not match:
        raise DurationError(f"'{text}' is not an ISO 8601 duration")
    parts = {unit: int(value) for unit, value in match.groupdict().items() if value is not None}
    bad = [unit for unit in parts if unit not in allowed.split()]
    if bad:
        names = ", ".join(_UNIT_NAMES[u] for u in bad)
        raise DurationError(f"'{text}' uses {names}, which this field does not allow")
    if not any(parts.values()):
        raise DurationError(f"'{text}' is a zero duration")
    days = (parts.get("Y", 0) * 366 + parts.get("M", 0) * 31 + parts.get("W", 0) * 7
            + parts.get("D", 0) + (parts.get("H", 0) * 3600 + parts.get("TM", 0) * 60
                                   + parts.get("S", 0)) / 86400)
    if days > MAX_DAYS:
        raise DurationError(f"'{text}' is longer than 1000 years")
    return parts


@dataclass(frozen=True)
class Period:
    """A calendar period (years, months, weeks, days), kept with the text it was written as."""

    text: str
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str, allowed: str = "Y M W D") -> Period:
        parts = _parse(text, allowed)
        return cls(text, parts.get("Y", 0), parts.get("M", 0), parts.get("W", 0), parts.get("D", 0))

    def delta(self, times: int = 1) -> relativedelta:
        return relativedelta(
            years=self.years * times, months=self.months * times,
            days=(self.weeks * 7 + self.days) * times,
        )

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def total_days(self) -> int:
        return self.weeks * 7 + self.days

    def after(self, day: date, times: int = 1) -> date:
        """``day`` + ``times`` × this period: months first (clamping to month ends), then days."""
        return add_months(day, self.total_months * times) + timedelta(
            days=self.total_days * times)

    def before(self, day: date) -> date:
        """``day`` − this period, as ``relativedelta`` subtracts: months first, then days."""
        return add_months(day, -self.total_months) - timedelta(days=self.total_days)

    def approx_days(self) -> float:
        """A rough length for comparisons between periods of different units."""
        return self.years * 365.25 + self.months * 30.44 + self.weeks * 7 + self.days

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ClockDuration:
    """An exact span of clock time (hours, minutes, seconds; days only where allowed)."""

    text: str
    seconds: int

    @classmethod
    def parse(cls, text: str, allowed: str = "H TM") -> ClockDuration:
        parts = _parse(text, allowed)
        seconds = (
            parts.get("D", 0) * 86400 + parts.get("H", 0) * 3600
            + parts.get("TM", 0) * 60 + parts.get("S", 0)
        )
        return cls(text, seconds)

    @property
    def timedelta(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    def __str__(self) -> str:
        return self.text
