"""``slmspec remind`` against a real SMTP server: what is due, exactly once, to the right people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .smtp_server import Recorder, ledger_lines, point_project_at, remind, smtp_server

SARA, JOHAN = "sara.nilsson@norrvik.se", "johan.strom@norrvik.se"
ERIK, KARIN = "erik.johansson@norrvik.se", "karin.lindqvist@norrvik.se"
ELIN, MOHAMMED = "elin.andersson@norrvik.se", "mohammed.haddad@norrvik.se"

# by send date: a first run on 2026-12-04 also catches up on the P90D of 2026-10-02
DUE_2026_12_04 = [
    ("sup-atea-klienter/noticeDeadline/1/P90D", SARA),
    ("sup-dustin-cisco/noticeDeadline/1/P90D", JOHAN),
    ("sup-caverion-serverhall/noticeDeadline/0/P90D", JOHAN),
    ("cus-klf-infrastruktur/noticeDeadline/1/P90D", MOHAMMED),
    ("cus-vof-trygghetslarm/noticeDeadline/1/P90D", ELIN),
    ("sup-atea-klienter/noticeDeadline/1/P30D", SARA),
]


@pytest.fixture
def server(example: Path):
    handler = Recorder()
    with smtp_server(handler) as controller:
        point_project_at(example, controller.port)
        yield handler


def test_dry_run_on_the_example_lists_what_is_due(example: Path, run) -> None:
    """Without --send nothing is contacted (the example's SMTP server does not exist)."""
    result = remind(run, example, "2026-12-04")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = lines.index("SEND        EVENT       DAYS  REMINDER"
                         "                                       TO")
    due = len(DUE_2026_12_04)
    rows = [line.split() for line in lines[header + 1: header + 1 + due]]
    assert [(r[3], r[4]) for r in rows] == DUE_2026_12_04
    assert rows[0][:3] == ["2026-10-02", "2026-12-31", "27"]  # missed, its event lies ahead
    assert rows[-1][:3] == ["2026-12-01", "2026-12-31", "27"]
    assert lines[header + 1 + due] == ("6 messages (6 reminders) due on 2026-12-04; "
                                       "run with --send to mail them.")
    assert not (example / ".slmspec").exists()


def test_send_delivers_exactly_what_is_due_once(example: Path, run, server: Recorder) -> None:
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 0, result.output
    assert server.keys() == DUE_2026_12_04
    assert "Sent 6 messages." in result.output
    for received in server.received:
        assert received.mail_from == "avtal@norrvik.se"
        assert received.message["To"].addresses[0].addr_spec == received.rcpt_tos[0]
    entries = [json.loads(line) for line in ledger_lines(example)]
    assert [(e["reminder"], e["recipient"]) for e in entries] == DUE_2026_12_04
    assert [e["messageId"] for e in entries] == [str(r.message["Message-ID"])
                                                 for r in server.received]

    again = remind(run, example, "2026-12-04", "--send")
    assert again.exit_code == 0, again.output
    assert "Nothing to send on 2026-12-04." in again.output
    assert len(server.received) == len(DUE_2026_12_04)
    listed = remind(run, example, "2026-12-04")
    assert "Nothing is due on 2026-12-04." in listed.output


def test_catch_up_sends_every_missed_reminder_whose_event_lies_ahead(example: Path, run,
                                                                     server: Recorder) -> None:
    """The job did not run from 12-05 to 12-23: on 12-24 every reminder that came due
    meanwhile goes out, each to each of its recipients, unless its event has passed."""
    assert remind(run, example, "2026-12-04", "--send").exit_code == 0
    first = len(server.received)
    result = remind(run, example, "2026-12-24", "--send")
    assert result.exit_code == 0, result.output
    later = server.keys()[first:]
    assert later == [
        ("cus-norrvikbostader-drift/review/8/P14D", ELIN),
        ("cus-norrvikbostader-drift/review/8/P14D", KARIN),
        ("cus-norrvikbostader-drift/review/8/P14D", MOHAMMED),
        ("cus-sbf-gis/review/4/P14D", ELIN),
        ("cus-skol-arbetsplats/review/3/P14D", MOHAMMED),
        ("sup-microsoft-365/review/5/P14D", ERIK),
        ("sup-ricoh-print/review/3/P14D", ERIK),
        ("sup-ricoh-print/review/3/P14D", SARA),
        ("sup-tietoevry-lifecare/review/8/P14D", SARA),
        ("sup-atea-klienter/noticeDeadline/1/P7D", SARA),
        ("sup-atea-klienter/noticeDeadline/1/escalate", KARIN),
    ]
    # sup-link-sms's deadline 12-17 has passed: its P7D and escalation of 12-10 never go out
    delivered = server.keys()
    assert not [k for k in delivered if k[0].startswith("sup-link-sms/")]
    assert "Sent 11 messages." in result.output

    (example / ".slmspec/ledger.jsonl").unlink()  # a first run on 12-30 catches up on all
    result = remind(run, example, "2026-12-30", "--send")
    assert result.exit_code == 0, result.output
    fresh = server.keys()[first + len(later):]
    assert len(fresh) == len(set(fresh)) == 20
    assert [k for k in fresh if k[0].startswith(("sup-atea-klienter/", "sup-dustin-cisco/"))] == [
        ("sup-atea-klienter/noticeDeadline/1/P90D", SARA),
        ("sup-dustin-cisco/noticeDeadline/1/P90D", JOHAN),
        ("sup-atea-klienter/noticeDeadline/1/P30D", SARA),
        ("sup-atea-klienter/noticeDeadline/1/P7D", SARA),
        ("sup-atea-klienter/noticeDeadline/1/escalate", KARIN),
        ("sup-dustin-cisco/noticeDeadline/1/P30D", JOHAN),
    ]
    assert not [k for k in fresh if k[0].startswith("sup-link-sms/")]


def test_a_decision_committed_between_runs_stops_the_reminders(example: Path, run,
                                                                server: Recorder) -> None:
    assert remind(run, example, "2026-12-04", "--send").exit_code == 0
    before = remind(run, example, "2026-12-24")
    assert "sup-atea-klienter/noticeDeadline/1/escalate" in before.output
    contract = example / "contracts.d/sup-atea-klienter.yaml"
    contract.write_text(contract.read_text(encoding="utf-8") +
                        "    - {termEnd: 2027-03-31, action: renew, by: sara, on: 2026-12-08}\n",
                        encoding="utf-8")
    sent = len(server.received)
    result = remind(run, example, "2026-12-24", "--send")
    assert result.exit_code == 0, result.output
    assert server.keys()[sent:]  # other reminders still go out
    assert not [k for k in server.keys()[sent:] if k[0].startswith("sup-atea-klienter/")]


def test_escalation_goes_to_the_module_owner_and_the_regular_reminder_stays(
        example: Path, run, server: Recorder) -> None:
    """12-10 is seven days before sup-link-sms's deadline (reminders [P7D], escalate P7D):
    the owner gets the regular reminder, the module owner the escalation, nobody both."""
    result = remind(run, example, "2026-12-10", "--send")
    assert result.exit_code == 0, result.output
    link = sorted(r.key for r in server.received if r.reminder.startswith("sup-link-sms/"))
    assert link == [("sup-link-sms/noticeDeadline/7/P7D", ERIK),
                    ("sup-link-sms/noticeDeadline/7/escalate", KARIN)]
    regular, escalation = sorted((r for r in server.received
                                  if r.reminder.startswith("sup-link-sms/")),
                                 key=lambda r: r.reminder)
    assert str(regular.message["Subject"]).startswith("Påminnelse: ")
    assert str(escalation.message["Subject"]).startswith("Eskalering, inget beslut ännu: ")
    assert str(escalation.message["To"]) == "Karin Lindqvist <karin.lindqvist@norrvik.se>"
    text = "\n".join(escalation.message.get_body(("plain",)).get_content().splitlines())
    assert "Hej Karin Lindqvist,\n\nDu får den här eskaleringen som modulansvarig:" in text
    assert "Sista dag för uppsägning: SMS-tjänst Link Mobility" in text
    assert regular.message["Message-ID"] != escalation.message["Message-ID"]


def test_a_moved_deadline_is_reminded_again(example: Path, run, server: Recorder) -> None:
    assert remind(run, example, "2026-12-04", "--send").exit_code == 0
    contract = example / "contracts.d/sup-caverion-serverhall.yaml"
    contract.write_text(contract.read_text().replace("notice: P1M", "notice: P2M"))
    sent = len(server.received)
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 0, result.output
    # the deadline moved from 2027-01-31 to 2026-12-31: its P90D (sent for the old date) and
    # its P30D have come due for the new one
    assert server.keys()[sent:] == [("sup-caverion-serverhall/noticeDeadline/0/P90D", JOHAN),
                                    ("sup-caverion-serverhall/noticeDeadline/0/P30D", JOHAN)]
    assert all("2026-12-31" in str(r.message["Subject"]) for r in server.received[sent:])


def test_a_project_with_errors_sends_nothing(example: Path, run, server: Recorder) -> None:
    contract = example / "contracts.d/sup-atea-klienter.yaml"
    contract.write_text(contract.read_text().replace("owner: sara", "owner: nobody"))
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 1
    assert "error SLM201" in result.output
    assert "Nothing sent: fix the errors above first." in result.output
    assert server.received == []
    assert ledger_lines(example) == []


def test_usage_errors_exit_2(example: Path, run) -> None:
    settings = example / "slmspec.yaml"
    with_mail = settings.read_text()
    result = remind(run, example, "2026-12-04", "--send",
                    env={"SLMSPEC_SMTP_USER": "avtal"})
    assert result.exit_code == 2
    assert "SLMSPEC_SMTP_PASSWORD is not set" in result.output
    result = remind(run, example, "2026-12-04", "--send",
                    env={"SLMSPEC_SMTP_USER": "avtal", "SLMSPEC_SMTP_PASSWORD": "x"})
    assert result.exit_code == 2
    assert "is not encrypted: set starttls: true or ssl: true" in result.output
    start = with_mail.index("  mail:\n")
    end = with_mail.index("  feeds:\n")
    settings.write_text(with_mail[:start] + with_mail[end:])
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 2
    assert "slmspec.yaml has no spec.mail" in result.output
    assert remind(run, example, "2026-12-04").exit_code == 0  # listing needs no mail settings


def test_ledger_option_and_a_crash_left_half_line(example: Path, tmp_path: Path, run,
                                                  server: Recorder) -> None:
    ledger = tmp_path / "elsewhere/sent.jsonl"
    assert remind(run, example, "2026-12-04", "--send", "--ledger", str(ledger)).exit_code == 0
    assert not (example / ".slmspec/ledger.jsonl").exists()
    assert len(ledger.read_text().splitlines()) == len(DUE_2026_12_04)
    with ledger.open("a") as handle:
        handle.write('{"eventDate":"2027-01-29","messageId":"<')  # killed mid-write
    result = remind(run, example, "2026-12-04", "--send", "--ledger", str(ledger))
    assert result.exit_code == 0, result.output
    assert f"warning: {ledger}:7: incomplete last line" in result.output
    assert "Nothing to send on 2026-12-04." in result.output
    assert len(server.received) == len(DUE_2026_12_04)
