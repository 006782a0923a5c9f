"""The words of a deadline event: its SUMMARY and DESCRIPTION, in the settings' locale.

Every text comes from the ``feeds`` message catalog (``locales/<locale>/feeds.json``),
so a translator adds a language without touching code.  Shared by the feeds
and the .ics attached to reminder mails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .durations import Period
from .i18n import t
from .safe_text import line_text

if TYPE_CHECKING:
    from .compiler import Compilation
    from .timeline import Event, Term


def _locale(compilation: Compilation) -> str:
    settings = compilation.settings
    return settings.locale if settings is not None else "en"


def _contract(compilation: Compilation, event: Event) -> tuple[str, Any]:
    resource = compilation.project.contracts.get(event.contract)
    if resource is None:
        return event.contract, None
    return resource.model.metadata.displayName, resource.spec


def _mode(spec: Any) -> str:
    return "option" if spec is not None and spec.renewal.mode == "option" else "automatic"


def summarise(compilation: Compilation, event: Event) -> str:
    """What to do, and for which contract: "Last day to give notice: Printer leasing Ricoh"."""
    locale = _locale(compilation)
    name, spec = _contract(compilation, event)
    key = f"feeds.summary.{event.kind}"
    if event.kind == "noticeDeadline":
        key += f".{_mode(spec)}"
    summary = t(locale, key, name=name, index=event.index)
    decision = _decision(compilation, event)
    if event.kind == "noticeDeadline" and decision is not None:
        action = t(locale, f"common.action.{decision.action}")
        summary = t(locale, "feeds.summary.decided", summary=summary, action=action)
    return summary


def _decision(compilation: Compilation, event: Event) -> Any:
    term = term_of(compilation, event)
    return term.decision if term is not None else None


def period_words(locale: str, period: Period) -> str:
    """``P3M`` → "3 months" / "3 månader"."""
    parts = []
    for unit in ("years", "months", "weeks", "days"):
        n = getattr(period, unit)
        if n:
            parts.append(t(locale, f"feeds.period.{unit}.{'one' if n == 1 else 'other'}", n=n))
    return ", ".join(parts) or period.text


def describe(compilation: Compilation, event: Event) -> str:
    """The DESCRIPTION: what to do, then the facts a reader needs to act, one per line.

    Each fact is flattened to one line, so a line break in a name or note
    cannot make a fact look like another.
    """
    locale = _locale(compilation)
    _, spec = _contract(compilation, event)
    term = term_of(compilation, event)
    decision = term.decision if term is not None else None
    lines: list[str] = []
    if event.kind == "noticeDeadline":
        lines.append(t(locale, "feeds.todo.decided") if decision is not None
                     else t(locale, f"feeds.todo.noticeDeadline.{_mode(spec)}"))
    if spec is not None:
        if spec.status == "draft":
            lines.append(t(locale, "feeds.line.draft"))
        lines.append(t(locale, "feeds.line.type", value=t(locale, f"common.type.{spec.type}")))
        lines.append(t(locale, "feeds.line.counterparty", value=spec.counterparty))
        lines.extend(_owner(compilation, locale, spec.owner))
    if term is not None:
        lines.append(_term_line(locale, term))
    if spec is not None and spec.notice is not None:
        lines.append(t(locale, "feeds.line.notice", period=period_words(locale, spec.notice)))
        if event.kind == "noticeDeadline" and term is not None and term.end is not None:
            days = (term.end - event.date).days
            lines.append(t(locale, "feeds.line.noticeDays", days=days, end=term.end.isoformat()))
    if decision is not None and event.kind in ("noticeDeadline", "end"):
        lines.extend(_decision_lines(compilation, locale, decision))
    url = source_url(compilation, event.contract)
    if url:
        lines.append(t(locale, "feeds.line.source", url=url))
    return "\n".join(line_text(line) for line in lines)  # YAML text never adds a line


def _owner(compilation: Compilation, locale: str, key: str) -> list[str]:
    settings = compilation.settings
    person = settings.people.get(key) if settings is not None else None
    if person is None:
        return []
    return [t(locale, "feeds.line.owner", name=person.name, email=person.email)]


def _term_line(locale: str, term: Any) -> str:
    if term.end is None:
        return t(locale, "feeds.line.termOpen", index=term.index, start=term.start.isoformat())
    key = "feeds.line.term" if term.index == 0 else "feeds.line.renewalTerm"
    return t(locale, key, index=term.index, start=term.start.isoformat(), end=term.end.isoformat())


def _decision_lines(compilation: Compilation, locale: str, decision: Any) -> list[str]:
    settings = compilation.settings
    person = settings.people.get(decision.by) if settings is not None else None
    lines = [t(locale, "feeds.line.decision", action=t(locale, f"common.action.{decision.action}"),
               by=person.name if person is not None else decision.by,
               on=decision.on.isoformat())]
    if decision.note:
        lines.append(t(locale, "feeds.line.decisionNote", note=decision.note))
    return lines


def term_of(compilation: Compilation, event: Event) -> Term | None:
    """The term an event belongs to (the one that ends, begins, or holds the date)."""
    timeline = compilation.timelines.get(event.contract)
    if timeline is None:
        return None
    if event.kind == "review":
        for term in timeline.terms:
            if term.start <= event.date and (term.end is None or event.date <= term.end):
                return term
        return None
    return next((term for term in timeline.terms if term.index == event.index), None)


def source_url(compilation: Compilation, contract: str) -> str | None:
    """``<repoUrl>/blob/HEAD/<path>`` of the contract's file, when repoUrl is set."""
    settings = compilation.settings
    resource = compilation.project.contracts.get(contract)
    if settings is None or not settings.repoUrl or resource is None:
        return None
    return f"{settings.repoUrl.strip().rstrip('/')}/blob/HEAD/{resource.path}"
