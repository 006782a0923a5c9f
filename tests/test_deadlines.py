"""``slmspec deadlines``: what needs action, soonest first, as a table or JSON."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

deadlines_cli = importlib.import_module("slmspec.cli.deadlines")

TODAY = ("--today", "2026-12-04")


def listed(run, project: Path, *args: str) -> list[dict]:
    result = run("-C", str(project), "deadlines", *TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_lists_what_needs_action_soonest_first(example: Path, run) -> None:
    items = listed(run, example)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    first = items[0]
    assert first == {
        "contract": "sup-link-sms", "displayName": "SMS-tjänst Link Mobility",
        "type": "supplier", "owner": "erik", "counterparty": "Link Mobility AB",
        "event": "Notice deadline", "kind": "noticeDeadline", "index": 7,
        "id": "sup-link-sms/noticeDeadline/7", "date": "2026-12-17", "daysLeft": 13,
        "termEnd": "2026-12-31", "details": "last day to give notice; term 7 ends 2026-12-31",
        "source": "contracts.d/sup-link-sms.yaml"}
    ids = {i["id"] for i in items}
    assert "sup-dustin-cisco/noticeDeadline/1" in ids            # moved to Friday 2027-01-29
    assert "sup-visma-ekonomi/end/3" in ids                      # terminated
    assert "sup-atea-klienter/noticeDeadline/1" in ids           # option not yet exercised
    assert all(i["date"] <= "2027-03-04" for i in items)         # P90D by default
    assert all(0 <= i["daysLeft"] <= 90 for i in items)
    assert not any(i["kind"] == "start" for i in items)


def test_decided_deadlines_and_drafts_are_left_out(example: Path, run) -> None:
    items = listed(run, example, "--within", "P5Y")
    assert "sup-ricoh-print/noticeDeadline/0" not in {i["id"] for i in listed(
        run, example, "--today", "2026-09-01")}                   # renewed on 2026-08-20
    assert not any(i["contract"] == "sup-unit4-ekonomi" for i in items)


def test_within_reaches_past_the_horizon(example: Path, run) -> None:
    items = listed(run, example, "--within", "P5Y")
    assert items[-1]["date"] > "2029-12-04"                       # today + P3Y
    assert any(i["id"] == "sup-dustin-cisco/end/4" for i in items)


def test_filters_by_type_and_owner(example: Path, run) -> None:
    suppliers = listed(run, example, "--type", "supplier", "--within", "P1Y")
    assert suppliers
    assert {i["type"] for i in suppliers} == {"supplier"}
    saras = listed(run, example, "--owner", "sara", "--within", "P1Y")
    assert saras
    assert {i["owner"] for i in saras} == {"sara"}
    customers_of_erik = listed(run, example, "--type", "customer", "--owner", "erik")
    assert customers_of_erik == []


def test_plain_table_when_piped(example: Path, run) -> None:
    result = run("-C", str(example), "deadlines", *TODAY)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["DATE", "DAYS", "EVENT", "CONTRACT", "OWNER", "DETAILS"]
    assert lines[1].startswith("2026-12-17    13  Notice deadline  sup-link-sms ")
    assert "\x1b[" not in result.output
    dustin = next(line for line in lines if "sup-dustin-cisco" in line)
    assert dustin.startswith("2027-01-29    56  Notice deadline")
    assert "moved from 2027-01-30: office-hours is closed" in dustin
    columns = {line.index("Notice deadline") for line in lines if "Notice deadline" in line}
    assert len(columns) == 1                                      # aligned


def test_rich_table_on_a_terminal(example: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadlines_cli, "use_color", lambda stream=None: True)
    result = run("-C", str(example), "deadlines", *TODAY)
    assert result.exit_code == 0
    assert "Deadlines 2026-12-04 to 2027-03-04 (P90D)" in result.output
    assert "sup-dustin-cisco" in result.output
    assert "┃" in result.output or "│" in result.output            # a drawn table


def test_nothing_due(example: Path, run) -> None:
    result = run("-C", str(example), "deadlines", "--today", "2026-12-04", "--within", "P1D",
                 "--owner", "karin")
    assert result.exit_code == 0
    assert result.output == "Nothing due from 2026-12-04 to 2026-12-05 (P1D).\n"


def test_project_errors_are_printed_and_exit_1(example: Path, run) -> None:
    (example / "contracts.d" / "broken.yaml").write_text("a: 1\na: 2\n")
    result = run("-C", str(example), "deadlines", *TODAY, "--format", "json")
    assert result.exit_code == 1
    assert "contracts.d/broken.yaml:2:1: error SLM002" in result.output
    assert "fix them first" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--owner", "sarah"), "did you mean 'sara'?"),
    (("--within", "90 days"), "not an ISO 8601 duration"),
    (("--within", "PT4H"), "does not allow"),
    (("--type", "vendor"), "'vendor' is not one of"),
])
def test_usage_errors_exit_2(example: Path, run, args: tuple[str, ...], message: str) -> None:
    result = run("-C", str(example), "deadlines", *TODAY, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_has_an_example(run) -> None:
    result = run("deadlines", "--help")
    assert result.exit_code == 0
    assert "Example:\n    slmspec deadlines\n" in result.output
