"""iCalendar building blocks: safe text, calendar properties, the single-event calendar."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
from hypothesis import given
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from slmspec.compiler import compile_project
from slmspec.deadline_text import period_words
from slmspec.durations import Period
from slmspec.ics import body_text, event_calendar, line_text, new_calendar, to_bytes
from slmspec.sequence import read_history

STAMP = datetime(2026, 12, 4, tzinfo=UTC)
TODAY = date(2026, 12, 4)


def unfolded(data: bytes) -> list[str]:
    """Content lines after unfolding (RFC 5545 §3.1)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def unescape(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT unescaping; a lone backslash would be a format error."""
    assert not re.search(r"(?<!\\)(\\\\)*\\[^\\;,nN]", value)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


@given(st.text())
def test_line_text_is_one_line_without_control_characters(value: str) -> None:
    """Whatever comes from YAML, a one-line value has no line break and no control character."""
    cleaned = line_text(value)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", cleaned)


@given(st.text())
def test_body_text_keeps_newlines_only(value: str) -> None:
    """A multi-line value keeps newlines and tabs and drops every other control character."""
    cleaned = body_text(value)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r]", cleaned)


@given(st.text(min_size=1, max_size=400))
def test_any_calendar_name_stays_one_property(name: str) -> None:
    """NAME and X-WR-CALNAME (an X- property icalendar does not escape) each stay one line."""
    data = to_bytes(new_calendar(name, name, timedelta(hours=12)))
    lines = unfolded(data)
    assert [line.split(":", 1)[0] for line in lines if line] == [
        "BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALDESC", "NAME",
        "X-WR-CALNAME", "REFRESH-INTERVAL;VALUE=DURATION", "X-PUBLISHED-TTL", "END",
    ]
    values = {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines if line}
    assert unescape(values["NAME"]) == unescape(values["X-WR-CALNAME"]) == line_text(name)
    assert all(len(raw) <= 75 for raw in data.split(b"\r\n"))


def test_calendar_has_the_feed_properties_and_no_uid() -> None:
    """PRODID, VERSION, CALSCALE, METHOD, names, refresh; no UID (vdirsyncer would merge items)."""
    calendar = icalendar.Calendar.from_ical(
        to_bytes(new_calendar("Feed", "About", timedelta(hours=6), timezone="Europe/Stockholm")))
    assert calendar["PRODID"].startswith("-//slmspec//slmspec ")
    assert (calendar["VERSION"], calendar["CALSCALE"], calendar["METHOD"]) == (
        "2.0", "GREGORIAN", "PUBLISH")
    assert (calendar["NAME"], calendar["X-WR-CALNAME"]) == ("Feed", "Feed")
    assert calendar["X-WR-TIMEZONE"] == "Europe/Stockholm"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"
    assert "UID" not in calendar


def test_period_words() -> None:
    """Notice periods are written out in the locale's words."""
    assert period_words("en", Period.parse("P3M")) == "3 months"
    assert period_words("en", Period.parse("P1Y")) == "1 year"
    assert period_words("sv", Period.parse("P3M")) == "3 månader"
    assert period_words("sv", Period.parse("P1M2W")) == "1 månad, 2 veckor"


def _timeline_event(compilation, contract: str, kind: str):
    return next(e for e in compilation.timelines[contract].events if e.kind == kind)


def test_event_calendar_holds_exactly_the_feed_event(example: Path) -> None:
    """The .ics for a mail is a PUBLISH calendar with the very VEVENT of the feeds."""
    from slmspec.build import BuildContext
    from slmspec.emit.feeds import write

    compilation = compile_project(example, TODAY)
    event = _timeline_event(compilation, "sup-link-sms", "noticeDeadline")
    data = event_calendar(compilation, event, STAMP)
    # read from the project when not given: outside git, the files' edit times
    assert data == event_calendar(compilation, event, STAMP, history=read_history(example))
    assert b"SEQUENCE:" in data
    single = icalendar.Calendar.from_ical(data)
    assert single["METHOD"] == "PUBLISH"
    assert "UID" not in single
    [vevent] = single.walk("VEVENT")
    assert vevent["UID"] == f"{event.id}@norrvik-it"
    IcsCalendarStream.calendar_from_ics(data.decode())

    out = example / "out"
    write(BuildContext(compilation, out, STAMP))
    feed = icalendar.Calendar.from_ical((out / "feeds/all.ics").read_bytes())
    [same] = [e for e in feed.walk("VEVENT") if e["UID"] == vevent["UID"]]
    assert same.to_ical() == vevent.to_ical()


INJECTION = 'Evil\\r\\nATTENDEE:mailto:boss@evil.example\\r\\nBEGIN:VALARM\\x07;x,y\\\\'


def test_injection_in_a_display_name_stays_inside_its_summary(example: Path, run) -> None:
    """CR/LF, ';', ',' and control characters in YAML text cannot add a property."""
    source = example / "contracts.d/sup-link-sms.yaml"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"displayName: .*", lambda _: f'displayName: "{INJECTION}"', text, count=1)
    text = text.replace("counterparty: ", f'counterparty: "{INJECTION} " #', 1)
    source.write_text(text, encoding="utf-8")
    out = example / "out"
    result = run("-C", str(example), "build", "--today", "2026-12-04", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = (out / "feeds/all.ics").read_bytes()
    assert not any(line.startswith(("ATTENDEE", "BEGIN:VALARM\\")) for line in unfolded(data))
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    evil = [e for e in calendar.events if e.uid.startswith("sup-link-sms/")]
    assert evil
    assert all(not e.attendees for e in evil)
    flat = "Evil ATTENDEE:mailto:boss@evil.example BEGIN:VALARM;x,y\\"
    for event in evil:
        assert flat in event.summary
        assert f"{flat}\n" in event.description  # one fact stays one line
        assert len(event.alarm) <= 3  # the contract's own reminders, nothing injected
