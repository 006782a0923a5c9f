"""iCalendar building blocks: the feed calendar, a contract deadline event, its alarms.

Everything here is deterministic: no random UIDs, no "now" — the build stamp
is passed in, UIDs come from event ids (SPEC §3.2), SEQUENCE from git
history (:mod:`slmspec.sequence`).  Text from YAML goes through
:func:`line_text` / :func:`body_text` and is always added as an escaped
``TEXT`` value, so a name holding CR/LF, ``;`` or ``,`` can never add a
property or a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Alarm, Calendar, vDuration, vText
from icalendar import Event as VEvent

from . import __version__
from .audience import reminder_offsets
from .deadline_text import describe, source_url, summarise
from .i18n import t
from .safe_text import body_text, line_text
from .sequence import History, read_history

__all__ = ["add_text", "alarm", "assemble", "body_text", "deadline_event", "event_calendar",
           "line_text", "new_calendar", "sort_key", "to_bytes"]

if TYPE_CHECKING:
    from .compiler import Compilation
    from .timeline import Event

PRODID = f"-//slmspec//slmspec {__version__}//EN"
DEFAULT_REFRESH = timedelta(hours=12)


def add_text(component: Any, name: str, value: object, *, multiline: bool = False) -> None:
    """Add a TEXT property, sanitised and escaped (icalendar does not escape X- names)."""
    component.add(name, vText(body_text(value) if multiline else line_text(value)))


def new_calendar(name: str, description: str | None, refresh: timedelta,
                 timezone: str | None = None) -> Calendar:
    """A VCALENDAR with the properties of SPEC §8 and no UID of its own.

    A UID on the calendar makes vdirsyncer treat the whole feed as one item,
    so only ``Calendar()`` is used, never ``Calendar.new()``.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    add_text(calendar, "name", name)
    add_text(calendar, "x-wr-calname", name)
    if description:
        add_text(calendar, "x-wr-caldesc", description)
    if timezone:
        add_text(calendar, "x-wr-timezone", timezone)
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def to_bytes(calendar: Calendar) -> bytes:
    """The calendar's bytes: CRLF line ends, lines folded at 75 octets (icalendar does both)."""
    return calendar.to_ical()


def assemble(calendar: Calendar, components: Iterable[bytes]) -> bytes:
    """``calendar`` with already serialised components appended, as ``to_ical`` would write it.

    A VEVENT appears in several feeds; serialising it once and splicing the
    bytes keeps builds fast without changing a byte of the output.
    """
    head = to_bytes(calendar)
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):
        raise ValueError("not a serialised VCALENDAR")
    return head[: -len(end)] + b"".join(components) + end


def sort_key(vevent: VEvent) -> tuple[str, str]:
    """Deterministic order of events in a feed: by start, then UID."""
    return _sort_key(vevent.get("dtstart").dt), str(vevent.get("uid"))


def refresh_interval(compilation: Compilation) -> timedelta:
    settings = compilation.settings
    return settings.feeds.refresh.timedelta if settings is not None else DEFAULT_REFRESH


def organisation(compilation: Compilation) -> tuple[str, str]:
    """(settings name for UIDs, display name for calendar names)."""
    resource = compilation.project.settings
    if resource is None:
        return "slmspec", "slmspec"
    return resource.name, line_text(resource.model.metadata.displayName)


def locale_of(compilation: Compilation) -> str:
    settings = compilation.settings
    return settings.locale if settings is not None else "en"


def event_sources(compilation: Compilation, contract: str) -> list[str]:
    """Files an event of ``contract`` is derived from (for its SEQUENCE)."""
    paths = ["slmspec.yaml"]
    resource = compilation.project.contracts.get(contract)
    if resource is not None:
        paths.append(resource.path)
        window = compilation.project.windows.get(resource.spec.noticeWindow or "")
        if window is not None:
            paths.append(window.path)
    return paths


def deadline_event(compilation: Compilation, event: Event, stamp: datetime,
                   history: History) -> VEvent:
    """The all-day VEVENT of one contract event, exactly as it appears in every feed."""
    locale = locale_of(compilation)
    settings_name, _ = organisation(compilation)
    resource = compilation.project.contracts.get(event.contract)
    spec = resource.spec if resource is not None else None
    summary = summarise(compilation, event)

    vevent = VEvent()
    vevent.add("uid", f"{event.id}@{settings_name}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.date)
    vevent.add("dtend", event.date + timedelta(days=1))
    vevent.add("sequence", history.sequence(event_sources(compilation, event.contract), stamp))
    add_text(vevent, "summary", summary)
    add_text(vevent, "description", describe(compilation, event), multiline=True)
    vevent.add("categories", [vText(line_text(c)) for c in _categories(locale, spec, event)])
    vevent.add("transp", "TRANSPARENT")
    vevent.add("status", "TENTATIVE" if spec is not None and spec.status == "draft"
               else "CONFIRMED")
    url = source_url(compilation, event.contract)
    if url:
        vevent.add("url", url)
    if spec is not None and compilation.settings is not None and not event.decided:
        for offset in reminder_offsets(compilation.settings, spec, event.kind):
            vevent.add_component(alarm(summary, offset.delta().days))
    return vevent


def alarm(summary: str, days_before: int) -> Alarm:
    """A DISPLAY alarm ``days_before`` days before the all-day start."""
    valarm = Alarm()
    valarm.add("action", "DISPLAY")
    add_text(valarm, "description", summary)
    valarm.add("trigger", -timedelta(days=days_before))
    return valarm


def _categories(locale: str, spec: Any, event: Event) -> list[str]:
    names = [t(locale, f"common.type.{spec.type}")] if spec is not None else []
    return [*names, t(locale, f"common.event.{event.kind}")]


def sorted_events(events: Iterable[VEvent]) -> list[VEvent]:
    """Deterministic order: by start, then UID."""
    return sorted(events, key=sort_key)


def _sort_key(value: date | datetime) -> str:
    """ISO text sorts dates and the local times of one zone alike (all-day first)."""
    return value.isoformat()


def event_calendar(compilation: Compilation, event: Event, stamp: datetime, *,
                   history: History | None = None) -> bytes:
    """A complete METHOD:PUBLISH calendar holding the one VEVENT of ``event``.

    Used for the .ics attached to a reminder mail; the VEVENT is byte for byte
    the one of the feeds, so importing it updates the subscribed entry.
    ``history`` saves the git calls when many events are rendered.
    """
    if history is None:
        history = read_history(compilation.project.root)
    _, org = organisation(compilation)
    vevent = deadline_event(compilation, event, stamp, history)
    name = t(locale_of(compilation), "feeds.calendar.event", org=org,
             summary=str(vevent.get("summary")))
    calendar = new_calendar(name, None, refresh_interval(compilation))
    calendar.add_component(vevent)
    return to_bytes(calendar)
