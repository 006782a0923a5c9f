"""Properties of "what is due": runs on any days send every reminder whose window they hit,
exactly once, and nothing else."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from slmspec.audience import Recipient
from slmspec.durations import Period
from slmspec.mail.ledger import Key, entry_key
from slmspec.mail.run import due
from slmspec.reminders import Reminder
from slmspec.timeline import Event

START = date(2026, 1, 1)
PEOPLE = (Recipient("a@x.se", "A", "a"), Recipient("b@x.se", "B", "b"))
MODULE_OWNER = Recipient("m@x.se", "M", "m")


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
        escalate = draw(st.none() | st.integers(1, 120))  # may fall on a regular offset's day
        if escalate is not None:
            period = Period(f"P{escalate}D", days=escalate)
            owner = draw(st.sampled_from((MODULE_OWNER, *PEOPLE)))
            reminders.append(Reminder(f"{event.id}/escalate", period.before(day), event,
                                      f"Contract {n}", (owner,), "subject", escalation=True))
    return reminders


@settings(max_examples=150, deadline=None)
@given(schedules(), st.lists(st.booleans(), min_size=230, max_size=230))
def test_daily_runs_with_gaps(reminders: list[Reminder], runs: list[bool]) -> None:
    """Whatever days the job skips: every (reminder, recipient) whose send date <= some run
    day <= its event date is delivered exactly once, on the first such run day (catch-up,
    however many of one event are missed), and nothing else is ever delivered."""
    run_days = [START + timedelta(days=i - 20) for i, ran in enumerate(runs) if ran]
    delivered: list[tuple[Key, date]] = []
    for today in run_days:
        todays = due(reminders, {key for key, _ in delivered}, today)
        delivered.extend((d.key, today) for d in todays)
        # what was just sent is not due again the same day
        assert due(reminders, {key for key, _ in delivered}, today) == []
    expected: dict[Key, date] = {}
    for reminder in reminders:
        first = next((d for d in run_days if reminder.send_date <= d <= reminder.event.date),
                     None)
        if first is not None:
            for person in reminder.recipients:
                expected[entry_key(reminder.id, person.email, reminder.event.date)] = first
    assert len(delivered) == len(dict(delivered))  # no message twice
    assert dict(delivered) == expected


@settings(max_examples=100, deadline=None)
@given(schedules())
def test_every_day_run_sends_each_reminder_on_its_day(reminders: list[Reminder]) -> None:
    """A job that runs every day sends every reminder exactly on its send date."""
    sent: dict[Key, date] = {}
    day = START - timedelta(days=130)
    while day <= START + timedelta(days=210):
        for delivery in due(reminders, set(sent), day):
            sent[delivery.key] = day
        day += timedelta(days=1)
    expected = {(r.id, p.email, r.event.date.isoformat()): r.send_date
                for r in reminders for p in r.recipients}
    assert sent == expected
