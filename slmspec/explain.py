"""How each date of one contract was derived, step by step, so a reviewer can redo the sums.

The values shown are those of the contract's :class:`~slmspec.timeline.Timeline`;
the intermediate steps (E, E + k·T, D + 1 day − notice) are recomputed with the
same functions of ``slmspec.timeline`` that produced them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .timeline import (
    DEFAULT_HORIZON,
    Timeline,
    add_days,
    add_period,
    can_follow,
    renewal_base,
    review_dates,
)

if TYPE_CHECKING:
    from .compiler import Compilation

INDENT = "  "
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day(value: date | None) -> str:
    """A date with its weekday, the way a reviewer checks it against a calendar."""
    return f"{value} ({WEEKDAYS[value.weekday()]})" if value is not None else "-"


def explain_contract(compilation: Compilation, name: str) -> str:
    """The derivation of every date of contract ``name`` (which must be a valid contract)."""
    res = compilation.project.contracts[name]
    spec = res.spec
    timeline: Timeline = compilation.timelines[name]
    settings = compilation.settings
    horizon = settings.horizon if settings is not None else DEFAULT_HORIZON
    today = compilation.today
    lines = [
        f"{name}: {res.model.metadata.displayName}",
        f"{INDENT}{spec.type} contract with {spec.counterparty}; owner {spec.owner}; "
        f"status {spec.status}",
        f"{INDENT}file {res.path}",
        f"{INDENT}today {today}; events up to today + horizon = {today} + {horizon} = "
        f"{timeline.horizon_end}",
    ]
    for section in (_terms, _deadlines, _decisions, _effective_end, _reviews, _phase):
        lines.append("")
        lines.extend(section(spec, timeline, today))
    lines.append("")
    lines.extend(_events(timeline))
    return "\n".join(lines) + "\n"


def _terms(spec: Any, timeline: Timeline, today: date) -> list[str]:
    renewal = spec.renewal
    if spec.end is None:
        first = timeline.terms[0]
        if first.end is None:
            return ["Terms", f"{INDENT}open-ended: term 0 runs from start {spec.start} until "
                    "it is terminated"]
        return ["Terms", f"{INDENT}open-ended, terminated: term 0 = start .. termEnd of the "
                f"terminate decision = {first.start} .. {first.end}"]
    title = f"Terms (renewal mode {renewal.mode}"
    if renewal.term is not None and renewal.mode != "none":
        title += f", T = {renewal.term}" + (f", max {renewal.max}" if renewal.max else "")
    lines = [title + ")", f"{INDENT}term 0 = start .. end = {spec.start} .. {spec.end}"]
    base = renewal_base(spec.end)
    if len(timeline.terms) > 1 and base is not None:
        lines.append(f"{INDENT}E = end + 1 day = {spec.end} + 1 day = {base}")
    for term in timeline.terms[1:]:
        after = add_period(base, renewal.term, term.index) if base else None
        lines.append(
            f"{INDENT}term {term.index}: starts the day after term {term.index - 1} ends = "
            f"{term.start}; ends E + {term.index}·{renewal.term} - 1 day = {after} - 1 day = "
            f"{term.end}")
    lines.append(f"{INDENT}{_why_no_more(spec, timeline)}")
    return lines


def _why_no_more(spec: Any, timeline: Timeline) -> str:
    last = timeline.terms[-1]
    renewal = spec.renewal
    if renewal.mode == "none":
        return "renewal mode none: term 0 is the only term"
    if renewal.max is not None and last.index >= renewal.max:
        return f"max {renewal.max}: no term follows term {last.index}"
    if last.decision is not None and last.decision.action == "terminate":
        return f"term {last.index} is terminated: no term follows it"
    if renewal.mode == "option" and (last.decision is None or last.decision.action != "renew"):
        return (f"renewal mode option: term {last.index + 1} would exist only with a renew "
                f"decision for {last.end}; none is recorded")
    following = add_days(last.end, 1) if last.end else None
    return (f"term {last.index + 1} would start on {following}, after today + horizon "
            f"({timeline.horizon_end}): not expanded")


def _deadlines(spec: Any, timeline: Timeline, today: date) -> list[str]:
    if spec.notice is None:
        return ["Notice deadlines", f"{INDENT}no notice period: no notice deadlines"]
    purpose = ("the last day to exercise the option" if spec.renewal.mode == "option"
               else "the last day to give notice")
    lines = [f"Notice deadlines (notice {spec.notice}; {purpose})"]
    if spec.noticeWindow:
        lines.append(f"{INDENT}a deadline on a day {spec.noticeWindow} is closed moves back to "
                     "its previous open day")
    if spec.end is None:
        lines.append(f"{INDENT}open-ended: notice can be given any day; the contract then ends "
                     f"on the day notice is given + {spec.notice} at the earliest")
        return lines
    if spec.renewal.mode == "none":
        lines.append(f"{INDENT}renewal mode none: no term follows term 0, so there is no "
                     "notice deadline")
        return lines
    for term in timeline.terms:
        if term.end is None:
            continue
        if not can_follow(spec, term.index):
            lines.append(f"{INDENT}term {term.index} ends {term.end}: no deadline, no term can "
                         f"follow it (max {spec.renewal.max})")
            continue
        next_day = add_days(term.end, 1)
        back = add_days(term.nominal_deadline, 1) if term.nominal_deadline else None
        lines.append(
            f"{INDENT}term {term.index} ends D = {term.end}: (D + 1 day - {spec.notice}) - 1 day"
            f" = ({next_day} - {spec.notice}) - 1 day = {back} - 1 day = "
            f"{day(term.nominal_deadline)}")
        if term.notice_deadline != term.nominal_deadline:
            lines.append(
                f"{INDENT * 3}{spec.noticeWindow} is closed on {day(term.nominal_deadline)}: "
                f"moved back to its previous open day {day(term.notice_deadline)}")
        if timeline.horizon_end and term.notice_deadline and \
                term.notice_deadline > timeline.horizon_end:
            lines.append(f"{INDENT * 3}after today + horizon: no event emitted")
    return lines


def _decisions(spec: Any, timeline: Timeline, today: date) -> list[str]:
    if not spec.decisions:
        return ["Decisions", f"{INDENT}none recorded"]
    lines = ["Decisions"]
    terms = {t.end: t for t in timeline.terms if t.end is not None}
    seen: set[date] = set()
    for decision in spec.decisions:
        head = (f"{INDENT}termEnd {decision.termEnd}: {decision.action} by {decision.by} "
                f"on {decision.on}")
        lines.append(head + ("" if not decision.late else " (late: true)"))
        lines.extend(f"{INDENT * 3}{note}" for note in _judge(spec, terms, decision, seen))
        seen.add(decision.termEnd)
    return lines


def _judge(spec: Any, terms: dict[date, Any], decision: Any, seen: set[date]) -> list[str]:
    """What a decision does, and whether it is in time."""
    if decision.termEnd in seen:
        return ["another decision for this term end comes first: this one is ignored (SLM308)"]
    if spec.end is None:
        if decision.action != "terminate":
            return ["an open-ended contract has nothing to renew (SLM307)"]
        earliest = add_period(decision.on, spec.notice) if spec.notice else None
        if earliest is None:
            return [f"ends the contract on {decision.termEnd}"]
        verdict = "enough notice" if decision.termEnd >= earliest else "too short (SLM310)"
        return [f"on + notice = {decision.on} + {spec.notice} = {earliest} "
                f"{'<=' if decision.termEnd >= earliest else '>'} termEnd {decision.termEnd}: "
                f"{verdict}"]
    term = terms.get(decision.termEnd)
    if term is None:
        return ["no term ends on this day: the decision decides nothing (SLM307)"]
    notes = []
    if term.notice_deadline is not None:
        in_time = decision.on <= term.notice_deadline
        verdict = ("in time" if in_time else "late, accepted (late: true)" if decision.late
                   else "too late (SLM309)")
        notes.append(f"on {decision.on} {'<=' if in_time else '>'} deadline "
                     f"{term.notice_deadline}: {verdict}; reminders for that deadline stop")
    if decision.action == "terminate":
        notes.append(f"the contract ends with term {term.index} on {term.end}")
    elif spec.renewal.mode == "option":
        notes.append(f"the option is exercised: term {term.index + 1} follows")
    else:
        notes.append("the contract renews as it would anyway; the decision is on record")
    return notes


def _effective_end(spec: Any, timeline: Timeline, today: date) -> list[str]:
    end = timeline.effective_end
    renewal = spec.renewal
    last = timeline.terms[-1]
    if spec.end is None:
        why = ("open-ended and not terminated: none" if end is None
               else f"open-ended, terminated on termEnd = {end}")
    elif renewal.mode == "none":
        why = f"renewal mode none: end = {end}"
    elif last.decision is not None and last.decision.action == "terminate":
        why = f"terminated at the end of term {last.index}: {end}"
    elif renewal.mode == "option":
        why = (f"renewal mode option: the end of the last term that exists "
               f"(term {last.index}) = {end}")
    elif end is None:
        why = "renewal mode automatic without max: none while it keeps renewing"
    else:
        base = renewal_base(spec.end)
        after = add_period(base, renewal.term, renewal.max) if base else None
        why = (f"renewal mode automatic, max {renewal.max}: the end of term {renewal.max} = "
               f"E + {renewal.max}·{renewal.term} - 1 day = {after} - 1 day = {end}")
    lines = ["Effective end", f"{INDENT}{why}"]
    if end is not None and timeline.horizon_end is not None and end > timeline.horizon_end:
        lines.append(f"{INDENT * 3}after today + horizon: no end event emitted")
    return lines


def _reviews(spec: Any, timeline: Timeline, today: date) -> list[str]:
    if spec.review is None:
        return ["Reviews", f"{INDENT}no review period"]
    until = timeline.horizon_end
    if timeline.effective_end is not None and until is not None:
        until = min(until, timeline.effective_end)
    lines = [f"Reviews (review {spec.review}, counted from start; up to {until})"]
    dates = review_dates(spec, until) if until else []
    lines.extend(f"{INDENT}review {k} = {spec.start} + {k}·{spec.review} = {value}"
                 for k, value in enumerate(dates, 1))
    if not dates:
        lines.append(f"{INDENT}none up to {until}")
    return lines


def _phase(spec: Any, timeline: Timeline, today: date) -> list[str]:
    end = timeline.effective_end
    if timeline.phase == "preliminary":
        why = "status draft: preliminary"
    elif timeline.phase == "upcoming":
        why = f"today {today} < start {spec.start}: upcoming"
    elif timeline.phase == "past":
        why = f"today {today} > effective end {end}: past"
    else:
        upper = f" <= effective end {end}" if end is not None else ""
        why = f"start {spec.start} <= today {today}{upper}: current"
    return [f"Phase on {today}", f"{INDENT}{why}"]


def _events(timeline: Timeline) -> list[str]:
    lines = ["Events (id = <contract>/<event>/<index>)"]
    width = max((len(e.kind) for e in timeline.events), default=0)
    for event in timeline.events:
        decided = "  decided" if event.decided else ""
        lines.append(f"{INDENT}{day(event.date)}  {event.kind:<{width}}  {event.id}{decided}")
    return lines
