"""The reminder schedule: ids, send dates, recipients, decisions, escalation, the build outputs."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from slmspec.compiler import compile_project
from slmspec.reminders import Reminder, schedule

TODAY = date(2026, 12, 4)


def by_id(project: Path, today: date = TODAY) -> dict[str, Reminder]:
    compilation = compile_project(project, today)
    assert not [d for d in compilation.diagnostics if d.severity == "error"]
    return {r.id: r for r in schedule(compilation)}


def emails(reminder: Reminder) -> list[str]:
    return [r.email for r in reminder.recipients]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ids_send_dates_and_recipients_follow_offsets(example: Path) -> None:
    """Each offset gives one reminder <event id>/<offset> on event date − offset, to ``to``."""
    reminders = by_id(example)
    first = reminders["sup-ricoh-print/noticeDeadline/1/P120D"]
    assert first.event.date == date(2027, 9, 30)
    assert first.send_date == date(2027, 6, 2)
    assert reminders["sup-ricoh-print/noticeDeadline/1/P60D"].send_date == date(2027, 8, 1)
    # to: [owner, supplierContracts] = erik + [erik, sara], each once
    assert emails(first) == ["erik.johansson@norrvik.se", "sara.nilsson@norrvik.se"]
    assert first.subject == ("Påminnelse: Sista dag för uppsägning: Skrivarleasing Ricoh "
                             "(2027-09-30)")
    # the settings' defaults apply where the contract has no override: P90D, P30D, P7D,
    # and the escalation (escalate: P7D) comes on top of them
    dustin = [i for i in reminders if i.startswith("sup-dustin-cisco/noticeDeadline/1/")]
    assert sorted(dustin) == ["sup-dustin-cisco/noticeDeadline/1/P30D",
                              "sup-dustin-cisco/noticeDeadline/1/P7D",
                              "sup-dustin-cisco/noticeDeadline/1/P90D",
                              "sup-dustin-cisco/noticeDeadline/1/escalate"]


MODULE_OWNER = "karin.lindqvist@norrvik.se"


def test_escalation_goes_to_the_module_owner_and_the_same_day_reminder_stays(
        example: Path) -> None:
    """escalate P7D: one reminder <event id>/escalate on deadline − 7 days, to the module owner
    only; every regular reminder of that deadline stays, to the usual recipients, even the one
    of the same length on the same day."""
    reminders = by_id(example)
    escalation = reminders["sup-ricoh-print/noticeDeadline/1/escalate"]
    assert escalation.escalation
    assert escalation.send_date == date(2027, 9, 23)
    assert emails(escalation) == [MODULE_OWNER]
    assert escalation.subject.startswith("Eskalering, inget beslut ännu: ")
    regular = sorted(i for i in reminders if i.startswith("sup-ricoh-print/noticeDeadline/1/P"))
    assert regular == ["sup-ricoh-print/noticeDeadline/1/P120D",
                       "sup-ricoh-print/noticeDeadline/1/P60D"]
    for reminder_id in regular:
        assert not reminders[reminder_id].escalation
        assert emails(reminders[reminder_id]) == ["erik.johansson@norrvik.se",
                                                  "sara.nilsson@norrvik.se"]
    # sup-link-sms reminds [P7D] only; escalate is P7D too: both go out on the same day
    link = sorted(i for i in reminders if i.startswith("sup-link-sms/noticeDeadline/7/"))
    assert link == ["sup-link-sms/noticeDeadline/7/P7D", "sup-link-sms/noticeDeadline/7/escalate"]
    same_day, escalated = (reminders[i] for i in link)
    assert same_day.send_date == escalated.send_date == date(2026, 12, 10)
    assert emails(same_day) == ["erik.johansson@norrvik.se"]
    assert same_day.subject.startswith("Påminnelse: ")
    assert emails(escalated) == [MODULE_OWNER]
    dustin = reminders["sup-dustin-cisco/noticeDeadline/1/P7D"]
    assert (dustin.send_date, emails(dustin)) == (date(2027, 1, 22), ["johan.strom@norrvik.se"])
    # every escalation goes to the module owner alone; other kinds never escalate
    escalations = [r for r in reminders.values() if r.escalation]
    assert escalations
    assert all(r.id.endswith("/escalate") and emails(r) == [MODULE_OWNER] for r in escalations)
    assert {r.event.kind for r in escalations} == {"noticeDeadline"}


def test_a_module_owner_among_the_usual_recipients_gets_both_mails(example: Path) -> None:
    """The regular reminder is not widened or dropped because the escalation exists: with
    moduleOwner in ``to`` the module owner gets the regular reminder and the escalation."""
    edit(example / "contracts.d/sup-link-sms.yaml", "    noticeDeadline: [P7D]",
         "    to: [owner, moduleOwner]\n    noticeDeadline: [P7D]")
    reminders = by_id(example)
    assert emails(reminders["sup-link-sms/noticeDeadline/7/P7D"]) == [
        "erik.johansson@norrvik.se", MODULE_OWNER]
    assert emails(reminders["sup-link-sms/noticeDeadline/7/escalate"]) == [MODULE_OWNER]


def test_a_decision_removes_the_deadlines_reminders(example: Path) -> None:
    before = by_id(example)
    assert "sup-atea-klienter/noticeDeadline/1/P30D" in before
    assert "sup-atea-klienter/noticeDeadline/1/escalate" in before
    edit(example / "contracts.d/sup-atea-klienter.yaml", "      on: 2025-11-20\n",
         "      on: 2025-11-20\n    - {termEnd: 2027-03-31, action: renew, by: sara, "
         "on: 2026-12-03}\n")
    after = by_id(example)
    assert not [i for i in after if i.startswith("sup-atea-klienter/noticeDeadline/1/")]
    # the renewal created term 2, whose end is reminded instead of the old one
    assert "sup-atea-klienter/end/1/P60D" not in after
    assert after["sup-atea-klienter/end/2/P60D"].event.date == date(2028, 3, 31)


def test_a_moved_date_keeps_the_id(example: Path) -> None:
    """Re-armed: the same reminder id gets the new send date when the deadline moves."""
    edit(example / "contracts.d/sup-ricoh-print.yaml", "  notice: P3M\n", "  notice: P2M\n")
    moved = by_id(example)["sup-ricoh-print/noticeDeadline/1/P60D"]
    assert moved.event.date == date(2027, 10, 31)
    assert moved.send_date == date(2027, 9, 1)


def test_past_events_drafts_and_roles(example: Path) -> None:
    reminders = by_id(example)
    assert all(r.event.date >= TODAY for r in reminders.values())
    assert not [i for i in reminders if i.startswith("sup-unit4-ekonomi/")]  # a draft
    # a past event's reminders are gone, a future one's stay even when their day has passed
    assert "sup-ricoh-print/noticeDeadline/0/P120D" not in reminders
    assert reminders["sup-atea-klienter/noticeDeadline/1/P90D"].send_date < TODAY
    # to: [owner, customerContracts, moduleOwner]
    bostader = reminders["cus-norrvikbostader-drift/noticeDeadline/2/P60D"]
    assert emails(bostader) == ["elin.andersson@norrvik.se", "karin.lindqvist@norrvik.se",
                                "mohammed.haddad@norrvik.se"]
    review = reminders["sup-ricoh-print/review/3/P14D"]
    assert (review.event.date, review.send_date) == (date(2027, 1, 1), date(2026, 12, 18))
    assert review.subject == "Påminnelse: Avtalsgenomgång: Skrivarleasing Ricoh (2027-01-01)"


def test_order_is_send_date_then_id(example: Path) -> None:
    reminders = schedule(compile_project(example, TODAY))
    keys = [(r.send_date, r.id) for r in reminders]
    assert keys == sorted(keys)
    assert len({r.id for r in reminders}) == len(reminders)


def test_english_subjects(example: Path) -> None:
    edit(example / "slmspec.yaml", "  locale: sv\n", "  locale: en\n")
    reminders = by_id(example)
    assert reminders["sup-ricoh-print/noticeDeadline/1/P60D"].subject == (
        "Reminder: Last day to give notice: Skrivarleasing Ricoh (2027-09-30)")
    assert reminders["sup-ricoh-print/noticeDeadline/1/escalate"].subject.startswith(
        "Escalation, no decision yet: ")


def test_project_subject_template_overrides_the_built_in(example: Path) -> None:
    folder = example / "templates/mail/sv"
    folder.mkdir(parents=True)
    (folder / "subject.txt.j2").write_text(
        "[Avtal] {{ contract.display_name }}\n  – {{ event.kind_name }} {{ event.date }}\n",
        encoding="utf-8")
    reminder = by_id(example)["sup-ricoh-print/noticeDeadline/1/P60D"]
    assert reminder.subject == "[Avtal] Skrivarleasing Ricoh – Sista dag för uppsägning 2027-09-30"


def build(run, project: Path, out: Path) -> tuple[dict, bytes]:
    result = run("-C", str(project), "build", "--today", "2026-12-04", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads((out / "reminders.json").read_text(encoding="utf-8"))
    return data, (out / "reminders.csv").read_bytes()


def test_reminders_json_and_csv(example: Path, tmp_path: Path, run) -> None:
    data, raw_csv = build(run, example, tmp_path / "out")
    assert data["schemaVersion"] == 1
    assert data["today"] == "2026-12-04"
    assert data["generatedAt"] == "2026-12-04T00:00:00Z"
    rows = data["reminders"]
    ricoh = next(r for r in rows if r["id"] == "sup-ricoh-print/noticeDeadline/1/escalate")
    assert ricoh == {
        "id": "sup-ricoh-print/noticeDeadline/1/escalate",
        "sendDate": "2027-09-23",
        "eventId": "sup-ricoh-print/noticeDeadline/1",
        "kind": "noticeDeadline",
        "eventDate": "2027-09-30",
        "contract": "sup-ricoh-print",
        "displayName": "Skrivarleasing Ricoh",
        "recipients": ["karin.lindqvist@norrvik.se"],
        "subject": "Eskalering, inget beslut ännu: Sista dag för uppsägning: "
                   "Skrivarleasing Ricoh (2027-09-30)",
        "escalation": True,
    }
    assert [(r["sendDate"], r["id"]) for r in rows] == sorted((r["sendDate"], r["id"])
                                                              for r in rows)
    text = raw_csv.decode("utf-8")
    assert not text.startswith("\ufeff")
    assert text.count("\r\n") == len(rows) + 1
    assert "\n" not in text.replace("\r\n", "")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["id", "sendDate", "eventId", "kind", "eventDate", "contract",
                         "recipients", "subject"]
    assert [p[0] for p in parsed[1:]] == [r["id"] for r in rows]
    line = next(p for p in parsed if p[0] == ricoh["id"])
    assert line[6] == "karin.lindqvist@norrvik.se"
    regular = next(p for p in parsed if p[0] == "sup-ricoh-print/noticeDeadline/1/P60D")
    assert regular[6] == "erik.johansson@norrvik.se;sara.nilsson@norrvik.se"
    assert line[7] == ricoh["subject"]


def test_subject_with_quotes_and_commas_round_trips_through_csv(example: Path, tmp_path: Path,
                                                                run) -> None:
    edit(example / "contracts.d/sup-ricoh-print.yaml", 'displayName: "Skrivarleasing Ricoh"',
         'displayName: "Skrivare, \\"Ricoh\\"; leasing"')
    data, raw_csv = build(run, example, tmp_path / "out")
    subjects = {r["id"]: r["subject"] for r in data["reminders"]}
    parsed = {p[0]: p[7] for p in csv.reader(io.StringIO(raw_csv.decode(), newline=""))}
    wanted = "sup-ricoh-print/noticeDeadline/1/P60D"
    assert 'Skrivare, "Ricoh"; leasing' in subjects[wanted]
    assert parsed[wanted] == subjects[wanted]


def test_build_is_byte_identical(example: Path, tmp_path: Path, run) -> None:
    first = build(run, example, tmp_path / "one")
    second = build(run, example, tmp_path / "two")
    assert first == second
    assert (tmp_path / "one/reminders.json").read_bytes() == \
        (tmp_path / "two/reminders.json").read_bytes()
