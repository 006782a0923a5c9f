"""What the mail templates see: plain values about the event, the contract and the reader.

The subject gets only what is fixed for a reminder (so ``reminders.json`` and
the mail agree); the body adds the reader, today and the days left.  Dates are
``date`` objects (they print as YYYY-MM-DD), people are small dicts, and the
contract's typed spec is there as ``contract.spec`` for templates that want
more.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..deadline_text import period_words, source_url, summarise, term_of
from ..i18n import t

if TYPE_CHECKING:
    from ..audience import Recipient
    from ..compiler import Compilation
    from ..reminders import Reminder
    from ..timeline import Event


def locale_of(compilation: Compilation) -> str:
    settings = compilation.settings
    return settings.locale if settings is not None else "en"


def organisation_name(compilation: Compilation) -> str:
    resource = compilation.project.settings
    return resource.model.metadata.displayName if resource is not None else "slmspec"


def person(compilation: Compilation, key: str | None) -> dict[str, Any] | None:
    settings = compilation.settings
    found = settings.people.get(key) if settings is not None and key else None
    if found is None:
        return None
    return {"key": key, "name": found.name, "email": found.email}


def subject_context(compilation: Compilation, event: Event, escalation: bool) -> dict[str, Any]:
    """Everything a subject may use; none of it depends on the day the mail is sent."""
    locale = locale_of(compilation)
    resource = compilation.project.contracts.get(event.contract)
    display_name = resource.model.metadata.displayName if resource is not None else event.contract
    return {
        "locale": locale,
        "organisation": organisation_name(compilation),
        "summary": summarise(compilation, event),
        "escalation": escalation,
        "event": {
            "id": event.id, "kind": event.kind, "index": event.index, "date": event.date,
            "kind_name": t(locale, f"common.event.{event.kind}"),
        },
        "contract": {"name": event.contract, "display_name": display_name},
    }


def body_context(compilation: Compilation, reminder: Reminder, recipient: Recipient,
                 today: date) -> dict[str, Any]:
    """The subject's context plus the reader, the days left and how to record a decision."""
    event = reminder.event
    locale = locale_of(compilation)
    context = subject_context(compilation, event, reminder.escalation)
    resource = compilation.project.contracts.get(event.contract)
    spec = resource.spec if resource is not None else None
    settings = compilation.settings
    term = term_of(compilation, event)
    by = recipient.key if recipient.key and person(compilation, recipient.key) else (
        spec.owner if spec is not None else None)
    context.update({
        "today": today,
        "days_left": (event.date - today).days,
        "subject": reminder.subject,
        "reminder": {"id": reminder.id, "send_date": reminder.send_date,
                     "escalation": reminder.escalation, "offset": reminder.offset},
        "recipient": {"email": recipient.email, "name": recipient.name, "key": recipient.key},
        "module_owner": person(compilation, settings.roles.moduleOwner if settings else None),
        "term": _term(term),
        "next_term": _next_term(compilation, event, term),
        "url": source_url(compilation, event.contract),
        "decision": _snippets(term.end if term is not None else None, by, today)
        if event.kind == "noticeDeadline" else None,
    })
    context["contract"].update(_contract(compilation, locale, resource))
    return context


def _contract(compilation: Compilation, locale: str, resource: Any) -> dict[str, Any]:
    if resource is None:
        return {"spec": None, "path": None, "owner": None, "type": None, "type_name": None,
                "counterparty": None, "renewal_mode": "none", "renewal_term": None,
                "notice": None}
    spec = resource.spec
    renewal_term = spec.renewal.term
    return {
        "spec": spec,
        "path": resource.path,
        "owner": person(compilation, spec.owner),
        "type": spec.type,
        "type_name": t(locale, f"common.type.{spec.type}"),
        "counterparty": spec.counterparty,
        "status": spec.status,
        "renewal_mode": spec.renewal.mode,
        "renewal_term": period_words(locale, renewal_term) if renewal_term else None,
        "notice": period_words(locale, spec.notice) if spec.notice else None,
    }


def _term(term: Any) -> dict[str, Any] | None:
    if term is None:
        return None
    return {"index": term.index, "start": term.start, "end": term.end}


def _next_term(compilation: Compilation, event: Event, term: Any) -> dict[str, Any] | None:
    """The term that follows the one a notice deadline ends, when the timeline has it."""
    timeline = compilation.timelines.get(event.contract)
    if timeline is None or term is None or event.kind != "noticeDeadline":
        return None
    following = next((t_ for t_ in timeline.terms if t_.index == term.index + 1), None)
    return _term(following)


def decision_line(term_end: date, action: str, by: str, on: date) -> str:
    """The YAML list item that records a decision under ``spec.decisions``."""
    return (f"- {{termEnd: {term_end.isoformat()}, action: {action}, by: {by}, "
            f"on: {on.isoformat()}}}")


def _snippets(term_end: date | None, by: str | None, today: date) -> dict[str, str] | None:
    if term_end is None or by is None:
        return None
    return {action: decision_line(term_end, action, by, today) for action in ("renew", "terminate")}
