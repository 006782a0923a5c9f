"""Rules: a contract's dates (SLM3xx) — terms, notice, phase; decisions are in ``decisions``.

Every rule reads the timeline built in ``slmspec.timeline`` so a check and the
dates in feeds and reminders can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..timeline import add_days, can_follow, nominal_deadline, renewal_base, term_end
from . import decisions
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

SOON_DAYS = 30


def contracts(c: Compilation) -> Iterator[tuple[Any, Any]]:
    """(resource, timeline) of every valid contract, by name; timeline may be None."""
    for name in sorted(c.project.contracts):
        yield c.project.contracts[name], c.timelines.get(name)


@rule("SLM301", "end-before-start")
def end_before_start(c: Compilation) -> Iterator[Diagnostic]:
    """A contract's ``end`` is before its ``start``.

    Why: ``end`` is the inclusive last day of the first term; a term that ends
    before it starts has no days, and every date derived from it is nonsense.

    Fail:
        start: 2026-01-01
        end: 2025-12-31
    Pass:
        start: 2026-01-01
        end: 2026-12-31
    """
    for res, _ in contracts(c):
        spec = res.spec
        if spec.end is not None and spec.end < spec.start:
            yield end_before_start.at(
                res.at("spec", "end"), f"end {spec.end} is before start {spec.start}",
                hint="end is the inclusive last day of the first term (e.g. start 2026-01-01, "
                     "end 2026-12-31)")


@rule("SLM302", "renewal-without-end")
def renewal_without_end(c: Compilation) -> Iterator[Diagnostic]:
    """An open-ended contract (no ``end``) has renewal mode ``automatic`` or ``option``.

    Why: renewal terms are counted from the day after ``end``; a contract
    without an end runs until it is terminated and has nothing to renew.

    Fail:
        start: 2019-01-01
        renewal: {mode: automatic, term: P1Y}
    Pass:
        start: 2019-01-01
        end: 2019-12-31
        renewal: {mode: automatic, term: P1Y}
    """
    for res, _ in contracts(c):
        spec = res.spec
        if spec.end is None and spec.renewal.mode != "none":
            yield renewal_without_end.at(
                res.at("spec", "renewal", "mode"),
                f"renewal mode '{spec.renewal.mode}' needs an end: an open-ended contract "
                "runs until terminated and cannot renew",
                hint="add end (the last day of the first term), or remove renewal")


@rule("SLM303", "notice-exceeds-term")
def notice_exceeds_term(c: Compilation) -> Iterator[Diagnostic]:
    """The notice period is as long as or longer than a term it applies to.

    Why: the notice deadline of a term ending on D is (D + 1 day − notice) −
    1 day; when the notice is as long as the term, that day falls before the
    term even starts, so notice could never be given in time.  Checked for the
    first term and for a renewal term.

    Fail:
        start: 2025-01-01
        end: 2025-03-31
        notice: P3M
        renewal: {mode: automatic, term: P3M}
    Pass:
        start: 2025-01-01
        end: 2025-03-31
        notice: P1M
        renewal: {mode: automatic, term: P3M}
    """
    for res, _ in contracts(c):
        spec = res.spec
        if spec.notice is None or spec.end is None or spec.end < spec.start:
            continue
        if can_follow(spec, 0):
            deadline = nominal_deadline(spec.end, spec.notice)
            if deadline is not None and deadline < spec.start:
                yield notice_exceeds_term.at(
                    res.at("spec", "notice"),
                    f"notice {spec.notice} is as long as the first term ({spec.start} .. "
                    f"{spec.end}) or longer: its deadline {deadline} is before the term starts",
                    hint="shorten notice, or check start and end")
        base = renewal_base(spec.end)
        term = spec.renewal.term
        if base is None or term is None or not can_follow(spec, 1):
            continue
        first_renewal_end = term_end(base, term, 1)
        deadline = nominal_deadline(first_renewal_end, spec.notice) if first_renewal_end else None
        if deadline is not None and deadline < base:
            yield notice_exceeds_term.at(
                res.at("spec", "notice"),
                f"notice {spec.notice} is as long as the renewal term {term} or longer: the "
                f"deadline for the term {base} .. {first_renewal_end} would be {deadline}, "
                "before the term starts",
                hint="shorten notice or lengthen renewal.term")


@rule("SLM304", "draft-started", Severity.WARNING)
def draft_started(c: Compilation) -> Iterator[Diagnostic]:
    """A draft contract whose start date has passed.

    Why: ``status: draft`` means not signed.  A draft that should already have
    started is either signed (mark it active) or its dates are out of date;
    either way feeds and reminders treat it as preliminary and warn nobody.

    Fail:
        status: draft
        start: 2026-01-01     # today is 2026-06-15
    Pass:
        status: active
        start: 2026-01-01
    """
    for res, _ in contracts(c):
        spec = res.spec
        if spec.status == "draft" and spec.start < c.today:
            yield draft_started.at(
                res.at("spec", "status"),
                f"draft contract should have started on {spec.start} but is still a draft",
                hint="set status: active once it is signed, or move start")


@rule("SLM305", "ended-still-active", Severity.WARNING)
def ended_still_active(c: Compilation) -> Iterator[Diagnostic]:
    """An active contract whose effective end has passed.

    Why: a contract that has ended only clutters feeds, the catalog and the
    dashboard.  Remove the file (git keeps its history), or record what keeps
    it running (a renewal, a later ``end``).

    Fail:
        status: active
        end: 2026-03-31       # renewal: none; today is 2026-06-15
    Pass:
        # the file is removed, or:
        end: 2027-03-31
    """
    for res, timeline in contracts(c):
        if res.spec.status != "active" or timeline is None:
            continue
        if timeline.effective_end is not None and timeline.effective_end < c.today:
            yield ended_still_active.at(
                res.at("spec", "status"),
                f"contract ended on {timeline.effective_end} but is still listed as active",
                hint="remove the file (git history keeps it), or record the renewal or "
                     "later end that keeps it running")


@rule("SLM306", "notice-deadline-soon", Severity.WARNING)
def notice_deadline_soon(c: Compilation) -> Iterator[Diagnostic]:
    """A notice deadline within the next 30 days has no decision recorded.

    Why: this warning shows in every pull request until someone decides.
    Record the decision (renew or terminate) for the term end, and reminders
    for that deadline stop.

    Fail:
        end: 2026-09-30
        notice: P3M           # deadline 2026-06-30; today is 2026-06-15
    Pass:
        decisions:
          - {termEnd: 2026-09-30, action: renew, by: anna, on: 2026-06-10}
    """
    for res, timeline in contracts(c):
        if res.spec.status != "active" or timeline is None:
            continue
        for term in timeline.terms:
            deadline = term.notice_deadline
            if deadline is None or term.decision is not None or term.end is None:
                continue
            days = (deadline - c.today).days
            if 0 <= days <= SOON_DAYS:
                yield notice_deadline_soon.at(
                    res.at("spec", "notice"), _soon_message(res.spec, term, days),
                    hint=f"record the decision under decisions: - {{termEnd: {term.end}, "
                         "action: renew|terminate, by: <person>, on: <YYYY-MM-DD>}")


def _soon_message(spec: Any, term: Any, days: int) -> str:
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    if spec.renewal.mode == "option":
        consequence = f"without a renew decision the contract ends on {term.end}"
    else:
        consequence = f"without notice it renews on {_day_after(term.end)}"
    return (f"notice deadline {term.notice_deadline} for the term ending {term.end} is {when} "
            f"and no decision is recorded; {consequence}")


def _day_after(day: date) -> str:
    after = add_days(day, 1)
    return str(after) if after else "the day after"


RULES: tuple[Rule, ...] = (
    end_before_start,
    renewal_without_end,
    notice_exceeds_term,
    draft_started,
    ended_still_active,
    notice_deadline_soon,
    *decisions.RULES,
)
