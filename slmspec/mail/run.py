"""``remind``: which messages are due today, and sending them with the ledger as the record.

A message is one reminder to one recipient.  It is due when its send date has
come, its event has not passed, and the ledger has no entry for it (keyed by
reminder id, recipient and event date, so a reminder whose event moves to
another date is armed again).  A reminder missed because the job did not run
for some days is still due on the next run while its event lies ahead
(catch-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ..build import build_stamp
from .compose import MessageProblem, Sender, compose, message_id
from .ledger import Key, LedgerWriter, entry_key
from .smtp import ConnectionFailed, DeliveryFailed, Mailer
from .templates import TemplateProblem, environment

if TYPE_CHECKING:
    from ..audience import Recipient
    from ..compiler import Compilation
    from ..reminders import Reminder


@dataclass(frozen=True)
class Delivery:
    """One message: ``reminder`` to ``recipient``."""

    reminder: Reminder
    recipient: Recipient

    @property
    def key(self) -> Key:
        return entry_key(self.reminder.id, self.recipient.email, self.reminder.event.date)

    def sort_key(self) -> tuple[date, str, str]:
        return (self.reminder.send_date, self.reminder.id, self.recipient.email.lower())


def due(reminders: Iterable[Reminder], sent: set[Key], today: date) -> list[Delivery]:
    """The messages to send on ``today``: send date come, event not passed, not in the ledger."""
    found = [
        Delivery(reminder, recipient)
        for reminder in reminders
        if reminder.send_date <= today <= reminder.event.date
        for recipient in reminder.recipients
    ]
    return sorted((d for d in found if d.key not in sent), key=Delivery.sort_key)


@dataclass
class Outcome:
    sent: list[Delivery] = field(default_factory=list)
    failed: list[tuple[Delivery, str]] = field(default_factory=list)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def deliver(compilation: Compilation, deliveries: list[Delivery], mailer: Mailer,
            writer: LedgerWriter, sender: Sender, *,
            on_sent: Callable[[Delivery], None] = lambda d: None,
            on_failed: Callable[[Delivery, str], None] = lambda d, r: None,
            clock: Callable[[], datetime] = _utc_now) -> Outcome:
    """Send each message, recording each accepted one in the ledger before the next is sent.

    A failure is reported and the batch goes on; when no connection can be
    opened, the rest of the batch is reported as not sent (the next run retries).
    Raises :class:`slmspec.mail.ledger.LedgerUnusable` when an accepted message
    cannot be recorded: sending more would risk sending it twice.
    """
    from ..ics import event_calendar  # local: feeds machinery is only needed to send
    from ..sequence import read_history

    env = environment(compilation.project.root)
    history = read_history(compilation.project.root)
    stamp = build_stamp(compilation)
    calendars: dict[str, bytes] = {}
    outcome = Outcome()
    stopped: str | None = None

    def fail(delivery: Delivery, reason: str) -> None:
        outcome.failed.append((delivery, reason))
        on_failed(delivery, reason)

    for delivery in deliveries:
        if stopped is not None:
            fail(delivery, "not attempted: no connection to the SMTP server (see above)")
            continue
        event = delivery.reminder.event
        if event.id not in calendars:
            calendars[event.id] = event_calendar(compilation, event, stamp, history=history)
        now = clock()
        try:
            msg = compose(compilation, env, delivery.reminder, delivery.recipient,
                          compilation.today, sender, calendars[event.id], now)
            mailer.send(msg, sender.address, delivery.recipient.email)
        except (TemplateProblem, MessageProblem) as err:
            fail(delivery, f"cannot build the message: {err}")
            continue
        except ConnectionFailed as err:
            stopped = err.reason
            fail(delivery, err.reason)
            continue
        except DeliveryFailed as err:
            fail(delivery, err.reason)
            continue
        writer.append(ledger_entry(compilation, delivery, now))
        outcome.sent.append(delivery)
        on_sent(delivery)
    return outcome


def ledger_entry(compilation: Compilation, delivery: Delivery, now: datetime) -> dict[str, str]:
    reminder = delivery.reminder
    resource = compilation.project.settings
    return {
        "reminder": reminder.id,
        "recipient": delivery.recipient.email,
        "eventDate": reminder.event.date.isoformat(),
        "sendDate": reminder.send_date.isoformat(),
        "messageId": message_id(reminder.id, delivery.recipient.email, reminder.event.date,
                                resource.name if resource is not None else "slmspec"),
        "sentAt": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
