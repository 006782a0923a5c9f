"""Service-window feeds: recurrences expanded by recurring-ical-events match the opening hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from slmspec.build import write_outputs
from slmspec.compiler import compile_project
from slmspec.emit.window_feeds import HISTORY_DAYS
from tests.conftest import copy_example

TODAY = date(2026, 12, 4)
ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    project = copy_example(tmp_path_factory.mktemp("windows") / "example")
    compilation = compile_project(project, TODAY)
    write_outputs(compilation, project / "dist")
    return project / "dist", compilation


def expand(path: Path, first: date, last: date) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(recurring_ical_events.of(calendar).between(first, last + timedelta(days=1)))


def timed(instances: list[icalendar.Event]) -> list[tuple[datetime, datetime]]:
    return sorted((e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
                  for e in instances if isinstance(e["DTSTART"].dt, datetime))


def all_day(instances: list[icalendar.Event]) -> dict[date, str]:
    return {e["DTSTART"].dt: str(e["SUMMARY"]) for e in instances
            if not isinstance(e["DTSTART"].dt, datetime)}


def test_christmas_week_of_office_hours(built) -> None:
    """An exception (23 Dec), holidays (24, 25 Dec) and the weekend, as a calendar shows them."""
    dist, _ = built
    week = expand(dist / "feeds/windows/office-hours.ics", date(2026, 12, 21), date(2026, 12, 27))
    local = [(s.astimezone(ZONE).strftime("%a %d %H:%M"), e.astimezone(ZONE).strftime("%H:%M"))
             for s, e in timed(week)]
    assert local == [("Mon 21 08:00", "17:00"), ("Tue 22 08:00", "17:00"),
                     ("Wed 23 08:00", "12:00")]
    assert all_day(week) == {date(2026, 12, 24): "Kontorstid: stängt (Julafton)",
                             date(2026, 12, 25): "Kontorstid: stängt (Juldagen)"}


@pytest.mark.parametrize("window", ["office-hours", "extended-hours"])
def test_every_open_hour_of_the_feed_range_matches_the_window(built, window: str) -> None:
    """Day by day over the whole feed range (DST changes included): feed == window calendar."""
    dist, compilation = built
    calendar = compilation.calendars[window]
    first = TODAY - timedelta(days=HISTORY_DAYS)
    last = compilation.settings.horizon.after(TODAY)
    instances = expand(dist / f"feeds/windows/{window}.ics", first, last)
    wanted = [(s.start.astimezone(UTC), s.end.astimezone(UTC))
              for s in calendar.iter_open_spans(first, last)]
    assert timed(instances) == sorted(wanted)
    closed_usual_days = {day for day, hours in calendar.deviations(first, last)
                         if not hours and calendar.weekly.get(day.weekday())}
    assert set(all_day(instances)) == closed_usual_days
    assert len(wanted) > 1000


def test_always_open_window_is_one_daily_all_day_event(built) -> None:
    """hours: always → an all-day "open around the clock" entry on every day of the range."""
    dist, _ = built
    instances = expand(dist / "feeds/windows/always-on.ics", date(2026, 12, 20),
                       date(2026, 12, 31))
    days = all_day(instances)
    assert sorted(days) == [date(2026, 12, 20) + timedelta(days=n) for n in range(12)]
    assert set(days.values()) == {"Dygnet runt: öppet dygnet runt"}


def test_window_feeds_carry_their_timezone(built) -> None:
    """Timed events need a VTIMEZONE; X-WR-TIMEZONE names it; the strict parser agrees."""
    dist, _ = built
    for name in ("office-hours", "extended-hours"):
        data = (dist / f"feeds/windows/{name}.ics").read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
        assert calendar["X-WR-TIMEZONE"] == "Europe/Stockholm"
        assert calendar.get_missing_tzids() == set()
        strict = IcsCalendarStream.calendar_from_ics(data.decode())
        assert strict.timezones
        assert all(e.transparency == "TRANSPARENT" for e in strict.events)
