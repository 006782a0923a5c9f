"""Contract timelines: terms, notice deadlines, decisions, effective end, phase, events.

(Data types fixed; the computation is being implemented.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from .model import Decision

if TYPE_CHECKING:
    from .compiler import Compilation

EventKind = Literal["start", "noticeDeadline", "renewal", "end", "review"]
Phase = Literal["preliminary", "upcoming", "current", "past"]
EVENT_KINDS: tuple[EventKind, ...] = ("start", "noticeDeadline", "renewal", "end", "review")


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


def build_timelines(compilation: Compilation) -> dict[str, Timeline]:
    return {}
