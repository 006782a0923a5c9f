"""The reminder schedule: which mail goes to whom on which day, derived from the timelines.

A reminder's id is ``<event id>/<offset>`` (``sup-ricoh-print/noticeDeadline/1/P30D``)
or ``<event id>/escalate``; it stays the same when the event's date moves, and
only the send date follows.  Rules:

* Events of kind noticeDeadline, renewal, end and review are reminded, once per
  offset (the contract's override, else the settings' default), on
  event date − offset.
* A notice deadline with a recorded renew/terminate decision has no reminders
  left, its escalation included.
* Escalation: when ``escalate`` is set, an undecided notice deadline gets one
  more reminder on deadline − escalate, to the module owner, on top of the
  regular reminders to the usual recipients.
* Draft (preliminary) contracts get no reminders: nothing is binding yet.
* The schedule holds the reminders of every event from ``today`` on; one whose
  send date has passed stays listed, because ``remind`` still sends it while
  its event lies ahead (catch-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .audience import (
    REMINDED_KINDS,
    Recipient,
    escalation_offset,
    reminder_offsets,
    resolve_recipients,
)
from .mail.context import locale_of, subject_context
from .mail.templates import environment, render_subject

if TYPE_CHECKING:
    import jinja2

    from .compiler import Compilation
    from .timeline import Event

ESCALATE = "escalate"


@dataclass(frozen=True)
class Reminder:
    """One scheduled mail about one event, to every recipient in ``recipients``."""

    id: str
    send_date: date
    event: Event
    display_name: str
    recipients: tuple[Recipient, ...]
    subject: str
    escalation: bool = False

    @property
    def contract(self) -> str:
        return self.event.contract

    @property
    def offset(self) -> str:
        """``P30D``, or ``escalate`` for an escalation."""
        return self.id.rsplit("/", 1)[1]

    def sort_key(self) -> tuple[date, str]:
        return (self.send_date, self.id)


def schedule(compilation: Compilation, env: jinja2.Environment | None = None) -> list[Reminder]:
    """Every reminder of every event on or after ``compilation.today``, by (send date, id).

    Raises :class:`slmspec.mail.templates.TemplateProblem` when the project's
    subject template does not render; ``validate`` reports that beforehand.
    """
    settings = compilation.settings
    if settings is None:
        return []
    env = env or environment(compilation.project.root)
    found: list[Reminder] = []
    for name in sorted(compilation.timelines):
        resource = compilation.project.contracts.get(name)
        if resource is None or resource.spec.status == "draft":
            continue
        for event in compilation.timelines[name].events:
            if event.kind in REMINDED_KINDS and not event.decided \
                    and event.date >= compilation.today:
                found.extend(_event_reminders(compilation, env, resource, event))
    return sorted(found, key=Reminder.sort_key)


def _event_reminders(compilation: Compilation, env: jinja2.Environment, resource,
                     event: Event) -> list[Reminder]:
    settings = compilation.settings
    spec = resource.spec
    recipients = resolve_recipients(settings, spec)
    escalate = escalation_offset(settings, spec) if event.kind == "noticeDeadline" else None
    display_name = resource.model.metadata.displayName
    locale = locale_of(compilation)
    found = []
    if recipients:
        subject = render_subject(env, locale, subject_context(compilation, event, False))
        for offset in reminder_offsets(settings, spec, event.kind):
            found.append(Reminder(f"{event.id}/{offset.text}", offset.before(event.date), event,
                                  display_name, recipients, subject))
    if escalate is not None:
        module_owner = resolve_recipients(settings, spec, ["moduleOwner"])
        if module_owner:
            subject = render_subject(env, locale, subject_context(compilation, event, True))
            found.append(Reminder(f"{event.id}/{ESCALATE}", escalate.before(event.date), event,
                                  display_name, module_owner, subject, escalation=True))
    return found
