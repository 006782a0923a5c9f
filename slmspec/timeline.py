"""Contract timelines: terms, notice deadlines, decisions, effective end, phase, events.

The date rules of SPEC §3.1 live here and nowhere else.  Renewal term k ends
on (E + k·T) − 1 day with E = ``end`` + 1 day, always counted from E so month
ends never drift; the notice deadline of a term ending on D is
(D + 1 day − notice) − 1 day.  Feeds, reminders, the catalog, ``deadlines``
and ``explain`` all read the :class:`Timeline` built here, so they can never
disagree about a date.

Cut at the horizon: a term is expanded when it starts on or before
today + horizon (or on or before the day after the latest recorded decision,
so that a decision about a distant term still finds its term); an event is
emitted only when its date is on or before today + horizon.  Events before
today are kept: a timeline is history too, and reminders filter by date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from .durations import Period
from .model import ContractSpec, Decision

if TYPE_CHECKING:
    from .compiler import Compilation

EventKind = Literal["start", "noticeDeadline", "renewal", "end", "review"]
Phase = Literal["preliminary", "upcoming", "current", "past"]
EVENT_KINDS: tuple[EventKind, ...] = ("start", "noticeDeadline", "renewal", "end", "review")

IsOpenDay = Callable[[date], bool]

DEFAULT_HORIZON = Period("P3Y", years=3)
MAX_TERMS = 5000            # no real contract has more; bounds P1D terms over long horizons
MAX_REVIEWS = 5000
MAX_SHIFT_DAYS = 366        # a window closed for a whole year has no previous open day
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Term:
    """Term ``index`` of a contract (0 = start..end, k = renewal term k)."""

    index: int
    start: date
    end: date | None                 # None only for an open-ended contract's single term
    notice_deadline: date | None     # last day to give notice / exercise the option
    nominal_deadline: date | None    # the deadline before noticeWindow moved it
    decision: Decision | None        # the decision recorded for this term's end


@dataclass(frozen=True)
class Event:
    """A dated event of a contract; ``id`` stays the same when the date moves."""

    id: str                          # "<contract>/<kind>/<index>"
    contract: str
    kind: EventKind
    index: int
    date: date
    decided: bool = False            # noticeDeadline with a renew/terminate decision recorded


@dataclass(frozen=True)
class Timeline:
    contract: str
    terms: tuple[Term, ...]
    events: tuple[Event, ...]        # sorted by (date, kind order, index)
    effective_end: date | None
    phase: Phase
    horizon_end: date | None = None  # today + horizon: no event lies beyond it
    end_index: int | None = None     # the term whose end is the effective end

    def next_open_deadline(self, today: date) -> Event | None:
        """The first notice deadline on or after ``today`` with no decision recorded."""
        return next((e for e in self.events if e.kind == "noticeDeadline"
                     and not e.decided and e.date >= today), None)


# --- the arithmetic, one function per rule of SPEC §3.1 ------------------------------------

def add_days(day: date, days: int) -> date | None:
    """``day`` + ``days``, or None beyond the calendar (year 1..9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def add_period(day: date, period: Period, times: int = 1) -> date | None:
    """``day`` + ``times`` × ``period`` (month ends clamp), or None beyond the calendar."""
    try:
        return period.after(day, times)
    except (OverflowError, ValueError):
        return None


def renewal_base(end: date) -> date | None:
    """E = ``end`` + 1 day: every renewal term end is counted from here."""
    return add_days(end, 1)


def term_end(base: date, term: Period, k: int) -> date | None:
    """Renewal term k ends on (E + k·T) − 1 day; k = 0 gives ``end`` back."""
    after = add_period(base, term, k)
    return add_days(after, -1) if after is not None else None


def nominal_deadline(end: date, notice: Period) -> date | None:
    """Last day to give notice for a term ending on D: (D + 1 day − notice) − 1 day.

    The notice is subtracted as ``dateutil.relativedelta`` does (years and
    months first, clamping to the month's end, then weeks and days).
    """
    next_day = add_days(end, 1)
    if next_day is None:
        return None
    try:
        back = notice.before(next_day)
    except (OverflowError, ValueError):
        return None
    return add_days(back, -1)


def previous_open_day(day: date, is_open_day: IsOpenDay | None) -> date:
    """``day`` itself when open, else the nearest open day before it (searching at most a year).

    Without a calendar, or when none of the previous 366 days is open, ``day`` is kept.
    """
    if is_open_day is None:
        return day
    candidate: date | None = day
    for _ in range(MAX_SHIFT_DAYS + 1):
        if candidate is None:
            return day
        try:
            if is_open_day(candidate):
                return candidate
        except Exception:  # a calendar that cannot answer (dates outside its range): no shift
            return day
        candidate = add_days(candidate, -1)
    return day


# --- building a timeline --------------------------------------------------------------------

def decisions_by_term_end(spec: ContractSpec) -> dict[date, Decision]:
    """The decision recorded for each term end; the first one wins (a second is an error)."""
    found: dict[date, Decision] = {}
    for decision in spec.decisions:
        found.setdefault(decision.termEnd, decision)
    return found


def can_follow(spec: ContractSpec, index: int) -> bool:
    """Whether the renewal mode and ``max`` allow a term after term ``index``."""
    renewal = spec.renewal
    if spec.end is None or renewal.mode == "none" or renewal.term is None:
        return False
    return renewal.max is None or index < renewal.max


def contract_timeline(name: str, spec: ContractSpec, today: date, horizon: Period = DEFAULT_HORIZON,
                      is_open_day: IsOpenDay | None = None) -> Timeline:
    """Everything SPEC §3.1–§3.2 derives for one contract, as of ``today``."""
    horizon_end = add_period(today, horizon) or date.max
    decisions = decisions_by_term_end(spec)
    if spec.end is None:
        terms, effective_end = _open_ended_terms(spec)
        end_index = 0 if effective_end is not None else None
    else:
        limit = max([horizon_end, *(add_days(d, 1) or date.max for d in decisions)])
        spans = _term_spans(spec, spec.end, decisions, limit)
        terms = tuple(_with_deadline(spec, i, s, e, decisions, is_open_day) for i, s, e in spans)
        effective_end, end_index = _effective_end(spec, terms)
    phase = _phase(spec, today, effective_end)
    events = _events(name, spec, terms, effective_end, end_index, horizon_end)
    return Timeline(name, terms, events, effective_end, phase, horizon_end, end_index)


def _open_ended_terms(spec: ContractSpec) -> tuple[tuple[Term, ...], date | None]:
    """One term from ``start``; the earliest terminate decision (not before start) ends it."""
    ends = [d for d in spec.decisions if d.action == "terminate" and d.termEnd >= spec.start]
    decision = min(ends, key=lambda d: d.termEnd, default=None)
    if decision is None:
        return (Term(0, spec.start, None, None, None, None),), None
    term = Term(0, spec.start, decision.termEnd, None, None, decision)
    return (term,), decision.termEnd


def _term_spans(spec: ContractSpec, end: date, decisions: dict[date, Decision],
                limit: date) -> list[tuple[int, date, date]]:
    """(index, start, end) of every term that exists and starts on or before ``limit``."""
    spans = [(0, spec.start, end)]
    base = renewal_base(end)
    term = spec.renewal.term
    while base is not None and term is not None and len(spans) < MAX_TERMS:
        index, _, previous_end = spans[-1]
        if not can_follow(spec, index):
            break
        decision = decisions.get(previous_end)
        if decision is not None and decision.action == "terminate":
            break
        if spec.renewal.mode == "option" and (decision is None or decision.action != "renew"):
            break
        start = add_days(previous_end, 1)
        finish = term_end(base, term, index + 1)
        if start is None or finish is None or start > limit or finish < start:
            break
        spans.append((index + 1, start, finish))
    return spans


def _with_deadline(spec: ContractSpec, index: int, start: date, end: date,
                   decisions: dict[date, Decision], is_open_day: IsOpenDay | None) -> Term:
    nominal = None
    if spec.notice is not None and can_follow(spec, index):
        nominal = nominal_deadline(end, spec.notice)
    shifted = previous_open_day(nominal, is_open_day) if nominal is not None else None
    return Term(index, start, end, shifted, nominal, decisions.get(end))


def _effective_end(spec: ContractSpec, terms: tuple[Term, ...]) -> tuple[date | None, int | None]:
    """The contract's last day (and its term), or (None, None) while it keeps renewing."""
    last = terms[-1]
    mode = spec.renewal.mode
    if mode == "none" or (last.decision is not None and last.decision.action == "terminate"):
        return last.end, last.index
    if mode == "option":
        return last.end, last.index
    renewal = spec.renewal
    if renewal.max is None or renewal.term is None or spec.end is None:
        return None, None
    if last.index == renewal.max:
        return last.end, last.index
    base = renewal_base(spec.end)
    return (term_end(base, renewal.term, renewal.max) if base else None), renewal.max


def _phase(spec: ContractSpec, today: date, effective_end: date | None) -> Phase:
    if spec.status == "draft":
        return "preliminary"
    if today < spec.start:
        return "upcoming"
    if effective_end is not None and today > effective_end:
        return "past"
    return "current"


def review_dates(spec: ContractSpec, until: date) -> list[date]:
    """start + k·review for k ≥ 1, each counted from start, up to ``until`` inclusive."""
    if spec.review is None:
        return []
    found = []
    for k in range(1, MAX_REVIEWS + 1):
        day = add_period(spec.start, spec.review, k)
        if day is None or day > until:
            break
        found.append(day)
    return found


def _events(name: str, spec: ContractSpec, terms: tuple[Term, ...], effective_end: date | None,
            end_index: int | None, horizon_end: date) -> tuple[Event, ...]:
    def event(kind: EventKind, index: int, day: date, decided: bool = False) -> Event:
        return Event(f"{name}/{kind}/{index}", name, kind, index, day, decided)

    found = [event("start", 0, spec.start)]
    for term in terms:
        if term.notice_deadline is not None:
            found.append(event("noticeDeadline", term.index, term.notice_deadline,
                               term.decision is not None))
        if term.index > 0:
            found.append(event("renewal", term.index, term.start))
    if effective_end is not None and end_index is not None:
        found.append(event("end", end_index, effective_end))
    until = min(horizon_end, effective_end) if effective_end is not None else horizon_end
    found.extend(event("review", k, day) for k, day in enumerate(review_dates(spec, until), 1))
    kept = [e for e in found if e.date <= horizon_end]
    return tuple(sorted(kept, key=lambda e: (e.date, EVENT_KINDS.index(e.kind), e.index)))


def is_open_day_for(compilation: Compilation, window: str | None) -> IsOpenDay | None:
    """The ``is_open_day`` of a noticeWindow's calendar, or None when it is unknown."""
    calendar = compilation.calendars.get(window) if window else None
    check = getattr(calendar, "is_open_day", None)
    return check if callable(check) else None


def build_timelines(compilation: Compilation) -> dict[str, Timeline]:
    """The timeline of every valid contract, by name (sorted)."""
    settings = compilation.settings
    horizon = settings.horizon if settings is not None else DEFAULT_HORIZON
    timelines = {}
    for name in sorted(compilation.project.contracts):
        spec = compilation.project.contracts[name].spec
        check = is_open_day_for(compilation, spec.noticeWindow)
        timelines[name] = contract_timeline(name, spec, compilation.today, horizon, check)
    return timelines
