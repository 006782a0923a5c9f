"""``reminders.json`` and ``reminders.csv``: the reminder schedule (SPEC §8).

Both list the same reminders in the same order, by send date and id.  The
CSV follows RFC 4180: a header row, fields quoted when they need it, CRLF line
ends, UTF-8 without a byte-order mark; its ``recipients`` column joins the
addresses with ``;``.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC
from typing import TYPE_CHECKING, Any

from ..reminders import Reminder, schedule

if TYPE_CHECKING:
    from ..build import BuildContext

SCHEMA_VERSION = 1
CSV_COLUMNS = ("id", "sendDate", "eventId", "kind", "eventDate", "contract", "recipients",
               "subject")


def row(reminder: Reminder) -> dict[str, Any]:
    """One reminder as it appears in reminders.json."""
    return {
        "id": reminder.id,
        "sendDate": reminder.send_date.isoformat(),
        "eventId": reminder.event.id,
        "kind": reminder.event.kind,
        "eventDate": reminder.event.date.isoformat(),
        "contract": reminder.contract,
        "displayName": reminder.display_name,
        "recipients": [r.email for r in reminder.recipients],
        "subject": reminder.subject,
        "escalation": reminder.escalation,
    }


def to_csv(reminders: list[Reminder]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for reminder in reminders:
        data = row(reminder)
        data["recipients"] = ";".join(data["recipients"])
        writer.writerow([data[column] for column in CSV_COLUMNS])
    return buffer.getvalue()


def write(context: BuildContext) -> None:
    compilation = context.compilation
    reminders = schedule(compilation)
    context.write_json("reminders.json", {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": context.stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "today": compilation.today.isoformat(),
        "reminders": [row(r) for r in reminders],
    })
    context.write_text("reminders.csv", to_csv(reminders))
