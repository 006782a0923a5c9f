"""Properties of the date rules that must hold for every date and period (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slmspec.durations import Period
from slmspec.model import ContractSpec
from slmspec.timeline import contract_timeline, nominal_deadline

ONE = timedelta(days=1)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def period(units: str) -> st.SearchStrategy[Period]:
    """Periods written with one or more of ``units`` (Y M W D), each 0–24, never all zero."""
    def build(values: tuple[int, ...]) -> Period:
        parts = dict(zip(units, values, strict=True))
        text = "P" + "".join(f"{n}{u}" for u, n in parts.items() if n)
        return Period.parse(text)

    counts = st.tuples(*[st.integers(0, 24) for _ in units]).filter(any)
    return counts.map(build)


single_unit = st.one_of(period("Y"), period("M"), period("W"), period("D"))
any_period = st.one_of(single_unit, period("YMWD"))


@given(end=days, notice=any_period)
def test_deadline_is_the_spec_formula_with_relativedelta(end: date, notice: Period) -> None:
    """(D + 1 day − notice) − 1 day, subtracting the notice as dateutil.relativedelta does."""
    expected = (end + ONE) - relativedelta(years=notice.years, months=notice.months,
                                           weeks=notice.weeks, days=notice.days) - ONE
    assert nominal_deadline(end, notice) == expected


@given(end=days, notice=single_unit)
def test_notice_on_the_deadline_leaves_the_full_notice_period(end: date, notice: Period) -> None:
    """Notice given on the deadline: the notice period, counted from the next day, fits in."""
    deadline = nominal_deadline(end, notice)
    assert notice.after(deadline + ONE) <= end + ONE


@given(end=days, notice=st.one_of(period("W"), period("D"), period("WD")))
def test_one_day_later_is_too_late_for_day_periods(end: date, notice: Period) -> None:
    deadline = nominal_deadline(end, notice)
    assert notice.after(deadline + 2 * ONE) > end + ONE


@given(end=days, notice=st.one_of(period("Y"), period("M")))
def test_one_day_later_is_too_late_for_month_periods(end: date, notice: Period) -> None:
    """Where no month end clamps, one day later misses it.

    Near month ends the calendar itself is ambiguous (2025-01-29 + P1M and
    2025-01-28 + P1M are both 2025-02-28); there the SPEC's rule decides.
    """
    deadline = nominal_deadline(end, notice)
    assume((end + ONE).day <= 28 and (deadline + 2 * ONE).day <= 28)
    assert notice.after(deadline + 2 * ONE) > end + ONE


def renewing(start: date, end: date, term: Period, notice: Period | None = None,
             max_terms: int | None = None) -> ContractSpec:
    renewal: dict[str, object] = {"mode": "automatic", "term": term.text}
    if max_terms is not None:
        renewal["max"] = str(max_terms)
    spec: dict[str, object] = {"type": "supplier", "counterparty": "X", "owner": "a",
                               "start": start.isoformat(), "end": end.isoformat(),
                               "renewal": renewal}
    if notice is not None:
        spec["notice"] = notice.text
    return ContractSpec.model_validate(spec)


@settings(max_examples=60)
@given(end=days, term=single_unit, horizon_years=st.integers(1, 12))
def test_term_ends_never_drift(end: date, term: Period, horizon_years: int) -> None:
    """Term k ends on (E + k·T) − 1 day for every k, computed here straight from dateutil."""
    spec = renewing(end - timedelta(days=30), end, term)
    tl = contract_timeline("c", spec, end, Period.parse(f"P{horizon_years}Y"))
    base = end + ONE
    for term_ in tl.terms[1:]:
        k = term_.index
        expected = base + relativedelta(years=term.years * k, months=term.months * k,
                                        days=(term.weeks * 7 + term.days) * k) - ONE
        assert term_.end == expected


@given(year=st.integers(1990, 2080), month=st.sampled_from([1, 3, 5, 7, 8, 10, 12]))
def test_a_hundred_monthly_renewals_after_a_31st_stay_on_month_ends(year: int, month: int) -> None:
    end = date(year, month, 31)
    spec = renewing(end - timedelta(days=364), end, Period.parse("P1M"))
    tl = contract_timeline("c", spec, end, Period.parse("P9Y"))
    assert len(tl.terms) > 100
    for term in tl.terms[1:101]:
        assert (term.end + ONE).day == 1            # the last day of its month
        assert term.start.day == 1
    hundredth = tl.terms[100].end
    assert hundredth == end + ONE + relativedelta(months=100) - ONE


@settings(max_examples=80)
@given(start=days, length=st.integers(0, 800), term=any_period, notice=any_period,
       max_terms=st.one_of(st.none(), st.integers(1, 40)), today_offset=st.integers(-2000, 4000))
def test_terms_tile_without_gaps_or_overlaps(start: date, length: int, term: Period,
                                             notice: Period, max_terms: int | None,
                                             today_offset: int) -> None:
    end = start + timedelta(days=length)
    spec = renewing(start, end, term, notice, max_terms)
    tl = contract_timeline("c", spec, start + timedelta(days=today_offset), Period.parse("P3Y"))
    assert (tl.terms[0].start, tl.terms[0].end) == (start, end)
    for before, after in zip(tl.terms, tl.terms[1:], strict=False):
        assert after.index == before.index + 1
        assert after.start == before.end + ONE
        assert after.start <= after.end
    if max_terms is not None:
        assert len(tl.terms) <= max_terms + 1
    keys = [(e.date, e.kind, e.index) for e in tl.events]
    assert len({e.id for e in tl.events}) == len(tl.events)
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


@settings(max_examples=80)
@given(end=days, term=any_period, notice=any_period,
       closed=st.frozensets(st.integers(0, 6), max_size=6))
def test_deadlines_are_monotonic_in_k(end: date, term: Period, notice: Period,
                                      closed: frozenset[int]) -> None:
    """Later terms never have earlier deadlines, with or without a window moving them."""
    def is_open_day(day: date) -> bool:
        return day.weekday() not in closed

    spec = renewing(end - timedelta(days=100), end, term, notice)
    for check in (None, is_open_day):
        tl = contract_timeline("c", spec, end, Period.parse("P4Y"), check)
        deadlines = [t.notice_deadline for t in tl.terms if t.notice_deadline is not None]
        assert deadlines == sorted(deadlines)
        for t in tl.terms:
            if t.notice_deadline is not None:
                assert t.notice_deadline <= t.nominal_deadline
                assert check is None or check(t.notice_deadline)


decision = st.fixed_dictionaries({
    "termEnd": st.dates().map(date.isoformat), "action": st.sampled_from(["renew", "terminate"]),
    "by": st.just("a"), "on": st.dates().map(date.isoformat)})


@settings(max_examples=60, deadline=None)
@given(start=st.dates(), end=st.one_of(st.none(), st.dates()), today=st.dates(),
       term=any_period, notice=st.one_of(st.none(), any_period),
       review=st.one_of(st.none(), any_period), horizon=any_period,
       mode=st.sampled_from(["none", "automatic", "option"]),
       decisions=st.lists(decision, max_size=3), closed_all=st.booleans())
def test_any_contract_from_year_1_to_9999_gets_a_timeline(
        start, end, today, term, notice, review, horizon, mode, decisions, closed_all) -> None:
    """Odd data (end before start, dates at the calendar's edges) never raises."""
    spec: dict[str, object] = {"type": "customer", "counterparty": "X", "owner": "a",
                               "start": start.isoformat(), "decisions": decisions,
                               "renewal": {"mode": mode, "term": term.text}}
    for key, value in (("end", end), ("notice", notice), ("review", review)):
        if value is not None:
            spec[key] = value.isoformat() if isinstance(value, date) else value.text
    tl = contract_timeline("c", ContractSpec.model_validate(spec), today, horizon,
                           (lambda d: False) if closed_all else None)
    assert tl.terms[0].start == start
    assert all(e.date <= tl.horizon_end for e in tl.events)
    assert [e.id for e in tl.events if e.kind == "start"] in ([], ["c/start/0"])
