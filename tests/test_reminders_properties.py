"""Properties of "what is due": daily runs with gaps never send twice and never skip a deadline."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from slmspec.audience import Recipient
from slmspec.durations import Period
from slmspec.mail.run import due
from slmspec.reminders import Reminder
from slmspec.timeline import Event

START = date(2026, 1, 1)
PEOPLE = (Recipient("a@x.se", "A", "a"), Recipient("b@x.se", "B", "b"))


@st.composite
def schedules(draw) -> list[Reminder]:
    reminders = []
    for n in range(draw(st.integers(1, 4))):
        day = START + timedelta(days=draw(st.integers(0, 200)))
        event = Event(f"c{n}/noticeDeadline/{n}", f"c{n}", "noticeDeadline", n, day)
        offsets = draw(st.sets(st.integers(1, 120), min_size=1, max_size=4))
        people = tuple(draw(st.sets(st.sampled_from(PEOPLE), min_size=1)))
        for days in sorted(offsets):
            period = Period(f"P{days}D", days=days)
            reminders.append(Reminder(f"{event.id}/{period.text}", period.before(day), event,
                                      f"Contract {n}", tuple(sorted(people)), "subject"))
    return reminders


@settings(max_examples=150, deadline=None)
@given(schedules(), st.lists(st.booleans(), min_size=230, max_size=230))
def test_daily_runs_with_gaps(reminders: list[Reminder], runs: list[bool]) -> None:
    """Whatever days the job skips: no message twice, at most one per event and person a day,
    nothing after its event, and every event reached whenever a run falls inside its
    reminder period."""
    sent: dict[tuple[str, str, str], date] = {}
    for offset, ran in enumerate(runs):
        today = START + timedelta(days=offset - 20)
        if not ran:
            continue
        todays = due(reminders, set(sent), today)
        slots = [(d.reminder.event.id, d.recipient.email) for d in todays]
        assert len(slots) == len(set(slots))
        for delivery in todays:
            assert delivery.key not in sent
            assert delivery.reminder.send_date <= today <= delivery.reminder.event.date
            sent[delivery.key] = today
        # sending is idempotent: what was just sent is not due again the same day
        assert due(reminders, set(sent), today) == []
    for reminder in reminders:
        first = reminder.send_date
        run_days = [START + timedelta(days=i - 20) for i, ran in enumerate(runs) if ran]
        inside = [d for d in run_days if first <= d <= reminder.event.date]
        for person in reminder.recipients:
            reached = [k for k in sent if k[0].startswith(reminder.event.id + "/")
                       and k[1] == person.email]
            earliest = min((r.send_date for r in reminders if r.event == reminder.event),
                           default=first)
            if [d for d in run_days if earliest <= d <= reminder.event.date]:
                assert reached, f"{reminder.event.id} never reached {person.email}"
            if inside and inside[0] == first:
                assert (reminder.id, person.email, reminder.event.date.isoformat()) in sent


@settings(max_examples=100, deadline=None)
@given(schedules())
def test_every_day_run_sends_each_reminder_on_its_day(reminders: list[Reminder]) -> None:
    """A job that runs every day sends every reminder exactly on its send date."""
    sent: dict[tuple[str, str, str], date] = {}
    day = START - timedelta(days=130)
    while day <= START + timedelta(days=210):
        for delivery in due(reminders, set(sent), day):
            sent[delivery.key] = day
        day += timedelta(days=1)
    expected = {(r.id, p.email, r.event.date.isoformat()): r.send_date
                for r in reminders for p in r.recipients}
    assert sent == expected
