"""Service-window feeds: ``feeds/windows/<window>.ics``, the opening hours as a calendar.

* Each distinct interval of the weekly hours is one timed, weekly recurring
  event (``RRULE:FREQ=WEEKLY;BYDAY=…``) in the window's time zone, with the
  VTIMEZONE it needs; weekdays with the same interval share one series.
* A day whose hours differ from its weekday's (a holiday, an ``extra`` day,
  an exception, a half day) has its instances removed by ``EXDATE`` and gets
  its own events instead: its actual hours as timed events, or an all-day
  "closed" note when it is closed on a day that is usually open.
* ``hours: always`` is one all-day event repeated daily ("open around the clock").
* The range is bounded so feeds stay small and deterministic: from one year
  before ``--today`` to ``--today`` + the settings' horizon.

Every event is ``TRANSP:TRANSPARENT``: opening hours never make anyone look busy.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Event as VEvent
from icalendar import vRecur

from ..i18n import t
from ..ics import (
    add_text,
    line_text,
    locale_of,
    new_calendar,
    organisation,
    refresh_interval,
    sorted_events,
    to_bytes,
)
from ..sequence import History
from ..windows import Interval, WindowCalendar, local_instant

if TYPE_CHECKING:
    from ..build import BuildContext

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HISTORY_DAYS = 365


def feed_range(context: BuildContext) -> tuple[date, date]:
    """First and last date the window feeds cover."""
    compilation = context.compilation
    today = compilation.today
    settings = compilation.settings
    last = (settings.horizon.after(today) if settings is not None
            else today + timedelta(days=3 * 365))
    return today - timedelta(days=HISTORY_DAYS), last


def write(context: BuildContext, history: History) -> None:
    """Write one feed per service window that could be built."""
    compilation = context.compilation
    for name in sorted(compilation.calendars):
        window = compilation.calendars[name]
        resource = compilation.project.windows.get(name)
        sources = ["slmspec.yaml"] + ([resource.path] if resource is not None else [])
        builder = _WindowFeed(context, window, history.sequence(sources, context.stamp))
        context.write_bytes(f"feeds/windows/{name}.ics", builder.render())


class _WindowFeed:
    """The events of one window's feed."""

    def __init__(self, context: BuildContext, window: WindowCalendar, sequence: int) -> None:
        self.context = context
        self.window = window
        self.sequence = sequence
        self.locale = locale_of(context.compilation)
        self.settings_name, self.org = organisation(context.compilation)
        self.first, self.last = feed_range(context)
        self.title = line_text(window.display_name)

    def render(self) -> bytes:
        name = t(self.locale, "feeds.calendar.window", org=self.org, window=self.title)
        key = "feeds.caldesc.windowAlways" if self.window.always else "feeds.caldesc.window"
        description = t(self.locale, key, window=self.title,
                        timezone=self.window.timezone)
        calendar = new_calendar(name, description, refresh_interval(self.context.compilation),
                                timezone=self.window.timezone)
        events = self._always() if self.window.always else self._weekly()
        for vevent in sorted_events(events):
            calendar.add_component(vevent)
        calendar.add_missing_timezones(first_date=self.first - timedelta(days=1),
                                       last_date=self.last + timedelta(days=2))
        return to_bytes(calendar)

    def _event(self, key: str, summary: str) -> VEvent:
        vevent = VEvent()
        vevent.add("uid", f"window/{self.window.name}/{key}@{self.settings_name}")
        vevent.add("dtstamp", self.context.stamp)
        vevent.add("sequence", self.sequence)
        add_text(vevent, "summary", summary)
        vevent.add("transp", "TRANSPARENT")
        vevent.add("status", "CONFIRMED")
        return vevent

    def _always(self) -> list[VEvent]:
        vevent = self._event("always", t(self.locale, "feeds.window.always", window=self.title))
        vevent.add("dtstart", self.first)
        vevent.add("dtend", self.first + timedelta(days=1))
        vevent.add("rrule", vRecur({"FREQ": "DAILY", "UNTIL": self.last}))
        add_text(vevent, "description", t(self.locale, "feeds.window.alwaysNote"))
        return [vevent]

    def _weekly(self) -> list[VEvent]:
        series: dict[Interval, list[int]] = defaultdict(list)
        for weekday, intervals in sorted(self.window.weekly.items()):
            for interval in intervals:
                series[interval].append(weekday)
        deviations = dict(self.window.deviations(self.first, self.last))
        events = [self._series(interval, weekdays, deviations)
                  for interval, weekdays in sorted(series.items())]
        events.extend(self._deviating_days(deviations))
        return [e for e in events if e is not None]

    def _instant(self, day: date, minutes: int) -> datetime:
        """Local wall-clock time of ``day`` as an aware datetime in the window's zone."""
        naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
        return naive.replace(tzinfo=self.window.zone)

    def _series(self, interval: Interval, weekdays: list[int],
                deviations: dict[date, Any]) -> VEvent | None:
        first = next((self.first + timedelta(days=n) for n in range(7)
                      if (self.first + timedelta(days=n)).weekday() in weekdays), None)
        if first is None or first > self.last:
            return None
        days = "".join(BYDAY[d] for d in weekdays)
        key = f"hours/{days}/{interval.text.replace(':', '')}"
        vevent = self._event(key, t(self.locale, "feeds.window.open", window=self.title))
        vevent.add("dtstart", self._instant(first, interval.start))
        vevent.add("dtend", self._instant(first, interval.end))
        until = local_instant(self.last + timedelta(days=1), 0, self.window.zone)
        vevent.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": [BYDAY[d] for d in weekdays],
                                    "UNTIL": until.astimezone(UTC) - timedelta(seconds=1)}))
        excluded = [self._instant(day, interval.start) for day in sorted(deviations)
                    if day >= first and day.weekday() in weekdays]
        if excluded:
            vevent.add("exdate", excluded)
        return vevent

    def _deviating_days(self, deviations: dict[date, tuple[Interval, ...]]) -> list[VEvent]:
        closed = {c.day: c.name for c in self.window.closed_days(self.first, self.last,
                                                                 self.locale)}
        events = []
        for day, hours in sorted(deviations.items()):
            stamp = day.strftime("%Y%m%d")
            if not hours:
                if not self.window.weekly.get(day.weekday()):
                    continue
                events.append(self._closed_day(day, closed.get(day)))
                continue
            note = t(self.locale, "feeds.window.exception",
                     hours=", ".join(iv.text for iv in hours))
            for interval in hours:
                key = f"day/{stamp}/{interval.text.replace(':', '')}"
                vevent = self._event(key, t(self.locale, "feeds.window.open", window=self.title))
                vevent.add("dtstart", self._instant(day, interval.start))
                vevent.add("dtend", self._instant(day, interval.end))
                add_text(vevent, "description", note)
                events.append(vevent)
        return events

    def _closed_day(self, day: date, holiday: str | None) -> VEvent:
        """An all-day note on a usually open day: closed, and why when it is a closed day."""
        if holiday is None:
            summary = t(self.locale, "feeds.window.closed", window=self.title)
        else:
            reason = holiday or t(self.locale, "feeds.window.extra")
            summary = t(self.locale, "feeds.window.closedBecause", window=self.title,
                        reason=reason)
        vevent = self._event(f"closed/{day.strftime('%Y%m%d')}", summary)
        vevent.add("dtstart", day)
        vevent.add("dtend", day + timedelta(days=1))
        return vevent
