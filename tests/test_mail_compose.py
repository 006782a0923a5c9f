"""Message building: what the mail says, its .ics, and headers that YAML cannot break."""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime
from email.policy import default
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slmspec.compiler import compile_project
from slmspec.ics import event_calendar
from slmspec.mail.compose import Sender, compose, header_text, mailbox, message_id, sender_of
from slmspec.mail.templates import TemplateProblem, environment
from slmspec.reminders import schedule

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 6, 30, tzinfo=UTC)


def message_for(project: Path, reminder_id: str, recipient: str | None = None,
                today: date = TODAY):
    compilation = compile_project(project, today)
    reminder = next(r for r in schedule(compilation) if r.id == reminder_id)
    to = next(r for r in reminder.recipients if recipient in (None, r.email))
    ics = event_calendar(compilation, reminder.event, NOW)
    msg = compose(compilation, environment(project), reminder, to, today,
                  sender_of(compilation), ics, NOW)
    return email.message_from_bytes(msg.as_bytes(), policy=default), ics


def body_of(msg) -> str:
    return "\n".join(msg.get_body(("plain",)).get_content().splitlines())


def test_swedish_notice_deadline_mail(example: Path) -> None:
    msg, ics = message_for(example, "sup-atea-klienter/noticeDeadline/1/P30D")
    assert msg["From"] == "Avtal Norrvik <avtal@norrvik.se>"
    assert msg["To"] == "Sara Nilsson <sara.nilsson@norrvik.se>"
    assert msg["Subject"] == ("Påminnelse: Sista dag att utnyttja option: Klientdatorer Atea "
                              "(2026-12-31)")
    assert msg["Message-ID"] == message_id("sup-atea-klienter/noticeDeadline/1/P30D",
                                           "sara.nilsson@norrvik.se", date(2026, 12, 31),
                                           "norrvik-it")
    assert re.fullmatch(r"<[0-9a-f]{32}@slmspec\.norrvik-it>", msg["Message-ID"])
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Date"] == "Fri, 04 Dec 2026 06:30:00 +0000"
    body = msg.get_body(("plain",))
    assert body["Content-Language"] == "sv"
    text = body_of(msg)
    assert "Datum: 2026-12-31 (om 27 dagar)" in text
    assert "2026-12-31 är sista dagen att utnyttja optionen att förlänga avtalet." in text
    assert "Görs ingenting upphör avtalet 2027-03-31." in text
    assert "under spec.decisions i contracts.d/sup-atea-klienter.yaml" in text
    assert "    - {termEnd: 2027-03-31, action: renew, by: sara, on: 2026-12-04}" in text
    assert ("Avtalsfilen: https://git.norrvik.se/it/avtal/blob/HEAD/"
            "contracts.d/sup-atea-klienter.yaml") in text
    attachment = next(msg.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "sup-atea-klienter-noticeDeadline-1.ics"
    assert attachment.get_payload(decode=True) == ics  # CRLFs intact
    assert b"UID:sup-atea-klienter/noticeDeadline/1@norrvik-it" in ics


def test_the_decision_snippet_is_valid_yaml_for_the_contract(example: Path) -> None:
    """Pasting the mail's line under spec.decisions stops the reminders, as it promises."""
    msg, _ = message_for(example, "sup-dustin-cisco/noticeDeadline/1/P90D")
    text = body_of(msg)
    snippet = re.search(r"^    (- \{termEnd: .*action: terminate.*\})$", text, re.M).group(1)
    path = example / "contracts.d/sup-dustin-cisco.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  decisions:\n    {snippet}\n",
                    encoding="utf-8")
    compilation = compile_project(example, TODAY)
    assert not [d for d in compilation.diagnostics if d.path.endswith("sup-dustin-cisco.yaml")
                and d.severity == "error"], compilation.diagnostics
    assert not [r for r in schedule(compilation)
                if r.id.startswith("sup-dustin-cisco/noticeDeadline/1/")]


def test_english_escalation_mail_to_the_module_owner(example: Path) -> None:
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text().replace("locale: sv", "locale: en"))
    msg, _ = message_for(example, "sup-link-sms/noticeDeadline/7/escalate",
                         "karin.lindqvist@norrvik.se", today=date(2026, 12, 10))
    assert msg["To"] == "Karin Lindqvist <karin.lindqvist@norrvik.se>"
    assert msg["Subject"].startswith("Escalation, no decision yet: Last day to give notice")
    text = body_of(msg)
    assert text.startswith(
        "Hello Karin Lindqvist,\n\n"
        "You are receiving this escalation as the module owner: no decision has\n"
        "been recorded yet for SMS-tjänst Link Mobility, owned by Erik Johansson;\n"
        "the deadline is in 7 days.\n\n")
    assert "Date: 2026-12-17 (in 7 days)" in text
    assert "If no notice is given, the contract renews until 2027-03-31." in text
    assert ("What to do\nSee to it that the decision is taken and recorded in time: ask\n"
            "Erik Johansson about it, or take it yourself.\n\nDecide by 2026-12-17") in text
    # the regular reminder of the same day, to the owner, has no escalation paragraph
    regular, _ = message_for(example, "sup-link-sms/noticeDeadline/7/P7D",
                             "erik.johansson@norrvik.se", today=date(2026, 12, 10))
    assert regular["Subject"].startswith("Reminder: Last day to give notice")
    assert "escalation" not in body_of(regular)
    assert "What to do\nDecide by 2026-12-17" in body_of(regular)


def test_swedish_escalation_mail_on_the_deadline_day(example: Path) -> None:
    """The escalation names the contract and its kontraktsansvarig, and how much time is left."""
    msg, _ = message_for(example, "sup-atea-klienter/noticeDeadline/1/escalate",
                         "karin.lindqvist@norrvik.se", today=date(2026, 12, 31))
    assert msg["Subject"] == ("Eskalering, inget beslut ännu: Sista dag att utnyttja option: "
                              "Klientdatorer Atea (2026-12-31)")
    text = body_of(msg)
    assert text.startswith(
        "Hej Karin Lindqvist,\n\n"
        "Du får den här eskaleringen som modulansvarig: inget beslut är registrerat\n"
        "ännu för Klientdatorer Atea, där Sara Nilsson är kontraktsansvarig;\n"
        "tidsfristen går ut i dag.\n\n")
    assert "Datum: 2026-12-31 (i dag)" in text
    assert ("Vad du behöver göra\nSe till att beslutet fattas och registreras i tid: ta upp "
            "det med\nSara Nilsson eller fatta beslutet själv.\n\nBestäm senast 2026-12-31") in text



def test_escalation_to_a_module_owner_who_owns_the_contract(example: Path) -> None:
    """Nobody else to chase: the module owner is told to decide, not to ask herself."""
    edit = example / "contracts.d/sup-link-sms.yaml"
    edit.write_text(edit.read_text().replace("owner: erik", "owner: karin", 1))
    msg, _ = message_for(example, "sup-link-sms/noticeDeadline/7/escalate",
                         "karin.lindqvist@norrvik.se", today=date(2026, 12, 16))
    text = body_of(msg)
    assert "där Karin Lindqvist är kontraktsansvarig;\ntidsfristen går ut i morgon." in text
    assert ("Vad du behöver göra\nDu är även kontraktsansvarig för avtalet: fatta beslutet och "
            "registrera det i tid.\n\nBestäm senast 2026-12-17") in text
    assert "ta upp det med" not in text

def test_message_id_is_stable_and_distinct() -> None:
    one = message_id("c/noticeDeadline/1/P30D", "Anna@X.se", date(2027, 1, 1), "org")
    assert one == message_id("c/noticeDeadline/1/P30D", "anna@x.se", date(2027, 1, 1), "org")
    assert one != message_id("c/noticeDeadline/1/P30D", "bo@x.se", date(2027, 1, 1), "org")
    assert one != message_id("c/noticeDeadline/1/P30D", "anna@x.se", date(2027, 2, 1), "org")


def test_yaml_cannot_inject_headers(example: Path) -> None:
    """CR/LF in a display name or person's name stays inside its own header."""
    contract = example / "contracts.d/sup-atea-klienter.yaml"
    contract.write_text(contract.read_text().replace(
        'displayName: "Klientdatorer Atea"',
        'displayName: "Atea\\r\\nBcc: victim@evil.example\\r\\n\\r\\nbody"'))
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text().replace(
        "name: Sara Nilsson", 'name: "Sara\\nBcc: x@evil.example ' + "N" * 300 + '"'))
    contract.write_text(contract.read_text().replace('counterparty: "Atea Sverige AB"',
                                                     'counterparty: "Atea\\e[31m Sverige AB"'))
    msg, _ = message_for(example, "sup-atea-klienter/noticeDeadline/1/P30D")
    assert "Motpart:            Atea[31m Sverige AB" in body_of(msg)  # no ESC in the text
    assert msg["Bcc"] is None
    assert sorted(set(msg.keys())) == ["Auto-Submitted", "Content-Type", "Date", "From",
                                       "MIME-Version", "Message-ID", "Subject", "To",
                                       "X-Slmspec-Reminder"]
    assert msg["To"].addresses[0].addr_spec == "sara.nilsson@norrvik.se"
    # capped at 64 characters (folding may add a space between encoded words)
    assert len(msg["To"].addresses[0].display_name.replace(" ", "")) <= 64
    assert "\n" not in str(msg["Subject"])
    assert "Bcc: victim" in str(msg["Subject"])


@given(st.text())
def test_header_text_is_one_clean_line(value: str) -> None:
    text = header_text(value, 64)
    assert len(text) <= 64
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", text)
    assert text == text.strip()


@given(st.text(max_size=200))
def test_any_display_name_makes_a_single_to_header(name: str) -> None:
    address = mailbox(name, "anna@norrvik.se")
    parsed = email.message_from_string(f"To: {address}\n\nx", policy=default)
    assert parsed["To"].addresses[0].addr_spec == "anna@norrvik.se"
    assert list(parsed.keys()) == ["To"]


def test_a_broken_project_template_is_a_template_problem(example: Path) -> None:
    folder = example / "templates/mail/sv"
    folder.mkdir(parents=True)
    (folder / "body.txt.j2").write_text("Hej\n{{ recipient.nmae }}\n", encoding="utf-8")
    compilation = compile_project(example, TODAY)
    reminder = schedule(compilation)[0]
    with pytest.raises(TemplateProblem) as problem:
        compose(compilation, environment(example), reminder, reminder.recipients[0], TODAY,
                Sender("A", "a@x.se"), None, NOW)
    assert (problem.value.path, problem.value.line) == ("templates/mail/sv/body.txt.j2", 2)


def test_validate_reports_template_and_sender_problems(example: Path, run) -> None:
    folder = example / "templates/mail/sv"
    folder.mkdir(parents=True)
    (folder / "subject.txt.j2").write_text("{{ sumary }}\n", encoding="utf-8")
    (folder / "body.txt.j2").write_text("Hej\n{% if x %}\n", encoding="utf-8")
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text().replace('"Avtal Norrvik <avtal@norrvik.se>"',
                                                     '"Avtal Norrvik"'))
    result = run("-C", str(example), "validate", "--today", "2026-12-04")
    assert result.exit_code == 1
    assert "slmspec.yaml:63:11: error SLM520 mail-sender: from: 'Avtal Norrvik' is not an " \
           "e-mail address" in result.output
    assert "templates/mail/sv/subject.txt.j2:1:1: error SLM521 mail-template: 'sumary' is " \
           "undefined" in result.output
    assert "templates/mail/sv/body.txt.j2:2:1: error SLM521 mail-template: Unexpected end " \
           "of template" in result.output


def test_a_template_link_out_of_the_project_is_not_read(example: Path, tmp_path: Path,
                                                         run) -> None:
    outside = tmp_path / "outside.j2"
    outside.write_text("{{ summary }} from outside\n", encoding="utf-8")
    folder = example / "templates/mail/sv"
    folder.mkdir(parents=True)
    (folder / "subject.txt.j2").symlink_to(outside)
    result = run("-C", str(example), "validate", "--today", "2026-12-04")
    assert result.exit_code == 1
    assert ("templates/mail/sv/subject.txt.j2:1:1: error SLM521 mail-template: symbolic link "
            "leads outside the project; not read") in result.output
    assert "from outside" not in result.output
