"""``slmspec remind`` against a real SMTP server: what is due, exactly once, to the right people."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from .smtp_server import Recorder, ledger_lines, point_project_at, remind, smtp_server

DUE_2026_12_04 = [
    ("sup-dustin-cisco/noticeDeadline/1/P90D", "johan.strom@norrvik.se"),
    ("sup-caverion-serverhall/noticeDeadline/0/P90D", "johan.strom@norrvik.se"),
    ("cus-klf-infrastruktur/noticeDeadline/1/P90D", "mohammed.haddad@norrvik.se"),
    ("cus-vof-trygghetslarm/noticeDeadline/1/P90D", "elin.andersson@norrvik.se"),
    ("sup-atea-klienter/noticeDeadline/1/P30D", "sara.nilsson@norrvik.se"),
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
    rows = [line.split() for line in lines[header + 1: header + 6]]
    assert [(r[3], r[4]) for r in rows] == DUE_2026_12_04
    assert rows[-1][:3] == ["2026-12-01", "2026-12-31", "27"]
    assert lines[header + 6] == ("5 messages (5 reminders) due on 2026-12-04; "
                                 "run with --send to mail them.")
    assert not (example / ".slmspec").exists()


def test_send_delivers_exactly_what_is_due_once(example: Path, run, server: Recorder) -> None:
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 0, result.output
    assert server.keys() == DUE_2026_12_04
    assert "Sent 5 messages." in result.output
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
    assert len(server.received) == 5
    listed = remind(run, example, "2026-12-04")
    assert "Nothing is due on 2026-12-04." in listed.output


def test_catch_up_sends_the_latest_missed_reminder(example: Path, run, server: Recorder) -> None:
    """The job did not run from 12-05 to 12-23: what came due meanwhile goes out on 12-24,
    except for events that have passed; of several due for one event only the latest."""
    assert remind(run, example, "2026-12-04", "--send").exit_code == 0
    first = len(server.received)
    result = remind(run, example, "2026-12-24", "--send")
    assert result.exit_code == 0, result.output
    later = Counter(server.keys()[first:])
    assert later[("sup-atea-klienter/noticeDeadline/1/escalate", "sara.nilsson@norrvik.se")] == 1
    assert later[("sup-atea-klienter/noticeDeadline/1/escalate",
                  "karin.lindqvist@norrvik.se")] == 1
    assert later[("sup-ricoh-print/review/3/P14D", "erik.johansson@norrvik.se")] == 1
    assert not [k for k in later if k[0].startswith("sup-link-sms/noticeDeadline/7/")]  # passed
    assert max(later.values()) == 1

    fresh = example / ".slmspec/ledger.jsonl"
    fresh.unlink()  # a first run on 12-30: dustin's P90D and P30D have both come due
    result = remind(run, example, "2026-12-30", "--send")
    assert result.exit_code == 0, result.output
    dustin = [k for k in server.keys()[first + len(later):]
              if k[0].startswith("sup-dustin-cisco/")]
    assert dustin == [("sup-dustin-cisco/noticeDeadline/1/P30D", "johan.strom@norrvik.se")]


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


def test_escalation_reaches_the_module_owner(example: Path, run, server: Recorder) -> None:
    result = remind(run, example, "2026-12-10", "--send")
    assert result.exit_code == 0, result.output
    escalations = [r for r in server.received
                   if r.reminder == "sup-link-sms/noticeDeadline/7/escalate"]
    assert sorted(r.rcpt_tos[0] for r in escalations) == ["erik.johansson@norrvik.se",
                                                          "karin.lindqvist@norrvik.se"]
    karin = next(r for r in escalations if r.rcpt_tos[0] == "karin.lindqvist@norrvik.se")
    assert str(karin.message["Subject"]).startswith("Eskalering, inget beslut ännu:")


def test_a_moved_deadline_is_reminded_again(example: Path, run, server: Recorder) -> None:
    assert remind(run, example, "2026-12-04", "--send").exit_code == 0
    contract = example / "contracts.d/sup-caverion-serverhall.yaml"
    contract.write_text(contract.read_text().replace("notice: P1M", "notice: P2M"))
    sent = len(server.received)
    result = remind(run, example, "2026-12-04", "--send")
    assert result.exit_code == 0, result.output
    assert server.keys()[sent:] == [("sup-caverion-serverhall/noticeDeadline/0/P30D",
                                     "johan.strom@norrvik.se")]
    assert "2026-12-31" in str(server.received[-1].message["Subject"])


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
    assert len(ledger.read_text().splitlines()) == 5
    with ledger.open("a") as handle:
        handle.write('{"eventDate":"2027-01-29","messageId":"<')  # killed mid-write
    result = remind(run, example, "2026-12-04", "--send", "--ledger", str(ledger))
    assert result.exit_code == 0, result.output
    assert f"warning: {ledger}:6: incomplete last line" in result.output
    assert "Nothing to send on 2026-12-04." in result.output
    assert len(server.received) == 5
