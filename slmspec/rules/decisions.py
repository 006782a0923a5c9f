"""Rules: recorded renew/terminate decisions (SLM3xx), checked against the contract's timeline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..timeline import Timeline, add_period, renewal_base, term_end
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation


def _decisions(c: Compilation) -> Iterator[tuple[Any, Any, int, Any]]:
    """(resource, timeline, position, decision) of every decision of every valid contract."""
    for name in sorted(c.project.contracts):
        res = c.project.contracts[name]
        for i, decision in enumerate(res.spec.decisions):
            yield res, c.timelines.get(name), i, decision


@rule("SLM307", "decision-not-term-end")
def decision_not_term_end(c: Compilation) -> Iterator[Diagnostic]:
    """A decision's ``termEnd`` is not the last day of a term of the contract.

    Why: a decision is about one term end: renew it or terminate the contract
    there.  A date that ends no term (a typo, a day off, a term that does not
    exist because an option was not exercised) would silently decide nothing.
    The hint lists the nearest term ends.

    Fail:
        end: 2026-12-31
        renewal: {mode: automatic, term: P1Y}
        decisions:
          - {termEnd: 2026-12-30, action: renew, by: anna, on: 2026-08-20}
    Pass:
        decisions:
          - {termEnd: 2026-12-31, action: renew, by: anna, on: 2026-08-20}
    """
    for res, timeline, i, decision in _decisions(c):
        if timeline is None:
            continue
        spec = res.spec
        where = res.at("spec", "decisions", i, "termEnd")
        if spec.end is None:
            if decision.action == "renew":
                yield decision_not_term_end.at(
                    where, "an open-ended contract has no term end to renew; "
                    "only terminate applies", hint="use action: terminate, or add end")
            elif decision.termEnd < spec.start:
                yield decision_not_term_end.at(
                    where, f"termEnd {decision.termEnd} is before the contract starts "
                    f"({spec.start})")
            continue
        ends = {t.end for t in timeline.terms}
        if decision.termEnd in ends:
            continue
        yield decision_not_term_end.at(
            where, f"termEnd {decision.termEnd} is not the end of a term"
            + _why_missing(spec, timeline, decision.termEnd),
            hint=_nearest_ends(timeline, decision.termEnd))


def _why_missing(spec: Any, timeline: Timeline, day: date) -> str:
    """Explain a date that would end a term if the terms before it existed."""
    base = renewal_base(spec.end)
    term = spec.renewal.term
    if base is None or term is None:
        return ""
    last = timeline.terms[-1]
    for k in range(last.index + 1, last.index + 1000):
        end = term_end(base, term, k)
        if end is None or end > day:
            return ""
        if end == day:
            break
    else:
        return ""
    if last.decision is not None and last.decision.action == "terminate":
        return f" (the contract is terminated on {last.end})"
    if spec.renewal.max is not None and k > spec.renewal.max:
        return f" (it would end renewal term {k}, but max is {spec.renewal.max})"
    if spec.renewal.mode == "option":
        return (f" (it would end renewal term {k}, which exists only when {last.end} "
                "is renewed first: renewal mode option)")
    return ""


def _nearest_ends(timeline: Timeline, day: date) -> str | None:
    ends = sorted((t.end, t.index) for t in timeline.terms if t.end is not None)
    before = [e for e in ends if e[0] < day][-1:]
    after = [e for e in ends if e[0] > day][:1]
    near = [f"{end} (term {index})" for end, index in before + after]
    return "nearest term ends: " + ", ".join(near) if near else None


@rule("SLM308", "duplicate-decision")
def duplicate_decision(c: Compilation) -> Iterator[Diagnostic]:
    """Two decisions are recorded for the same term end.

    Why: one term end gets one decision; with two (renew and terminate, or the
    same one twice) nobody can tell which holds.  The first is used.

    Fail:
        decisions:
          - {termEnd: 2026-12-31, action: renew, by: anna, on: 2026-08-20}
          - {termEnd: 2026-12-31, action: terminate, by: lars, on: 2026-09-01}
    Pass:
        decisions:
          - {termEnd: 2026-12-31, action: terminate, by: lars, on: 2026-09-01}
    """
    for res, _, i, decision in _decisions(c):
        first = next(j for j, d in enumerate(res.spec.decisions) if d.termEnd == decision.termEnd)
        if first != i:
            line = res.at("spec", "decisions", first).line
            yield duplicate_decision.at(
                res.at("spec", "decisions", i, "termEnd"),
                f"a decision for termEnd {decision.termEnd} is already recorded on line {line}",
                hint="keep one decision per term end")


@rule("SLM309", "late-termination")
def late_termination(c: Compilation) -> Iterator[Diagnostic]:
    """A terminate decision is dated after the term's notice deadline.

    Why: notice given after the deadline does not end the contract at that
    term end (it renews).  If the counterparty accepted the late notice
    anyway, say so with ``late: true``.

    Fail:
        end: 2026-12-31
        notice: P3M             # deadline 2026-09-30
        decisions:
          - {termEnd: 2026-12-31, action: terminate, by: anna, on: 2026-10-15}
    Pass:
        decisions:
          - {termEnd: 2026-12-31, action: terminate, by: anna, on: 2026-10-15, late: true}
    """
    for res, timeline, i, decision in _decisions(c):
        if timeline is None or decision.action != "terminate" or decision.late:
            continue
        term = next((t for t in timeline.terms if t.end == decision.termEnd), None)
        if term is None or term.notice_deadline is None:
            continue
        if decision.on > term.notice_deadline:
            yield late_termination.at(
                res.at("spec", "decisions", i, "on"),
                f"notice given on {decision.on} is after the notice deadline "
                f"{term.notice_deadline} for the term ending {decision.termEnd}",
                hint="if the counterparty accepted it anyway, add late: true; otherwise "
                     "terminate at a later term end")


@rule("SLM310", "open-ended-notice-too-short")
def open_ended_notice_too_short(c: Compilation) -> Iterator[Diagnostic]:
    """An open-ended contract is terminated on a day sooner than ``on`` + ``notice``.

    Why: a contract without an end runs until terminated, and ends at the
    earliest a full notice period after notice is given.

    Fail:
        notice: P3M
        decisions:
          - {termEnd: 2026-08-31, action: terminate, by: anna, on: 2026-06-15}
    Pass:
        decisions:
          - {termEnd: 2026-09-30, action: terminate, by: anna, on: 2026-06-15}
    """
    for res, _, i, decision in _decisions(c):
        spec = res.spec
        if spec.end is not None or spec.notice is None or decision.action != "terminate":
            continue
        earliest = add_period(decision.on, spec.notice)
        if earliest is not None and decision.termEnd < earliest:
            yield open_ended_notice_too_short.at(
                res.at("spec", "decisions", i, "termEnd"),
                f"termEnd {decision.termEnd} is less than the notice {spec.notice} after the "
                f"notice was given on {decision.on}: the earliest end is {earliest}",
                hint=f"set termEnd: {earliest} or later")


@rule("SLM311", "decision-in-future", Severity.WARNING)
def decision_in_future(c: Compilation) -> Iterator[Diagnostic]:
    """A decision is dated after today.

    Why: a decision is recorded when it has been made (and notice given);
    a date in the future is usually a typo, and it already stops reminders.

    Fail:
        decisions:
          - {termEnd: 2026-12-31, action: renew, by: anna, on: 2027-08-20}
    Pass:
        decisions:
          - {termEnd: 2026-12-31, action: renew, by: anna, on: 2026-08-20}
    """
    for res, _, i, decision in _decisions(c):
        if decision.on > c.today:
            yield decision_in_future.at(
                res.at("spec", "decisions", i, "on"),
                f"decision dated {decision.on} is in the future (today is {c.today})",
                hint="record a decision once it is made, with the day notice was given")


RULES: tuple[Rule, ...] = (
    decision_not_term_end,
    duplicate_decision,
    late_termination,
    open_ended_notice_too_short,
    decision_in_future,
)
