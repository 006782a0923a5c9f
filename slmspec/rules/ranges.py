"""Rules: dates and periods within the range deadlines can be computed in (SLM312)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def _contract_dates(spec) -> Iterator[tuple[tuple[str | int, ...], date]]:
    yield ("spec", "start"), spec.start
    if spec.end is not None:
        yield ("spec", "end"), spec.end
    for i, decision in enumerate(spec.decisions):
        yield ("spec", "decisions", i, "termEnd"), decision.termEnd
        yield ("spec", "decisions", i, "on"), decision.on


@rule("SLM312", "date-out-of-range")
def date_out_of_range(c: Compilation) -> Iterator[Diagnostic]:
    """A contract date lies outside 1900-01-01 … 2999-12-31.

    Why: such a date is a typo (``0202-01-01`` for ``2022-01-01``); terms and
    notice deadlines computed from it would fall off the calendar.

    Fail:
        start: 0202-01-01
    Pass:
        start: 2022-01-01
    """
    for res in c.project.contracts.values():
        for keys, day in _contract_dates(res.spec):
            if not EARLIEST <= day <= LATEST:
                yield date_out_of_range.at(
                    res.at(*keys), f"{keys[-1]}: {day} is outside {EARLIEST} … {LATEST}")


RULES: tuple[Rule, ...] = (date_out_of_range,)
