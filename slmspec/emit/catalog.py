"""``catalog.json``: the compiled model with every derived date, for other tools.

Everything is sorted by name and every mapping has a fixed key order, so the
same sources, ``--today`` and ``SOURCE_DATE_EPOCH`` give the same bytes.
Dates are ISO 8601 strings, durations the ISO 8601 text written in the
source, amounts JSON numbers.  An SLA target's ``window`` is the window that
applies to it (its own override, else the SLA's).  ``nextNoticeDeadline`` is
the first notice deadline on or after today without a decision.
``schemaVersion`` changes only when a field is removed or changes meaning;
new fields may appear at any time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..timeline import Term, Timeline

if TYPE_CHECKING:
    from ..build import BuildContext
    from ..compiler import Compilation

SCHEMA_VERSION = 1
FILE = "catalog.json"


def write(context: BuildContext) -> None:
    context.write_json(FILE, catalog(context.compilation, context.stamp.strftime(
        "%Y-%m-%dT%H:%M:%SZ")))


def catalog(compilation: Compilation, generated_at: str) -> dict[str, Any]:
    project = compilation.project
    return {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": generated_at,
        "today": compilation.today.isoformat(),
        "settings": _settings(compilation),
        "contracts": [_contract(compilation, project.contracts[n])
                      for n in sorted(project.contracts)],
        "slas": [_sla(compilation, project.slas[n]) for n in sorted(project.slas)],
        "windows": [_window(compilation, project.windows[n]) for n in sorted(project.windows)],
        "matrices": [_matrix(project.matrices[n]) for n in sorted(project.matrices)],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _text(value: Any) -> str | None:
    return value.text if value is not None else None


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _header(res: Any) -> dict[str, Any]:
    meta = res.model.metadata
    return {"name": meta.name, "displayName": meta.displayName,
            "description": meta.description, "labels": dict(sorted(meta.labels.items()))}


def _settings(compilation: Compilation) -> dict[str, Any] | None:
    res = compilation.project.settings
    if res is None:
        return None
    spec = res.spec
    return {"name": res.name, "displayName": res.model.metadata.displayName,
            "timezone": spec.timezone, "locale": spec.locale, "horizon": spec.horizon.text,
            "repoUrl": spec.repoUrl}


def _contract(compilation: Compilation, res: Any) -> dict[str, Any]:
    spec = res.spec
    timeline: Timeline | None = compilation.timelines.get(res.name)
    next_deadline = timeline.next_open_deadline(compilation.today) if timeline else None
    return {
        **_header(res),
        "type": spec.type,
        "counterparty": spec.counterparty,
        "owner": spec.owner,
        "status": spec.status,
        "phase": timeline.phase if timeline else None,
        "start": _iso(spec.start),
        "end": _iso(spec.end),
        "notice": _text(spec.notice),
        "noticeWindow": spec.noticeWindow,
        "renewal": {"mode": spec.renewal.mode, "term": _text(spec.renewal.term),
                    "max": spec.renewal.max},
        "review": _text(spec.review),
        "effectiveEnd": _iso(timeline.effective_end) if timeline else None,
        "nextNoticeDeadline": _iso(next_deadline.date) if next_deadline else None,
        "terms": [_term(term) for term in timeline.terms] if timeline else [],
        "events": [{"id": e.id, "kind": e.kind, "index": e.index, "date": e.date.isoformat(),
                    "decided": e.decided} for e in timeline.events] if timeline else [],
        "decisions": [_decision(d) for d in spec.decisions],
        "value": ({"amount": _number(spec.value.amount), "currency": spec.value.currency,
                   "per": spec.value.per} if spec.value else None),
        "slas": list(spec.slas or []),
        "services": list(spec.services or []),
        "covers": [{"asset": c.asset, "type": c.type} for c in spec.covers or []],
        "fields": dict(sorted(spec.fields.items())),
        "documents": list(spec.documents or []),
        "source": res.path,
    }


def _term(term: Term) -> dict[str, Any]:
    return {
        "index": term.index,
        "start": _iso(term.start),
        "end": _iso(term.end),
        "noticeDeadline": _iso(term.notice_deadline),
        "nominalNoticeDeadline": _iso(term.nominal_deadline),
        "decision": _decision(term.decision) if term.decision else None,
    }


def _decision(decision: Any) -> dict[str, Any]:
    return {"termEnd": _iso(decision.termEnd), "action": decision.action, "by": decision.by,
            "on": _iso(decision.on), "late": decision.late, "note": decision.note}


def _window_ref(compilation: Compilation, name: str | None) -> dict[str, Any] | None:
    if name is None:
        return None
    res = compilation.project.windows.get(name)
    return {"name": name,
            "displayName": res.model.metadata.displayName if res else None,
            "timezone": _window_zone(compilation, res) if res else None}


def _window_zone(compilation: Compilation, res: Any) -> str:
    return res.spec.timezone or compilation.timezone


def _sla(compilation: Compilation, res: Any) -> dict[str, Any]:
    spec = res.spec
    matrix = compilation.project.matrices.get(spec.matrix)
    order = list(matrix.spec.priorities) if matrix else []
    priorities = [p for p in order if p in spec.targets] + sorted(
        p for p in spec.targets if p not in order)
    return {
        **_header(res),
        "services": list(spec.services),
        "window": _window_ref(compilation, spec.window),
        "matrix": ({"name": spec.matrix, **_matrix_body(matrix)} if matrix
                   else {"name": spec.matrix}),
        "targets": {p: {"response": spec.targets[p].response.text,
                        "resolution": spec.targets[p].resolution.text,
                        "window": _window_ref(compilation, spec.targets[p].window or spec.window)}
                    for p in priorities},
        "objective": spec.objective,
        "pauseOn": list(spec.pauseOn),
        "covers": {"assetTypes": list(spec.covers.assetTypes)} if spec.covers else None,
        "source": res.path,
    }


def _window(compilation: Compilation, res: Any) -> dict[str, Any]:
    spec = res.spec
    hours = spec.hours if spec.hours == "always" else {
        day: list(spec.hours[day]) for day in
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if day in spec.hours}
    holidays = spec.holidays
    return {
        **_header(res),
        "timezone": _window_zone(compilation, res),
        "hours": hours,
        "holidays": ({"country": holidays.country, "subdivision": holidays.subdivision,
                      "categories": list(holidays.categories),
                      "extra": sorted(_iso(d) for d in holidays.extra)} if holidays else None),
        "exceptions": {_iso(d): list(spec.exceptions[d]) for d in sorted(spec.exceptions)},
        "source": res.path,
    }


def _matrix_body(res: Any) -> dict[str, Any]:
    spec = res.spec
    return {"displayName": res.model.metadata.displayName, "impact": list(spec.impact),
            "urgency": list(spec.urgency), "priorities": list(spec.priorities),
            "grid": {row: list(spec.grid[row]) for row in
                     [*spec.impact, *sorted(r for r in spec.grid if r not in spec.impact)]
                     if row in spec.grid}}


def _matrix(res: Any) -> dict[str, Any]:
    return {**_header(res), **_matrix_body(res), "source": res.path}
