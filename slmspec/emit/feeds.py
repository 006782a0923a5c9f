"""The deadline feeds of SPEC §8: all, customer, supplier and one per person.

Every feed holds every event of the expanded timelines — past ones too, so a
subscribed calendar shows a contract's history, and nothing beyond today +
``horizon`` (the timelines stop there).  The same VEVENT appears in every feed
it belongs to, so a person subscribed to two feeds sees one UID twice, as
calendar clients expect.  Service-window feeds come from
:mod:`slmspec.emit.window_feeds`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..audience import people_concerned
from ..i18n import t
from ..ics import (
    assemble,
    deadline_event,
    locale_of,
    new_calendar,
    organisation,
    refresh_interval,
    sort_key,
)
from ..sequence import read_history
from . import window_feeds

if TYPE_CHECKING:
    from ..build import BuildContext


Rendered = tuple[tuple[str, str], bytes]  # (sort key, serialised VEVENT)


def write(context: BuildContext) -> None:
    """Write every deadline feed and every service-window feed."""
    compilation = context.compilation
    history = read_history(compilation.project.root)
    events: dict[str, list[Rendered]] = {}
    for name in sorted(compilation.timelines):
        rendered = []
        for event in compilation.timelines[name].events:
            vevent = deadline_event(compilation, event, context.stamp, history)
            rendered.append((sort_key(vevent), vevent.to_ical()))
        events[name] = rendered
    contracts = compilation.project.contracts
    _feed(context, "feeds/all.ics", "all", {}, events)
    for kind in ("customer", "supplier"):
        chosen = {n: e for n, e in events.items()
                  if n in contracts and contracts[n].spec.type == kind}
        _feed(context, f"feeds/{kind}.ics", kind, {}, chosen)
    settings = compilation.settings
    if settings is not None:
        for key in sorted(settings.people):
            mine = {n: e for n, e in events.items()
                    if n in contracts and key in people_concerned(settings, contracts[n].spec)}
            person = settings.people[key].name
            _feed(context, f"feeds/people/{key}.ics", "person", {"person": person}, mine)
    window_feeds.write(context, history)


def _feed(context: BuildContext, rel: str, kind: str, params: dict[str, str],
          events: dict[str, list[Rendered]]) -> None:
    compilation = context.compilation
    locale = locale_of(compilation)
    _, org = organisation(compilation)
    name = t(locale, f"feeds.calendar.{kind}", org=org, **params)
    description = t(locale, f"feeds.caldesc.{kind}", **params)
    calendar = new_calendar(name, description, refresh_interval(compilation))
    ordered = sorted(item for chosen in events.values() for item in chosen)
    context.write_bytes(rel, assemble(calendar, (data for _, data in ordered)))
