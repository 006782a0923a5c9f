"""Rules: service windows (SLM401-SLM409): intervals, open time, holidays."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity, did_you_mean
from ..holiday_source import entity_categories, entity_subdivisions, lookup_entity
from ..holiday_source import supported_countries as known_countries
from ..windows import IntervalError, parse_interval
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

Keys = tuple[str | int, ...]


def _interval_lists(res: Any) -> Iterator[tuple[Keys, str, list[str]]]:
    """Every list of intervals of a window: (keys to the list, day shown to users, texts)."""
    hours = res.spec.hours
    if isinstance(hours, dict):
        for day, texts in hours.items():
            yield ("spec", "hours", day), day, texts
    for day, texts in res.spec.exceptions.items():
        yield ("spec", "exceptions", day.isoformat()), day.isoformat(), texts


def _parse_errors(c: Compilation) -> Iterator[tuple[Any, Keys, IntervalError]]:
    """Each interval that cannot be read: its window, the keys to it and the error."""
    for res in c.project.windows.values():
        for keys, _day, texts in _interval_lists(res):
            for i, text in enumerate(texts):
                try:
                    parse_interval(text)
                except IntervalError as err:
                    yield res, (*keys, i), err


@rule("SLM401", "interval-format")
def interval_format(c: Compilation) -> Iterator[Diagnostic]:
    """An opening interval is not written HH:MM-HH:MM with real times of day.

    Why: "8-17" or "08.00-17.00" could mean several things; 25:00 does not
    exist.  Times run from 00:00 to 23:59, and 24:00 may end an interval.

    Fail:
        hours:
          mon: ["8-17", "18:00-25:00"]
    Pass:
        hours:
          mon: ["08:00-17:00", "18:00-24:00"]
    """
    for res, keys, error in _parse_errors(c):
        if not error.reversed:
            yield interval_format.at(res.at(*keys), str(error), hint=error.hint)


@rule("SLM402", "interval-reversed")
def interval_reversed(c: Compilation) -> Iterator[Diagnostic]:
    """An opening interval ends at or before its start.

    Why: an interval cannot run backwards or be empty; opening hours past
    midnight are written as two intervals on two days (22:00-24:00, 00:00-02:00).

    Fail:
        hours:
          fri: ["22:00-02:00"]
    Pass:
        hours:
          fri: ["22:00-24:00"]
          sat: ["00:00-02:00"]
    """
    for res, keys, error in _parse_errors(c):
        if error.reversed:
            yield interval_reversed.at(res.at(*keys), str(error), hint=error.hint)


@rule("SLM403", "interval-overlap")
def interval_overlap(c: Compilation) -> Iterator[Diagnostic]:
    """Two opening intervals of the same day overlap.

    Why: overlapping intervals are usually a typing mistake (13:00 for 12:00),
    and they would count the same time twice.  Intervals may touch.

    Fail:
        hours:
          fri: ["08:00-12:30", "12:00-16:00"]
    Pass:
        hours:
          fri: ["08:00-12:00", "13:00-16:00"]
    """
    for res in c.project.windows.values():
        for keys, day, texts in _interval_lists(res):
            seen: list[tuple[Any, str]] = []
            for i, text in enumerate(texts):
                try:
                    interval = parse_interval(text)
                except IntervalError:
                    continue
                other = next((t for iv, t in seen
                              if interval.start < iv.end and iv.start < interval.end), None)
                if other is not None:
                    yield interval_overlap.at(
                        res.at(*keys, i), f"'{text}' overlaps '{other}' on {day}",
                        hint="merge them into one interval or let one end where the other starts")
                seen.append((interval, text))


@rule("SLM404", "window-never-open")
def window_never_open(c: Compilation) -> Iterator[Diagnostic]:
    """A window has no opening hours on any weekday.

    Why: a window that is never open stops every SLA clock for good and moves
    every notice deadline as far back as it can.  Exceptions alone do not
    count: after the last one the window would never open again.

    Fail:
        hours: {mon: [], tue: []}
    Pass:
        hours: {mon: ["08:00-17:00"]}
        hours: always
    """
    for res in c.project.windows.values():
        hours = res.spec.hours
        if isinstance(hours, dict) and not any(hours.values()):
            yield window_never_open.at(
                res.at("spec", "hours"), f"window '{res.name}' is never open: no weekday has hours",
                hint='add hours for a weekday (mon: ["08:00-17:00"]) or write hours: always')


def _holidays(c: Compilation) -> Iterator[tuple[Any, Any, Any]]:
    """Windows with holidays, with the package's object for their country (None if unknown)."""
    for res in c.project.windows.values():
        source = res.spec.holidays
        if source is not None and res.spec.hours != "always":
            yield res, source, lookup_entity(source.country, None)


@rule("SLM405", "unknown-holiday-country")
def unknown_holiday_country(c: Compilation) -> Iterator[Diagnostic]:
    """``holidays.country`` is not a country the holidays package knows.

    Why: the closed days come from the ``holidays`` package by ISO 3166 code;
    an unknown code would leave the window open on every public holiday.

    Fail:
        holidays: {country: se}
    Pass:
        holidays: {country: SE}
    """
    for res, source, found in _holidays(c):
        if found is None:
            countries = known_countries()
            hint = (f"did you mean '{source.country.upper()}'?"
                    if source.country.upper() in countries
                    else did_you_mean(source.country, countries))
            yield unknown_holiday_country.at(
                res.at("spec", "holidays", "country"),
                f"no holidays are known for country '{source.country}': use an ISO 3166 "
                "code such as SE", hint=hint)


@rule("SLM406", "unknown-holiday-subdivision")
def unknown_holiday_subdivision(c: Compilation) -> Iterator[Diagnostic]:
    """``holidays.subdivision`` is not a subdivision of the country.

    Why: regional holidays differ (a German Land, a Swiss canton); an unknown
    code would silently give the national holidays only.

    Fail:
        holidays: {country: DE, subdivision: BAY}
    Pass:
        holidays: {country: DE, subdivision: BY}
    """
    for res, source, found in _holidays(c):
        if found is None or source.subdivision is None:
            continue
        if lookup_entity(source.country, source.subdivision) is None:
            known = entity_subdivisions(found)
            hint = (did_you_mean(source.subdivision, known) or "one of " + ", ".join(known)
                    if known else f"{source.country} has no subdivisions: remove the field")
            yield unknown_holiday_subdivision.at(
                res.at("spec", "holidays", "subdivision"),
                f"'{source.subdivision}' is not a subdivision of {source.country}", hint=hint)


@rule("SLM407", "unknown-holiday-category")
def unknown_holiday_category(c: Compilation) -> Iterator[Diagnostic]:
    """A holiday category is not one the country has.

    Why: categories (public, de_facto, bank, optional, ...) differ per
    country; an unknown one would be ignored and its days left open.

    Fail:
        holidays: {country: SE, categories: [public, defacto]}
    Pass:
        holidays: {country: SE, categories: [public, de_facto]}
    """
    for res, source, found in _holidays(c):
        if found is None:
            continue
        known = entity_categories(found)
        for i, category in enumerate(source.categories):
            if category not in known:
                yield unknown_holiday_category.at(
                    res.at("spec", "holidays", "categories", i),
                    f"{source.country} has no holiday category '{category}' "
                    f"(it has {', '.join(sorted(known))})", hint=did_you_mean(category, known))


@rule("SLM408", "ignored-with-always", Severity.WARNING)
def ignored_with_always(c: Compilation) -> Iterator[Diagnostic]:
    """A window with ``hours: always`` also lists holidays or exceptions, which are ignored.

    Why: ``always`` means open around the clock on every day of the year;
    closed days belong to a window with weekday hours.

    Fail:
        hours: always
        holidays: {country: SE}
    Pass:
        hours: always
    """
    for res in c.project.windows.values():
        if res.spec.hours != "always":
            continue
        for field in ("holidays", "exceptions"):
            if getattr(res.spec, field):
                yield ignored_with_always.at(
                    res.at("spec", field, key=True),
                    f"{field} are ignored: window '{res.name}' is open always",
                    hint=f"remove {field}, or give weekday hours instead of always")


@rule("SLM409", "exception-on-extra-day", Severity.WARNING)
def exception_on_extra_day(c: Compilation) -> Iterator[Diagnostic]:
    """A date has exception hours but is also an ``extra`` closed day; the window stays closed.

    Why: an extra day is always closed, so the exception's hours never apply;
    one of the two entries is a mistake.

    Fail:
        holidays: {country: SE, extra: [2027-01-05]}
        exceptions: {2027-01-05: ["08:00-12:00"]}
    Pass:
        holidays: {country: SE, extra: [2027-01-05]}
    """
    for res in c.project.windows.values():
        source = res.spec.holidays
        if source is None or res.spec.hours == "always":
            continue
        for day in sorted(set(source.extra) & set(res.spec.exceptions)):
            yield exception_on_extra_day.at(
                res.at("spec", "exceptions", day.isoformat(), key=True),
                f"{day.isoformat()} is an extra closed day; these hours never apply",
                hint="remove the date from holidays.extra or from exceptions")


RULES: tuple[Rule, ...] = (
    interval_format, interval_reversed, interval_overlap, window_never_open,
    unknown_holiday_country, unknown_holiday_subdivision, unknown_holiday_category,
    ignored_with_always, exception_on_extra_day,
)
