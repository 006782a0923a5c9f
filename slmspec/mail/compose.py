"""Build one reminder message: headers that nothing from YAML can break, a text body, an .ics.

Every header value that comes from a project file passes through
:func:`header_text` (line breaks and control characters removed, length
capped); the email package then encodes non-ASCII text and folds long lines.
The Message-ID is derived from the reminder, the recipient and the event date,
so a message that is sent again after a crash carries the same id and mail
systems can recognise the duplicate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING

from ..safe_text import header_text
from .context import body_context, locale_of
from .templates import BODY, render

if TYPE_CHECKING:
    import jinja2

    from ..audience import Recipient
    from ..compiler import Compilation
    from ..reminders import Reminder

MAX_NAME = 64
_ADDRESS = re.compile(r"^[^@\s<>\"(),:;\[\]\\]+@[A-Za-z0-9.-]+$")


class MessageProblem(ValueError):
    """A message that cannot be built (an address the email package refuses)."""


def parse_mailbox(text: str) -> tuple[str, str] | None:
    """``"Avtal <avtal@x.se>"`` → (display name, address), or None when it is no address."""
    name, address = parseaddr(header_text(text))
    if not address or not _ADDRESS.match(address):
        return None
    return header_text(name, MAX_NAME), address


def mailbox(name: str | None, address: str) -> Address:
    """An Address header value; the display name sanitised and capped."""
    if not _ADDRESS.match(address):
        raise MessageProblem(f"'{header_text(address, 80)}' is not a deliverable address")
    local, _, domain = address.rpartition("@")
    try:
        return Address(display_name=header_text(name or "", MAX_NAME), username=local,
                       domain=domain)
    except (ValueError, IndexError) as err:
        raise MessageProblem(f"'{header_text(address, 80)}': {err}") from None


def message_id(reminder_id: str, recipient: str, event_date: date, settings_name: str) -> str:
    """``<32 hex digits@slmspec.<settings name>>``: the same for the same mail, always."""
    seed = f"{reminder_id}\n{recipient.lower()}\n{event_date.isoformat()}"
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@slmspec.{settings_name}>"


@dataclass(frozen=True)
class Sender:
    """The From (and Reply-To) of every reminder, parsed once from ``settings.mail``."""

    name: str
    address: str
    reply_to: tuple[str, str] | None = None


def sender_of(compilation: Compilation) -> Sender | None:
    """The sender from settings.mail, or None when there is no usable ``from``."""
    settings = compilation.settings
    mail = settings.mail if settings is not None else None
    parsed = parse_mailbox(mail.from_) if mail is not None else None
    if parsed is None:
        return None
    reply = parse_mailbox(mail.replyTo) if mail.replyTo else None
    return Sender(parsed[0], parsed[1], reply)


def compose(compilation: Compilation, env: jinja2.Environment, reminder: Reminder,
            recipient: Recipient, today: date, sender: Sender, ics: bytes | None,
            now: datetime) -> EmailMessage:
    """The complete message of ``reminder`` for ``recipient``, with the event as .ics."""
    locale = locale_of(compilation)
    body = render(env, locale, BODY, body_context(compilation, reminder, recipient, today))
    resource = compilation.project.settings
    settings_name = resource.name if resource is not None else "slmspec"

    msg = EmailMessage(policy=SMTP)
    msg["From"] = mailbox(sender.name, sender.address)
    msg["To"] = mailbox(recipient.name, recipient.email)
    if sender.reply_to is not None:
        msg["Reply-To"] = mailbox(*sender.reply_to)
    msg["Subject"] = header_text(reminder.subject, 200)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(reminder.id, recipient.email, reminder.event.date,
                                   settings_name)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Slmspec-Reminder"] = header_text(reminder.id, 200)
    msg.set_content(body, charset="utf-8")
    msg["Content-Language"] = locale  # after set_content, which clears Content-* headers
    if ics is not None:
        filename = reminder.event.id.replace("/", "-") + ".ics"
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename=filename,
                           params={"method": "PUBLISH", "charset": "utf-8", "name": filename})
    return msg
