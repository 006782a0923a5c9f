"""WindowCalendar: opening hours after holidays, exceptions and DST, as SPEC §4 says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slmspec.compiler import compile_project
from slmspec.loader import parse_bytes
from slmspec.model.document import validate_document
from slmspec.windows import (
    FULL_DAY,
    Interval,
    IntervalError,
    WindowCalendar,
    local_instant,
    normalise,
    parse_interval,
)

from .conftest import REPO

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OFFICE = """\
  hours:
    mon: ["08:00-17:00"]
    tue: ["08:00-17:00"]
    wed: ["08:00-17:00"]
    thu: ["08:00-17:00"]
    fri: ["08:00-12:00", "13:00-16:00"]
"""


def window(spec: str, default_timezone: str = "Europe/Stockholm") -> WindowCalendar:
    """A calendar from the YAML text of a window's spec, through the real loader and model."""
    text = ("apiVersion: slmspec/v1\nkind: ServiceWindow\n"
            "metadata: {name: w, displayName: Window}\nspec:\n" + spec)
    loaded = parse_bytes(text.encode(), "w.yaml")
    resource, problems = validate_document(loaded.documents[0])
    assert resource is not None, problems
    return WindowCalendar.from_resource(resource, default_timezone)


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = STOCKHOLM) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def texts(intervals: tuple[Interval, ...]) -> list[str]:
    return [interval.text for interval in intervals]


def hours(spans) -> float:
    return sum(span.seconds for span in spans) / 3600


# --- intervals -------------------------------------------------------------------------

def test_parse_interval_reads_minutes_and_24_00() -> None:
    """Times become minutes after midnight; 24:00 is 1440 and ends at the next midnight."""
    interval = parse_interval("20:30-24:00")
    assert (interval.start, interval.end) == (1230, 1440)
    assert interval.start_time == time(20, 30)
    assert interval.end_time == time(0, 0)
    assert interval.ends_at_midnight
    assert interval.text == "20:30-24:00"


@pytest.mark.parametrize(("text", "reversed_"), [
    ("8-17", False), ("08:00-25:00", False), ("24:00-24:00", False), ("08:60-09:00", False),
    ("08:00 - 17:00", False), ("17:00-08:00", True), ("08:00-08:00", True),
])
def test_parse_interval_rejects_bad_text(text: str, reversed_: bool) -> None:
    """Malformed and backwards intervals raise, and say which of the two they are."""
    with pytest.raises(IntervalError) as caught:
        parse_interval(text)
    assert caught.value.reversed is reversed_
    assert caught.value.hint


def test_normalise_sorts_merges_and_skips_invalid() -> None:
    """Overlapping and touching intervals merge; invalid ones are left to the rules."""
    merged = normalise(["13:00-16:00", "08:00-12:00", "12:00-12:30", "bad", "11:00-09:00"])
    assert texts(merged) == ["08:00-12:30", "13:00-16:00"]


# --- the calendar of a date ------------------------------------------------------------

def test_weekdays_and_settings_timezone() -> None:
    """Weekday hours apply; without its own zone a window uses the settings' zone."""
    cal = window(OFFICE, default_timezone="Europe/Helsinki")
    assert cal.timezone == "Europe/Helsinki"
    assert cal.zone == ZoneInfo("Europe/Helsinki")
    assert texts(cal.intervals_on(date(2026, 6, 12))) == ["08:00-12:00", "13:00-16:00"]
    assert cal.intervals_on(date(2026, 6, 13)) == ()
    assert sorted(cal.weekly) == [0, 1, 2, 3, 4]
    own = window("  timezone: America/New_York\n" + OFFICE, default_timezone="Europe/Helsinki")
    assert own.open_spans(date(2026, 6, 8))[0].start.utcoffset() == timedelta(hours=-4)


def test_public_holidays_close_the_day() -> None:
    """A Swedish public holiday on a weekday closes it and is listed by name."""
    cal = window(OFFICE + "  holidays: {country: SE}\n")
    ascension = date(2026, 5, 14)
    assert cal.intervals_on(ascension) == ()
    assert not cal.is_open_day(ascension)
    assert cal.open_spans(ascension) == []
    assert (ascension, "Ascension Day") in cal.closed_days(date(2026, 5, 1), date(2026, 5, 31))
    assert cal.is_open_day(date(2026, 6, 19))  # Midsummer Eve is de_facto, not public


def test_de_facto_category_closes_midsummer_christmas_and_new_years_eve() -> None:
    """With categories [public, de_facto] the three Swedish eves are closed too."""
    cal = window(OFFICE + "  holidays: {country: SE, categories: [public, de_facto]}\n")
    for eve in (date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)):
        assert not cal.is_open_day(eve)
    names = dict(cal.closed_days(date(2026, 12, 20), date(2026, 12, 31), locale="sv"))
    assert names[date(2026, 12, 24)] == "Julafton"
    assert names[date(2026, 12, 25)] == "Juldagen"


def test_half_day_holiday_closes_from_its_time() -> None:
    """A holiday named '... (from 2pm)' cuts the day at 14:00 and is not a closed day."""
    cal = window(OFFICE + "  holidays: {country: SE, categories: [public, bank]}\n")
    walpurgis = date(2026, 4, 30)  # Thursday: Walpurgis Night (from 2pm)
    assert texts(cal.intervals_on(walpurgis)) == ["08:00-14:00"]
    assert walpurgis not in dict(cal.closed_days(date(2026, 4, 1), date(2026, 4, 30)))
    assert (walpurgis, (Interval(480, 840),)) in cal.deviations(walpurgis, walpurgis)


def test_exception_overrides_holiday_and_extra_day_is_always_closed() -> None:
    """An exception beats a holiday on its date; an extra day beats everything."""
    cal = window(OFFICE + """\
  holidays:
    country: SE
    categories: [public, de_facto]
    extra: [2027-01-05, 2027-01-05]
  exceptions:
    2026-12-24: ["09:00-12:00"]
    2026-12-28: []
    2027-01-05: ["08:00-12:00"]
""")
    assert texts(cal.intervals_on(date(2026, 12, 24))) == ["09:00-12:00"]
    assert cal.intervals_on(date(2026, 12, 28)) == ()
    assert cal.intervals_on(date(2027, 1, 5)) == ()
    closed = cal.closed_days(date(2026, 12, 20), date(2027, 1, 10))
    days = [day for day, _ in closed]
    assert date(2026, 12, 24) not in days           # overridden by its exception
    assert (date(2027, 1, 5), "") in closed          # extra day, listed once
    assert days.count(date(2027, 1, 5)) == 1
    assert date(2026, 12, 28) not in days            # an exception, not a holiday


def test_always_is_open_around_the_clock_without_holidays() -> None:
    """hours: always is one full-day interval every day, holidays and exceptions ignored."""
    cal = window("  hours: always\n  holidays: {country: SE}\n  exceptions: {2026-12-25: []}\n")
    christmas = date(2026, 12, 25)
    assert cal.always
    assert cal.intervals_on(christmas) == FULL_DAY
    assert cal.closed_days(date(2026, 1, 1), date(2026, 12, 31)) == []
    assert cal.open_spans(christmas) == [(at(christmas, 0), at(christmas + timedelta(1), 0))]


def test_interval_to_24_00_ends_at_next_midnight() -> None:
    """An interval ending 24:00 runs to local midnight of the next day."""
    cal = window('  hours: {mon: ["20:00-24:00"]}\n')
    monday = date(2026, 6, 8)
    assert cal.open_spans(monday) == [(at(monday, 20), at(monday + timedelta(1), 0))]
    assert hours(cal.open_spans(monday)) == 4


def test_unknown_country_and_subdivision_never_raise() -> None:
    """Bad holiday settings leave holidays out (country) or national ones (subdivision)."""
    nowhere = window(OFFICE + "  holidays: {country: XX, categories: [nonsense]}\n")
    assert nowhere.is_open_day(date(2026, 5, 14))
    assert nowhere.closed_days(date(2026, 1, 1), date(2026, 12, 31)) == []
    fallback = window(OFFICE + "  holidays: {country: DE, subdivision: ZZ}\n")
    assert not fallback.is_open_day(date(2026, 5, 1))      # national Labour Day


def test_subdivision_adds_regional_holidays() -> None:
    """Epiphany is a holiday in Bavaria (BY) but not in Berlin (BE)."""
    epiphany = date(2026, 1, 6)
    assert not window(OFFICE + "  holidays: {country: DE, subdivision: BY}\n").is_open_day(epiphany)
    assert window(OFFICE + "  holidays: {country: DE, subdivision: BE}\n").is_open_day(epiphany)


def test_previous_open_day_walks_back_over_closed_days() -> None:
    """The day itself when open, else the nearest earlier open day."""
    cal = window(OFFICE + "  holidays: {country: SE, categories: [public, de_facto]}\n")
    assert cal.previous_open_day(date(2026, 12, 23)) == date(2026, 12, 23)
    assert cal.previous_open_day(date(2026, 12, 27)) == date(2026, 12, 23)
    never = window("  hours: {mon: []}\n")
    assert never.previous_open_day(date(2026, 12, 27), limit=30) is None


# --- daylight saving time --------------------------------------------------------------

SPRING = date(2026, 3, 29)   # Stockholm: 02:00 CET -> 03:00 CEST
AUTUMN = date(2026, 10, 25)  # Stockholm: 03:00 CEST -> 02:00 CET


def test_spring_forward_moves_missing_times_to_first_valid_instant() -> None:
    """Times in the gap become 03:00 CEST; a 24x7 day has 23 hours."""
    assert local_instant(SPRING, 150, STOCKHOLM) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert hours(window("  hours: always\n").open_spans(SPRING)) == 23
    cal = window('  hours: {sun: ["01:00-04:00"]}\n')
    assert hours(cal.open_spans(SPRING)) == 2
    inside = window('  hours: {sun: ["02:15-02:45"]}\n')
    assert inside.open_spans(SPRING) == []
    assert not inside.is_open_day(SPRING)
    across = window('  hours: {sun: ["02:30-03:30"]}\n')
    (span,) = across.open_spans(SPRING)
    assert span.start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert span.seconds == 1800


def test_fall_back_takes_first_occurrence_of_ambiguous_times() -> None:
    """02:30 is read in CEST (the first 02:30); a 24x7 day has 25 hours."""
    assert local_instant(AUTUMN, 150, STOCKHOLM) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert hours(window("  hours: always\n").open_spans(AUTUMN)) == 25
    (span,) = window('  hours: {sun: ["02:30-03:00"]}\n').open_spans(AUTUMN)
    assert span.seconds == 5400  # 02:30 CEST to 03:00 CET
    assert span.end - span.start == timedelta(minutes=90)  # fixed offsets: exact arithmetic
    assert span.start.astimezone(STOCKHOLM).replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
    (late,) = window('  hours: {sun: ["02:30-24:00"]}\n').open_spans(AUTUMN)
    (early,) = window('  hours: {sun: ["00:00-02:30"]}\n').open_spans(AUTUMN)
    assert early.end == late.start
    assert early.seconds + late.seconds == 25 * 3600


def test_midnight_in_a_gap_moves_to_first_valid_instant() -> None:
    """Where DST starts at midnight (Santiago), 00:00 becomes 01:00 local."""
    santiago = ZoneInfo("America/Santiago")
    start = local_instant(date(2026, 9, 6), 0, santiago)
    assert start.replace(tzinfo=None) == datetime(2026, 9, 6, 1, 0)


# --- the example organisation ----------------------------------------------------------

def test_example_office_hours() -> None:
    """The example's office-hours: shortened 23 December, closed on its extra days."""
    compilation = compile_project(Path(REPO), date(2026, 12, 4))
    cal = compilation.calendars["office-hours"]
    assert cal.display_name == "Kontorstid"
    assert texts(cal.intervals_on(date(2026, 12, 23))) == ["08:00-12:00"]
    assert not cal.is_open_day(date(2027, 1, 5))
    assert not cal.is_open_day(date(2027, 5, 7))
    assert texts(cal.intervals_on(date(2027, 4, 30))) == ["08:00-13:00"]
    assert set(compilation.calendars) == {"always-on", "extended-hours", "office-hours"}


# --- properties ------------------------------------------------------------------------

ZONES = ["Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
         "Asia/Tehran", "UTC", "Pacific/Apia"]
minutes = st.integers(min_value=0, max_value=1440)
interval_text = st.tuples(minutes, minutes).filter(lambda p: p[0] < p[1] and p[0] < 1440).map(
    lambda p: f"{p[0] // 60:02d}:{p[0] % 60:02d}-{p[1] // 60:02d}:{p[1] % 60:02d}")
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(interval_text, max_size=4), st.sampled_from(ZONES), days)
def test_open_spans_are_ordered_disjoint_and_inside_the_day(intervals, zone_name, day) -> None:
    """Spans never overlap, lie within the local day and agree with is_open_day."""
    cal = WindowCalendar("w", "W", zone_name, weekly={day.weekday(): normalise(intervals)})
    zone = ZoneInfo(zone_name)
    first = local_instant(day, 0, zone).astimezone(UTC)
    last = local_instant(day, 1440, zone).astimezone(UTC)
    spans = cal.open_spans(day)
    previous_end = first
    for span in spans:
        start, end = span.start.astimezone(UTC), span.end.astimezone(UTC)
        assert previous_end <= start < end <= last
        previous_end = end
    assert cal.is_open_day(day) == bool(spans)
    assert sum(span.seconds for span in spans) <= (last - first).total_seconds()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), days, minutes, minutes)
def test_local_instant_keeps_order_and_existing_wall_times(zone_name, day, a, b) -> None:
    """Later wall times never map to earlier instants; a time that exists keeps its wall time."""
    zone = ZoneInfo(zone_name)
    low, high = sorted((a, b))
    assert local_instant(day, low, zone) <= local_instant(day, high, zone).astimezone(UTC)
    instant = local_instant(day, low, zone)
    wall = datetime.combine(day, time()) + timedelta(minutes=low)
    if instant.replace(tzinfo=None) != wall:  # only a time inside a gap moves, and only forward
        assert instant.replace(tzinfo=None) > wall
        assert instant.replace(tzinfo=None) - wall <= timedelta(hours=24)  # Apia skipped a day


@given(interval_text)
def test_interval_text_round_trips(text: str) -> None:
    """Every interval written HH:MM-HH:MM reads back to the same text."""
    assert parse_interval(text).text == text


@settings(max_examples=150, deadline=None)
@given(st.dates(), st.sampled_from(ZONES))
def test_any_date_from_year_1_to_9999_never_raises(day: date, zone_name: str) -> None:
    """Contract dates may lie anywhere in 1..9999; asking a calendar about them is safe."""
    cal = window(OFFICE + '    sun: ["00:00-24:00"]\n'
                 "  holidays: {country: SE, categories: [public, de_facto, bank]}\n", zone_name)
    spans = cal.open_spans(day)
    assert isinstance(cal.is_open_day(day), bool)
    assert spans == [] or cal.is_open_day(day)
    found = cal.previous_open_day(day, limit=10)
    assert found is None or found <= day
    assert all(closed.day == day for closed in cal.closed_days(day, day))
