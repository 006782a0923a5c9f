"""The date rules of SPEC §3.1–§3.2 on hard dates, checked against dates worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slmspec.compiler import compile_project
from slmspec.durations import Period
from slmspec.model import ContractSpec
from slmspec.timeline import (
    contract_timeline,
    nominal_deadline,
    previous_open_day,
    term_end,
)

from .conftest import REPO

D = date.fromisoformat


def contract(**fields) -> ContractSpec:
    """A valid contract spec; ``fields`` override the defaults (strings, as YAML gives them)."""
    spec = {"type": "supplier", "counterparty": "X AB", "owner": "anna", "start": "2025-01-01"}
    spec.update(fields)
    return ContractSpec.model_validate(spec)


def timeline(today: str = "2026-06-15", horizon: str = "P3Y", is_open_day=None, **fields):
    return contract_timeline("c", contract(**fields), D(today), Period.parse(horizon), is_open_day)


@pytest.mark.parametrize(("end", "notice", "deadline"), [
    # the four examples of SPEC §3.1
    ("2026-12-31", "P3M", "2026-09-30"),
    ("2026-06-30", "P3M", "2026-03-31"),
    ("2027-02-28", "P1M", "2027-01-31"),
    ("2026-12-31", "P90D", "2026-10-02"),     # D − 90 days
    # leap days and month ends
    ("2024-05-31", "P3M", "2024-02-29"),      # (06-01 − 3M) − 1 day lands on the leap day
    ("2025-05-31", "P3M", "2025-02-28"),
    ("2024-03-31", "P1M", "2024-02-29"),
    ("2024-02-29", "P1Y", "2023-02-28"),      # (2024-03-01 − 1Y) − 1 day
    ("2025-02-28", "P1Y", "2024-02-29"),      # (2025-03-01 − 1Y) − 1 day: the leap day
    ("2026-04-30", "P90D", "2026-01-30"),
    ("2027-04-30", "P90D", "2027-01-30"),
    # weeks, across a year end
    ("2026-03-01", "P2W", "2026-02-15"),
    ("2026-01-05", "P2W", "2025-12-22"),
    ("2025-12-31", "P6M", "2025-06-30"),
    ("2026-08-31", "P6M", "2026-02-28"),
])
def test_notice_deadline_table(end: str, notice: str, deadline: str) -> None:
    assert nominal_deadline(D(end), Period.parse(notice)) == D(deadline)


def test_p90d_is_d_minus_90_days() -> None:
    end = D("2026-12-31")
    assert (end - nominal_deadline(end, Period.parse("P90D"))).days == 90


@pytest.mark.parametrize(("end", "term", "k", "expected"), [
    ("2024-02-29", "P1Y", 1, "2025-02-28"),   # E = 2024-03-01
    ("2024-02-29", "P1Y", 4, "2028-02-29"),   # back on a leap day: counted from E, no drift
    ("2025-01-31", "P1M", 1, "2025-02-28"),   # E = 2025-02-01
    ("2025-01-31", "P1M", 2, "2025-03-31"),   # the 31st again
    ("2025-01-31", "P1M", 3, "2025-04-30"),
    ("2024-01-31", "P1M", 1, "2024-02-29"),
    ("2024-12-31", "P1M", 12, "2025-12-31"),  # P1M over years
    ("2024-12-31", "P1M", 14, "2026-02-28"),
    ("2024-12-31", "P1M", 26, "2027-02-28"),
    ("2024-12-31", "P1M", 38, "2028-02-29"),
    ("2025-01-28", "P1M", 1, "2025-02-27"),   # E = 01-29: E + 1M clamps to 02-28
    ("2025-01-28", "P1M", 2, "2025-03-28"),   # E + 2M = 03-29: the 29th is back
    ("2025-01-29", "P1M", 2, "2025-03-29"),
    ("2025-01-30", "P1M", 1, "2025-02-27"),   # E = 01-31
    ("2025-01-30", "P1M", 2, "2025-03-30"),
    ("2025-03-30", "P1M", 1, "2025-04-29"),   # E = 03-31; E + 1M clamps to 04-30; − 1 day
    ("2025-03-31", "P3M", 4, "2026-03-31"),
    ("2025-03-31", "P2W", 1, "2025-04-14"),
])
def test_term_end_table(end: str, term: str, k: int, expected: str) -> None:
    base = D(end) + timedelta(days=1)
    assert term_end(base, Period.parse(term), k) == D(expected)


def test_terms_that_start_on_the_29th_to_31st() -> None:
    tl = timeline(start="2025-01-31", end="2025-02-28", renewal={"mode": "automatic",
                                                                  "term": "P1M"})
    spans = [(t.start, t.end) for t in tl.terms[:4]]
    assert spans == [
        (D("2025-01-31"), D("2025-02-28")),
        (D("2025-03-01"), D("2025-03-31")),   # E = 03-01: whole months from now on
        (D("2025-04-01"), D("2025-04-30")),
        (D("2025-05-01"), D("2025-05-31")),
    ]
    tl = timeline(start="2024-12-30", end="2025-01-29", renewal={"mode": "automatic",
                                                                  "term": "P1M"})
    assert [(t.start, t.end) for t in tl.terms[1:4]] == [
        (D("2025-01-30"), D("2025-02-27")),   # E + 1M = 02-28 (clamped from 30th) − 1 day
        (D("2025-02-28"), D("2025-03-29")),   # E + 2M = 03-30: the 30th counts again
        (D("2025-03-30"), D("2025-04-29")),
    ]


def test_automatic_with_max_and_effective_end() -> None:
    tl = timeline(start="2024-01-01", end="2026-12-31", notice="P3M",
                  renewal={"mode": "automatic", "term": "P1Y", "max": "2"})
    assert [(t.index, t.end) for t in tl.terms] == [
        (0, D("2026-12-31")), (1, D("2027-12-31")), (2, D("2028-12-31"))]
    assert [t.notice_deadline for t in tl.terms] == [D("2026-09-30"), D("2027-09-30"), None]
    assert tl.effective_end == D("2028-12-31")
    assert tl.end_index == 2
    assert tl.phase == "current"


def test_effective_end_of_max_beyond_the_horizon_is_still_known() -> None:
    tl = timeline(today="2026-06-15", horizon="P1Y", start="2025-01-01", end="2025-12-31",
                  renewal={"mode": "automatic", "term": "P1Y", "max": "10"})
    assert tl.terms[-1].index < 10
    assert tl.effective_end == D("2035-12-31")
    assert not any(e.kind == "end" for e in tl.events)    # beyond the horizon: no event


def test_automatic_without_max_keeps_renewing_to_the_horizon() -> None:
    tl = timeline(today="2026-06-15", start="2024-01-01", end="2024-12-31", notice="P3M",
                  renewal={"mode": "automatic", "term": "P1Y"})
    assert tl.effective_end is None
    # every term that starts on or before 2029-06-15 (today + P3Y)
    assert tl.terms[-1].start == D("2029-01-01")
    assert all(e.date <= D("2029-06-15") for e in tl.events)
    assert "c/noticeDeadline/5" not in {e.id for e in tl.events}   # 2029-09-30: beyond


def test_terminate_ends_an_automatic_contract() -> None:
    tl = timeline(start="2022-03-01", end="2024-02-29", notice="P6M",
                  renewal={"mode": "automatic", "term": "P1Y", "max": "5"},
                  decisions=[{"termEnd": "2027-02-28", "action": "terminate", "by": "sara",
                              "on": "2026-06-15"}])
    assert tl.effective_end == D("2027-02-28")
    assert tl.terms[-1].index == 3
    assert tl.terms[-1].decision.action == "terminate"
    decided = [e for e in tl.events if e.kind == "noticeDeadline" and e.decided]
    assert [e.id for e in decided] == ["c/noticeDeadline/3"]
    assert tl.events[-1].id == "c/end/3"


def test_option_terms_exist_only_when_renewed() -> None:
    fields = {"start": "2024-04-01", "end": "2026-03-31", "notice": "P3M",
              "renewal": {"mode": "option", "term": "P1Y", "max": "2"}}
    without = timeline(**fields)
    assert len(without.terms) == 1
    assert without.effective_end == D("2026-03-31")
    assert without.terms[0].notice_deadline == D("2025-12-31")    # last day to exercise it
    renewed = timeline(**fields, decisions=[{"termEnd": "2026-03-31", "action": "renew",
                                             "by": "sara", "on": "2025-11-20"}])
    assert [t.end for t in renewed.terms] == [D("2026-03-31"), D("2027-03-31")]
    assert renewed.effective_end == D("2027-03-31")
    assert renewed.terms[1].notice_deadline == D("2026-12-31")


def test_mode_none_has_one_term_and_no_deadline() -> None:
    tl = timeline(start="2024-07-01", end="2027-06-30", notice="P3M")
    assert len(tl.terms) == 1
    assert tl.terms[0].notice_deadline is None
    assert tl.effective_end == D("2027-06-30")


def test_open_ended_contract() -> None:
    tl = timeline(start="2019-01-01", notice="P3M", review="P1Y")
    assert tl.terms[0].end is None
    assert tl.effective_end is None
    assert tl.phase == "current"
    assert not any(e.kind in ("noticeDeadline", "end") for e in tl.events)
    ended = timeline(start="2019-01-01", notice="P3M",
                     decisions=[{"termEnd": "2026-09-30", "action": "terminate", "by": "a",
                                 "on": "2026-06-01"}])
    assert ended.effective_end == D("2026-09-30")
    assert ended.events[-1].id == "c/end/0"


@pytest.mark.parametrize(("today", "fields", "phase"), [
    ("2026-06-15", {"status": "draft"}, "preliminary"),
    ("2024-12-31", {}, "upcoming"),
    ("2025-01-01", {}, "current"),
    ("2025-12-31", {}, "current"),
    ("2026-01-01", {}, "past"),
])
def test_phase(today: str, fields: dict, phase: str) -> None:
    assert timeline(today=today, end="2025-12-31", **fields).phase == phase


def test_reviews_count_from_start_and_stop_at_the_effective_end() -> None:
    tl = timeline(start="2024-01-31", end="2024-12-31", review="P1M")
    reviews = [e.date for e in tl.events if e.kind == "review"]
    # from start each time (never stepwise): 02-29, 03-31, 04-30 … not 02-29, 03-29
    assert reviews[:4] == [D("2024-02-29"), D("2024-03-31"), D("2024-04-30"), D("2024-05-31")]
    assert reviews[-1] == D("2024-12-31")       # start + 11·P1M = the effective end: kept
    assert len(reviews) == 11


def test_review_on_the_effective_end_is_kept() -> None:
    tl = timeline(start="2024-01-01", end="2025-01-01", review="P1Y")
    assert [e.date for e in tl.events if e.kind == "review"] == [D("2025-01-01")]


def test_events_sorted_with_stable_ids() -> None:
    tl = timeline(start="2024-01-01", end="2024-12-31", notice="P3M", review="P1Y",
                  renewal={"mode": "automatic", "term": "P1Y", "max": "1"})
    assert [(e.date.isoformat(), e.id) for e in tl.events] == [
        ("2024-01-01", "c/start/0"),
        ("2024-09-30", "c/noticeDeadline/0"),
        ("2025-01-01", "c/renewal/1"),       # renewal before review on the same day
        ("2025-01-01", "c/review/1"),
        ("2025-12-31", "c/end/1"),
    ]


def test_notice_window_moves_a_deadline_back_to_an_open_day() -> None:
    weekdays = lambda d: d.weekday() < 5   # noqa: E731 - a fake calendar: open Mon–Fri
    tl = timeline(start="2025-05-01", end="2026-04-30", notice="P90D", is_open_day=weekdays,
                  renewal={"mode": "automatic", "term": "P1Y", "max": "4"})
    term = tl.terms[1]
    assert term.nominal_deadline == D("2027-01-30")      # a Saturday
    assert term.notice_deadline == D("2027-01-29")       # the Friday before
    assert tl.terms[0].notice_deadline == tl.terms[0].nominal_deadline == D("2026-01-30")


def test_window_shift_search_is_bounded_and_safe() -> None:
    assert previous_open_day(D("2027-01-30"), lambda d: False) == D("2027-01-30")
    assert previous_open_day(D("2027-01-30"), None) == D("2027-01-30")

    def broken(day: date) -> bool:
        raise ValueError("no holidays for that year")

    assert previous_open_day(D("2027-01-30"), broken) == D("2027-01-30")
    assert previous_open_day(D("0001-01-02"), lambda d: d.day == 5) == D("0001-01-02")


def test_extreme_dates_do_not_raise() -> None:
    tl = timeline(start="9999-01-01", end="9999-12-31", notice="P3M", review="P1M",
                  renewal={"mode": "automatic", "term": "P1Y"}, today="9999-06-01")
    assert len(tl.terms) == 1
    tl = timeline(start="0001-01-01", end="0001-01-31", notice="P1Y", today="0001-01-01",
                  renewal={"mode": "automatic", "term": "P1D"})
    assert tl.terms[0].notice_deadline is None           # before year 1: no such day


def test_example_organisation_as_its_author_intended() -> None:
    compilation = compile_project(REPO, D("2026-12-04"))
    timelines = compilation.timelines
    dustin = timelines["sup-dustin-cisco"].terms[1]
    assert (dustin.end, dustin.nominal_deadline) == (D("2027-04-30"), D("2027-01-30"))
    assert dustin.notice_deadline == D("2027-01-29")      # office-hours is closed on Saturdays
    assert timelines["sup-atea-klienter"].effective_end == D("2027-03-31")
    assert timelines["sup-visma-ekonomi"].effective_end == D("2027-02-28")
    assert timelines["sup-ricoh-print"].effective_end == D("2028-12-31")
    assert timelines["sup-unit4-ekonomi"].phase == "preliminary"
    assert timelines["sup-tietoevry-lifecare"].effective_end is None
