"""Holidays from the `holidays` package: the one place that talks to it.

Lookups are made once per year and language and never raise: an unknown
country gives no holidays, an unknown subdivision the national ones, unknown
categories are dropped (the window rules report each of them).  Half days
such as Sweden's "Day before Midsummer Eve (from 2pm)" close a window from
that time instead of all day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import holidays as holiday_data

_FROM = re.compile(r"\(from (\d{1,2})(?::(\d\d))?\s*([ap]m)\)", re.IGNORECASE)
_SUNDAY_FLAG = {"SE", "SWE"}  # some versions of `holidays` count every Sunday as a Swedish holiday


@dataclass
class HolidaySource:
    """Holidays of one country, looked up once per year; never raises for bad settings."""

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] = ("public",)
    entity: Any = field(init=False, default=None, repr=False)
    _years: dict[tuple[int, str | None], dict[date, list[str]]] = field(
        init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.entity = lookup_entity(self.country, None)
        if self.entity is None:
            return
        if self.subdivision is not None and lookup_entity(self.country, self.subdivision) is None:
            self.subdivision = None  # fall back to the national holidays; the rule reports it
        supported = set(entity_categories(self.entity))
        self.categories = tuple(c for c in self.categories if c in supported)

    @property
    def valid(self) -> bool:
        return self.entity is not None

    def language(self, locale: str | None) -> str | None:
        """The package's language for a slmspec locale (en, sv), English when unsupported."""
        languages = tuple(getattr(self.entity, "supported_languages", ()) or ())
        for wanted in (locale or "en", "en"):
            for language in languages:
                if language.split("_")[0] == wanted:
                    return language
        return None

    def names(self, day: date, language: str | None) -> list[str]:
        """The holidays on ``day`` (empty when none or when the country is unknown)."""
        if not self.valid or not self.categories:
            return []
        key = (day.year, language)
        if key not in self._years:
            self._years[key] = self._load(day.year, language)
        return self._years[key].get(day, [])

    def _load(self, year: int, language: str | None) -> dict[date, list[str]]:
        options: dict[str, Any] = {"subdiv": self.subdivision, "years": year,
                                   "categories": self.categories, "language": language}
        if self.country in _SUNDAY_FLAG:
            options["include_sundays"] = False
        try:
            try:
                found = holiday_data.country_holidays(self.country, **options)
            except TypeError:  # a version of the package without include_sundays
                options.pop("include_sundays", None)
                found = holiday_data.country_holidays(self.country, **options)
            return {day: sorted(found.get_list(day)) for day in found}
        except Exception:  # an odd country module must not break a build
            return {}


def lookup_entity(country: str, subdivision: str | None) -> Any:
    """The package's holiday object for a country (and subdivision), or None if unknown."""
    try:
        return holiday_data.country_holidays(country, subdiv=subdivision, years=())
    except Exception:
        return None


def closes_at(names: list[str]) -> int | None:
    """None when the names close the whole day, else the minute a half day closes."""
    times = []
    for name in names:
        match = _FROM.search(name)
        if not match:
            return None
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "pm" else 0)
        times.append(hour * 60 + int(match.group(2) or 0))
    return min(times) if times else None


def entity_categories(entity: Any) -> tuple[str, ...]:
    return tuple(getattr(entity, "supported_categories", ()) or ("public",))


def entity_subdivisions(entity: Any) -> tuple[str, ...]:
    aliases = getattr(entity, "subdivisions_aliases", None) or {}
    return tuple(getattr(entity, "subdivisions", ()) or ()) + tuple(aliases)


def supported_countries() -> list[str]:
    """ISO codes the package knows, for did-you-mean hints."""
    try:
        return sorted(holiday_data.list_supported_countries(include_aliases=False))
    except Exception:
        return []
