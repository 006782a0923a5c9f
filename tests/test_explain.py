"""``slmspec explain``: each date of one contract with the arithmetic behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

TODAY = ("--today", "2026-12-04")


def explain(run, project: Path, contract: str, *args: str, exit_code: int = 0) -> str:
    result = run("-C", str(project), "explain", contract, *TODAY, *args)
    assert result.exit_code == exit_code, result.output
    return result.output


def test_terms_deadlines_and_window_shift(example: Path, run) -> None:
    out = explain(run, example, "sup-dustin-cisco")
    assert "E = end + 1 day = 2026-04-30 + 1 day = 2026-05-01" in out
    assert ("term 1: starts the day after term 0 ends = 2026-05-01; ends E + 1·P1Y - 1 day = "
            "2027-05-01 - 1 day = 2027-04-30") in out
    assert ("term 1 ends D = 2027-04-30: (D + 1 day - P90D) - 1 day = (2027-05-01 - P90D) - "
            "1 day = 2027-01-31 - 1 day = 2027-01-30 (Sat)") in out
    assert ("office-hours is closed on 2027-01-30 (Sat): moved back to its previous open day "
            "2027-01-29 (Fri)") in out
    assert "term 4 ends 2030-04-30: no deadline, no term can follow it (max 4)" in out
    assert "the end of term 4 = E + 4·P1Y - 1 day = 2030-05-01 - 1 day = 2030-04-30" in out
    assert "start 2025-05-01 <= today 2026-12-04 <= effective end 2030-04-30: current" in out
    assert "2027-01-29 (Fri)  noticeDeadline  sup-dustin-cisco/noticeDeadline/1" in out


def test_a_termination_in_time(example: Path, run) -> None:
    out = explain(run, example, "sup-visma-ekonomi")
    assert "termEnd 2027-02-28: terminate by sara on 2026-06-15" in out
    assert "on 2026-06-15 <= deadline 2026-08-31: in time" in out
    assert "terminated at the end of term 3: 2027-02-28" in out
    assert "term 3 is terminated: no term follows it" in out


def test_an_exercised_option(example: Path, run) -> None:
    out = explain(run, example, "sup-atea-klienter")
    assert "the option is exercised: term 1 follows" in out
    assert ("renewal mode option: term 2 would exist only with a renew decision for "
            "2027-03-31; none is recorded") in out
    assert "the end of the last term that exists (term 1) = 2027-03-31" in out
    # the file's own warning is shown too
    assert "warning SLM306 notice-deadline-soon" in out


def test_open_ended_contract_and_reviews(example: Path, run) -> None:
    out = explain(run, example, "sup-tietoevry-lifecare")
    assert "open-ended: term 0 runs from start 2019-01-01 until it is terminated" in out
    assert "open-ended and not terminated: none" in out
    assert "review 8 = 2019-01-01 + 8·P1Y = 2027-01-01" in out


def test_late_termination_is_explained(example: Path, run) -> None:
    path = example / "contracts.d" / "sup-visma-ekonomi.yaml"
    path.write_text(path.read_text().replace("on: 2026-06-15", "on: 2026-09-15"))
    out = explain(run, example, "sup-visma-ekonomi", exit_code=1)
    assert "on 2026-09-15 > deadline 2026-08-31: too late (SLM309)" in out
    assert "error SLM309 late-termination" in out


def test_unknown_contract_exits_2_with_did_you_mean(example: Path, run) -> None:
    result = run("-C", str(example), "explain", "sup-ricoh-prnt")
    assert result.exit_code == 2
    assert "no contract named 'sup-ricoh-prnt'; did you mean 'sup-ricoh-print'?" in result.output


def test_invalid_contract_exits_1_with_its_problems(example: Path, run) -> None:
    path = example / "contracts.d" / "sup-ricoh-print.yaml"
    path.write_text(path.read_text().replace("notice: P3M", "notice: 3 months"))
    result = run("-C", str(example), "explain", "sup-ricoh-print", *TODAY)
    assert result.exit_code == 1
    assert "SLM108 invalid-duration" in result.output
    assert "has errors: fix them first" in result.output


@pytest.mark.parametrize("contract", [
    "cus-klf-infrastruktur", "cus-kof-bibliotek", "cus-norrvikbostader-drift", "cus-sbf-gis",
    "cus-skol-arbetsplats", "cus-soc-arbetsplats", "cus-vof-trygghetslarm",
    "sup-caverion-serverhall", "sup-link-sms", "sup-microsoft-365", "sup-ricoh-print",
    "sup-sectra-krisledning", "sup-telia-wan", "sup-unit4-ekonomi",
])
def test_every_example_contract_explains_every_event(example: Path, run, contract: str) -> None:
    out = explain(run, example, contract)
    assert out.startswith(f"{contract}: ")
    events = out.split("Events (id = <contract>/<event>/<index>)\n", 1)[1]
    assert f"{contract}/start/0" in events
    for section in ("Terms", "Notice deadlines", "Decisions", "Effective end", "Reviews",
                    "Phase on 2026-12-04"):
        assert f"\n{section}" in out


def test_explain_exits_1_when_the_project_has_errors(example: Path, run) -> None:
    """The explanation is still shown, but errors anywhere make the exit code 1."""
    (example / "contracts.d" / "broken.yaml").write_text("a: [\n")
    result = run("-C", str(example), "explain", "sup-dustin-cisco", "--today", "2026-12-04")
    assert result.exit_code == 1
    assert "sup-dustin-cisco/noticeDeadline/1" in result.output
    assert "1 more error in other files" in result.output
