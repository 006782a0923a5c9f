"""What needs action soon: the events of every contract between today and today + ``within``.

Shared by ``slmspec deadlines`` (table and JSON).  A notice deadline with a
decision recorded needs no action and is left out; so are draft contracts
(not signed, nothing to act on) and start events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .durations import Period
from .i18n import t
from .timeline import EVENT_KINDS, Event, Term, Timeline, add_period, contract_timeline
from .timeline import is_open_day_for as _is_open_day_for

if TYPE_CHECKING:
    from .compiler import Compilation

ACTION_KINDS = ("noticeDeadline", "renewal", "end", "review")


@dataclass(frozen=True)
class Due:
    """One event that needs attention, with the contract it belongs to."""

    event: Event
    contract: Any                    # the contract's Resource
    term: Term | None
    days_left: int
    details: str

    @property
    def label(self) -> str:
        return t("en", f"common.event.{self.event.kind}")

    def as_dict(self) -> dict[str, object]:
        spec = self.contract.spec
        return {
            "contract": self.event.contract,
            "displayName": self.contract.model.metadata.displayName,
            "type": spec.type,
            "owner": spec.owner,
            "counterparty": spec.counterparty,
            "event": self.label,
            "kind": self.event.kind,
            "index": self.event.index,
            "id": self.event.id,
            "date": self.event.date.isoformat(),
            "daysLeft": self.days_left,
            "termEnd": self.term.end.isoformat() if self.term and self.term.end else None,
            "details": self.details,
            "source": self.contract.path,
        }


def upcoming(compilation: Compilation, within: Period, *, contract_type: str | None = None,
             owner: str | None = None) -> list[Due]:
    """Events from today to today + ``within`` inclusive, soonest first."""
    today = compilation.today
    until = add_period(today, within) or date.max
    found: list[Due] = []
    for name in sorted(compilation.project.contracts):
        res = compilation.project.contracts[name]
        spec = res.spec
        if spec.status == "draft" or (contract_type and spec.type != contract_type):
            continue
        if owner and spec.owner != owner:
            continue
        timeline = _covering(compilation, name, until, within)
        if timeline is None:
            continue
        for event in timeline.events:
            if event.kind not in ACTION_KINDS or not today <= event.date <= until:
                continue
            if event.kind == "noticeDeadline" and event.decided:
                continue
            term = _term(timeline, event)
            found.append(Due(event, res, term, (event.date - today).days,
                             _details(spec, event, term)))
    found.sort(key=lambda d: (d.event.date, EVENT_KINDS.index(d.event.kind),
                              d.event.contract, d.event.index))
    return found


def _covering(compilation: Compilation, name: str, until: date, within: Period) -> Timeline | None:
    """The compiled timeline, or one expanded further when ``within`` reaches past the horizon."""
    timeline = compilation.timelines.get(name)
    if timeline is None or timeline.horizon_end is None or timeline.horizon_end >= until:
        return timeline
    spec = compilation.project.contracts[name].spec
    return contract_timeline(name, spec, compilation.today, within,
                             _is_open_day_for(compilation, spec.noticeWindow))


def _term(timeline: Timeline, event: Event) -> Term | None:
    if event.kind == "review":
        return None
    return next((term for term in timeline.terms if term.index == event.index), None)


def _details(spec: Any, event: Event, term: Term | None) -> str:
    """A short English note on what the event means."""
    if event.kind == "noticeDeadline" and term is not None:
        what = ("last day to exercise the option" if spec.renewal.mode == "option"
                else "last day to give notice")
        text = f"{what}; term {term.index} ends {term.end}"
        if term.nominal_deadline and term.nominal_deadline != term.notice_deadline:
            text += f" (moved from {term.nominal_deadline}: {spec.noticeWindow} is closed)"
        return text
    if event.kind == "renewal" and term is not None:
        return f"term {term.index} starts, runs to {term.end}"
    if event.kind == "end":
        terminated = term is not None and term.decision is not None \
            and term.decision.action == "terminate"
        return "contract ends (terminated)" if terminated else "contract ends"
    if event.kind == "review":
        return f"review {event.index}"
    return ""
