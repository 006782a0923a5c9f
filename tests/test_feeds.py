"""The deadline feeds of the example organisation, read back by two independent parsers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from slmspec.audience import people_concerned, reminder_offsets
from slmspec.build import BuildContext, build_stamp
from slmspec.compiler import compile_project
from slmspec.emit import feeds

TODAY = "2026-12-04"
EPOCH = "1796342400"  # 2026-12-04T00:00:00Z
DEADLINE_FEEDS = ("all", "customer", "supplier")


def build(run, project: Path, out: Path, *, today: str = TODAY) -> Path:
    result = run("-C", str(project), "build", "--today", today, "--out", str(out),
                 env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def built(example: Path, run) -> Path:
    return build(run, example, example / "dist")


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(path: Path) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in read(path).walk("VEVENT")}


def test_every_feed_parses_strictly_and_round_trips(built: Path, example: Path) -> None:
    """All feeds of SPEC §8 exist, the `ical` package accepts them, icalendar writes them back."""
    compilation = compile_project(example, date.fromisoformat(TODAY))
    expected = {f"feeds/{name}.ics" for name in DEADLINE_FEEDS}
    expected |= {f"feeds/people/{key}.ics" for key in compilation.settings.people}
    expected |= {f"feeds/windows/{name}.ics" for name in compilation.project.windows}
    found = {p.relative_to(built).as_posix() for p in built.rglob("*.ics")}
    assert found == expected
    for rel in sorted(found):
        data = (built / rel).read_bytes()
        strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        assert strict.prodid.startswith("-//slmspec//")
        assert read(built / rel).to_ical() == data, rel
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), rel
        assert data.endswith(b"END:VCALENDAR\r\n")


def test_all_feed_holds_every_timeline_event_once(built: Path, example: Path) -> None:
    """all.ics = every event of every timeline, with UID = event id @ settings name."""
    compilation = compile_project(example, date.fromisoformat(TODAY))
    wanted = {f"{e.id}@norrvik-it" for t in compilation.timelines.values() for e in t.events}
    found = events(built / "feeds/all.ics")
    assert set(found) == wanted
    assert len(wanted) > 100
    uids = [str(e["UID"]) for e in read(built / "feeds/all.ics").walk("VEVENT")]
    assert len(uids) == len(set(uids))
    customer = events(built / "feeds/customer.ics")
    supplier = events(built / "feeds/supplier.ics")
    assert not set(customer) & set(supplier)
    assert set(customer) | set(supplier) == wanted
    contracts = compilation.project.contracts
    assert all(contracts[u.split("/")[0]].spec.type == "customer" for u in customer)


def test_deadline_events_are_all_day_transparent_and_ordered(built: Path) -> None:
    """VALUE=DATE, DTEND the next day, TRANSP:TRANSPARENT, sorted by (date, UID)."""
    vevents = list(read(built / "feeds/all.ics").walk("VEVENT"))
    for vevent in vevents:
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        assert type(start) is date
        assert end == start + timedelta(days=1)
        assert vevent["TRANSP"] == "TRANSPARENT"
        assert vevent["DTSTAMP"].dt.isoformat() == "2026-12-04T00:00:00+00:00"
        assert 0 < int(vevent["SEQUENCE"]) < 2**31
    keys = [(e["DTSTART"].dt, str(e["UID"])) for e in vevents]
    assert keys == sorted(keys)


def test_alarms_follow_the_reminder_offsets(built: Path, example: Path) -> None:
    """One DISPLAY alarm per reminder offset; none once a decision is recorded."""
    compilation = compile_project(example, date.fromisoformat(TODAY))
    found = events(built / "feeds/all.ics")
    checked = 0
    for name, timeline in compilation.timelines.items():
        spec = compilation.project.contracts[name].spec
        for event in timeline.events:
            alarms = found[f"{event.id}@norrvik-it"].walk("VALARM")
            offsets = [] if event.decided else reminder_offsets(
                compilation.settings, spec, event.kind)
            assert [a["TRIGGER"].dt for a in alarms] == [-o.delta().days * timedelta(1)
                                                         for o in offsets]
            assert all(a["ACTION"] == "DISPLAY" for a in alarms)
            checked += bool(alarms)
    assert checked > 20


def test_swedish_texts_status_and_decisions(built: Path) -> None:
    """Summaries say what to do; drafts are tentative; a decided deadline says so, no alarm."""
    found = events(built / "feeds/all.ics")
    decided = found["sup-ricoh-print/noticeDeadline/0@norrvik-it"]
    assert decided["SUMMARY"] == "Sista dag för uppsägning: Skrivarleasing Ricoh (beslutat: förnya)"
    assert not decided.walk("VALARM")
    assert "Beslut: förnya (Erik Johansson, 2026-08-20)" in decided["DESCRIPTION"]
    for line in ("Motpart: Ricoh Sverige AB",
                 "Ansvarig: Erik Johansson <erik.johansson@norrvik.se>",
                 "Avtalsperiod: 2024-01-01 – 2026-12-31", "Uppsägningstid: 3 månader",
                 "Uppsägningstid i dagar: 92 (perioden slutar 2026-12-31)",
                 "Källa: https://git.norrvik.se/it/avtal/blob/HEAD/contracts.d/sup-ricoh-print.yaml"):
        assert line in decided["DESCRIPTION"].split("\n")
    assert [str(c) for c in decided["CATEGORIES"].cats] == [
        "Leverantörskontrakt", "Sista dag för uppsägning"]
    assert decided["STATUS"] == "CONFIRMED"
    drafts = [e for u, e in found.items() if u.startswith("sup-unit4-ekonomi/")]
    assert drafts
    assert all(e["STATUS"] == "TENTATIVE" for e in drafts)
    option = [e for u, e in found.items() if u.startswith("sup-caverion-serverhall/noticeDeadline")]
    assert option
    assert all(e["SUMMARY"].startswith("Sista dag att utnyttja option: ") for e in option)


def test_english_locale_and_refresh_setting(example: Path, run) -> None:
    """locale: en gives English texts; feeds.refresh sets REFRESH-INTERVAL and X-PUBLISHED-TTL."""
    settings = example / "slmspec.yaml"
    text = settings.read_text(encoding="utf-8").replace("locale: sv", "locale: en")
    settings.write_text(text.replace("refresh: PT12H", "refresh: P1D"), encoding="utf-8")
    out = build(run, example, example / "dist")
    calendar = read(out / "feeds/supplier.ics")
    assert calendar["X-WR-CALNAME"] == "Norrvik kommun IT – supplier contracts"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(days=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "P1D"
    found = events(out / "feeds/all.ics")
    open_notice = found["sup-ricoh-print/noticeDeadline/1@norrvik-it"]
    assert open_notice["SUMMARY"] == "Last day to give notice: Skrivarleasing Ricoh"
    assert "Notice period: 3 months" in open_notice["DESCRIPTION"]
    option = found["sup-caverion-serverhall/noticeDeadline/0@norrvik-it"]
    assert option["SUMMARY"].startswith("Last day to exercise the option: ")


def test_people_feeds_hold_what_a_person_owns_or_is_mailed_about(built: Path,
                                                                 example: Path) -> None:
    """feeds/people/<key>.ics: the events of exactly the contracts people_concerned names."""
    compilation = compile_project(example, date.fromisoformat(TODAY))
    settings = compilation.settings
    for key, person in settings.people.items():
        calendar = read(built / f"feeds/people/{key}.ics")
        assert person.name in str(calendar["X-WR-CALNAME"])
        contracts = {str(e["UID"]).split("/")[0] for e in calendar.walk("VEVENT")}
        wanted = {name for name, res in compilation.project.contracts.items()
                  if key in people_concerned(settings, res.spec) and name in compilation.timelines}
        assert contracts == wanted, key


def test_two_builds_are_byte_identical(example: Path, run) -> None:
    """Same sources, --today and SOURCE_DATE_EPOCH: the same bytes in every feed."""
    first = build(run, example, example / "one")
    second = build(run, example, example / "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*.ics"))
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_feeds_without_any_timeline_are_valid_and_empty(example: Path, tmp_path: Path) -> None:
    """A project whose timelines are empty still gets every feed, valid and without events."""
    compilation = compile_project(example, date.fromisoformat(TODAY))
    compilation.timelines = {}
    feeds.write(BuildContext(compilation, tmp_path, build_stamp(compilation)))
    for name in DEADLINE_FEEDS:
        data = (tmp_path / f"feeds/{name}.ics").read_text(encoding="utf-8")
        assert IcsCalendarStream.calendar_from_ics(data).events == []


def test_feed_catalogs_match_in_keys_and_placeholders() -> None:
    """A translator's catalog has every key of the English one, with the same {placeholders}."""
    import json
    import string
    from importlib import resources

    def load(locale: str) -> dict[str, str]:
        path = resources.files("slmspec") / "locales" / locale / "feeds.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english, swedish = load("en"), load("sv")
    assert set(english) == set(swedish)
    assert all(fields(english[key]) == fields(swedish[key]) for key in english)


def test_the_module_owner_feed_holds_the_contracts_escalated_to_them(example: Path, run) -> None:
    """Escalations mail the module owner, so their feed holds those contracts' deadlines."""
    import json

    assert run("-C", str(example), "build", "--today", "2026-12-04").exit_code == 0
    reminders = json.loads((example / "dist" / "reminders.json").read_text())["reminders"]
    escalated = {r["contract"] for r in reminders if r["escalation"]}
    assert escalated
    feed = (example / "dist" / "feeds" / "people" / "karin.ics").read_text()
    for contract in escalated:
        assert f"UID:{contract}/noticeDeadline/" in feed
