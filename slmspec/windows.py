"""Service window calendars: when a window is open, day by day, in real instants.

A ``WindowCalendar`` turns a ServiceWindow into answers for the rest of the
compiler: the open intervals of a date after holidays and exceptions
(``intervals_on``), the same as aware datetimes with SPEC §4's DST rule
(``open_spans``), whether a date has any open time (``is_open_day``, used to
move notice deadlines) and the closed days for calendar feeds.

Times of day are ``Interval`` values in minutes after local midnight, so
24:00 is simply 1440.  Precedence on a date: an ``extra`` day is closed; else
an exception's hours apply; else a holiday closes the day (a holiday named
"... (from 2pm)" only closes it from that time); else the weekday's hours.
``hours: always`` is open around the clock and ignores holidays and exceptions.

Instants carry the fixed UTC offset in force at that moment, not the zone:
aware datetimes that share a ZoneInfo add, subtract and compare by wall
clock in Python, which is wrong across a DST change.  Show them with
``.astimezone(calendar.zone)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from .holiday_source import HolidaySource, closes_at

if TYPE_CHECKING:
    from .compiler import Compilation

DAY_MINUTES = 1440
_INTERVAL = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")


class IntervalError(ValueError):
    """An interval that cannot be used; ``reversed`` tells a backwards one from a malformed one."""

    def __init__(self, message: str, hint: str, *, reversed: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.reversed = reversed


@dataclass(frozen=True, order=True)
class Interval:
    """Open from ``start`` to ``end`` minutes after local midnight (``end`` 1440 = 24:00)."""

    start: int
    end: int

    @property
    def start_time(self) -> time:
        return time(self.start // 60, self.start % 60)

    @property
    def end_time(self) -> time:
        """The end as a time of day; 24:00 becomes 00:00 (see ``ends_at_midnight``)."""
        return time((self.end // 60) % 24, self.end % 60)

    @property
    def ends_at_midnight(self) -> bool:
        return self.end == DAY_MINUTES

    @property
    def text(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


FULL_DAY = (Interval(0, DAY_MINUTES),)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_interval(text: object) -> Interval:
    """Read ``HH:MM-HH:MM`` (24:00 only as the end); raise IntervalError otherwise."""
    match = _INTERVAL.match(text) if isinstance(text, str) else None
    if not match:
        raise IntervalError(f"'{text}' is not an interval: write HH:MM-HH:MM", "e.g. 08:00-17:00")
    sh, sm, eh, em = (int(part) for part in match.groups())
    if sh == 24:
        raise IntervalError(f"'{text}' starts at 24:00, which can only end an interval",
                            "start the next day's interval at 00:00")
    if sh > 23 or sm > 59 or em > 59 or eh > 24 or (eh == 24 and em):
        raise IntervalError(f"'{text}' has a time that does not exist",
                            "times run from 00:00 to 23:59; 24:00 may end an interval")
    start, end = sh * 60 + sm, eh * 60 + em
    if end == start:
        raise IntervalError(f"'{text}' is empty: it ends where it starts",
                            "remove it, or give it an end later than its start", reversed=True)
    if end < start:
        raise IntervalError(f"'{text}' ends before it starts",
                            "to pass midnight, end at 24:00 and continue from 00:00 the next day",
                            reversed=True)
    return Interval(start, end)


def normalise(texts: object) -> tuple[Interval, ...]:
    """The valid intervals of a list, sorted, overlapping and touching ones merged."""
    parsed = []
    for text in texts if isinstance(texts, list) else ():
        try:
            parsed.append(parse_interval(text))
        except IntervalError:
            continue  # reported by the window rules
    merged: list[Interval] = []
    for interval in sorted(parsed):
        if merged and interval.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, interval.end))
        else:
            merged.append(interval)
    return tuple(merged)


class Span(NamedTuple):
    """Open time between two instants (fixed UTC offsets); unpacks as ``(start, end)``."""

    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        """Real elapsed seconds (23- and 25-hour days included)."""
        return (self.end - self.start).total_seconds()


def local_instant(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """``minutes`` after local midnight of ``day``, with the UTC offset in force then.

    A time in a DST gap moves forward to the first valid instant; an ambiguous
    one is its first occurrence.
    """
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    first = naive.replace(tzinfo=zone, fold=0)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive:
        return _fixed(first)
    low = int(naive.replace(tzinfo=zone, fold=1).timestamp())   # with the later offset
    high = int(first.timestamp())                               # with the earlier offset
    low, high = min(low, high), max(low, high)
    before = datetime.fromtimestamp(low, zone).utcoffset()
    while high - low > 1:  # the transition: first second whose offset differs
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return _fixed(datetime.fromtimestamp(high, zone))


def _fixed(moment: datetime) -> datetime:
    """The same instant with a fixed offset, so that arithmetic and comparisons are exact."""
    return moment.astimezone(timezone(moment.utcoffset() or timedelta()))


class ClosedDay(NamedTuple):
    """A whole day a window is closed; ``name`` is empty for the organisation's ``extra`` days."""

    day: date
    name: str


@dataclass(eq=False)
class WindowCalendar:
    """Opening hours of one ServiceWindow, in its own time zone."""

    name: str
    display_name: str
    timezone: str
    always: bool = False
    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=dict)
    exceptions: dict[date, tuple[Interval, ...]] = field(default_factory=dict)
    extra_days: frozenset[date] = frozenset()
    holidays: HolidaySource | None = None

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.timezone)
        self._english = self.holidays.language("en") if self.holidays else None

    @classmethod
    def from_resource(cls, res: Any, default_timezone: str) -> WindowCalendar:
        spec = res.spec
        source = spec.holidays
        weekly: dict[int, tuple[Interval, ...]] = {}
        if spec.hours != "always":
            days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            weekly = {days.index(k): normalise(v) for k, v in spec.hours.items()}
        return cls(
            name=res.name,
            display_name=res.model.metadata.displayName,
            timezone=spec.timezone or default_timezone,
            always=spec.hours == "always",
            weekly={d: iv for d, iv in sorted(weekly.items()) if iv},
            exceptions={d: normalise(v) for d, v in sorted(spec.exceptions.items())},
            extra_days=frozenset(source.extra) if source else frozenset(),
            holidays=(HolidaySource(source.country, source.subdivision, tuple(source.categories))
                      if source else None),
        )

    def _holiday(self, day: date) -> list[str]:
        return self.holidays.names(day, self._english) if self.holidays else []

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """Local wall-clock open intervals of ``day`` after extra days, exceptions, holidays."""
        if self.always:
            return FULL_DAY
        if day in self.extra_days:
            return ()
        if day in self.exceptions:
            return self.exceptions[day]
        usual = self.weekly.get(day.weekday(), ())
        names = self._holiday(day)
        if not names:
            return usual
        closing = closes_at(names)
        if closing is None:
            return ()
        return tuple(Interval(iv.start, min(iv.end, closing)) for iv in usual if iv.start < closing)

    def open_spans(self, day: date) -> list[Span]:
        """The open time of ``day`` as instants, in order (see the module note on offsets)."""
        spans = []
        for interval in self.intervals_on(day):
            try:
                start = local_instant(day, interval.start, self.zone)
                end = local_instant(day, interval.end, self.zone)
            except (OverflowError, ValueError):
                continue  # beyond what datetime can hold (the first and last day of year 1..9999)
            if end > start:
                spans.append(Span(start, end))
        return spans

    def iter_open_spans(self, first: date, last: date) -> Iterator[Span]:
        """Every open span from ``first`` to ``last`` inclusive, in order."""
        for day in _days(first, last):
            yield from self.open_spans(day)

    def is_open_day(self, day: date) -> bool:
        """True when the window has any open time on ``day`` (an interval wholly inside a
        DST gap has none)."""
        for interval in self.intervals_on(day):
            try:
                start = local_instant(day, interval.start, self.zone)
                if local_instant(day, interval.end, self.zone) > start:
                    return True
            except (OverflowError, ValueError):
                return True  # at the calendar's very edges the wall clock is enough
        return False

    def previous_open_day(self, day: date, limit: int = 366) -> date | None:
        """``day`` itself when open, else the nearest earlier open day within ``limit`` days."""
        for back in range(min(limit, (day - date.min).days) + 1):
            candidate = day - timedelta(days=back)
            if self.is_open_day(candidate):
                return candidate
        return None

    def closed_days(self, start: date, end: date, locale: str | None = None) -> list[ClosedDay]:
        """Whole closed days from ``start`` to ``end`` inclusive: holidays (by name, in
        ``locale`` where the package has it) not overridden by an exception, and extra days."""
        if self.always:
            return []
        language = self.holidays.language(locale) if self.holidays else None
        closed = []
        for day in _days(start, end):
            names = [] if day in self.exceptions else self._holiday(day)
            if day in self.extra_days:
                closed.append(ClosedDay(day, ""))
            elif names and closes_at(names) is None and self.holidays:
                shown = self.holidays.names(day, language) or names
                closed.append(ClosedDay(day, "; ".join(shown)))
        return closed

    def deviations(self, start: date, end: date) -> list[tuple[date, tuple[Interval, ...]]]:
        """Dates whose hours differ from their weekday's usual hours, with the hours they have."""
        if self.always:
            return []
        return [(day, hours) for day in _days(start, end)
                if (hours := self.intervals_on(day)) != self.weekly.get(day.weekday(), ())]


def _days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def build_calendars(compilation: Compilation) -> dict[str, WindowCalendar]:
    """A calendar for every valid window; a window that cannot be built is left out."""
    calendars = {}
    for name, res in sorted(compilation.project.windows.items()):
        try:
            calendars[name] = WindowCalendar.from_resource(res, compilation.timezone)
        except Exception:  # the window rules report what is wrong with it
            continue
    return calendars
