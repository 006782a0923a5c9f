"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, a free port, scripted misbehaviour.

``Recorder`` keeps every message it accepts; it can answer 451 to chosen
messages, drop the connection on others, or take a message and then hang
before answering (the "in flight" message of a killed run).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    tls: bool = False
    authenticated: bool = False

    @property
    def reminder(self) -> str:
        return str(self.message["X-Slmspec-Reminder"])

    @property
    def key(self) -> tuple[str, str]:
        return (self.reminder, self.rcpt_tos[0])


class Recorder:
    """aiosmtpd handler; ``fail_on``/``drop_on``/``hang_on`` are 1-based DATA counts."""

    def __init__(self, *, fail_on: tuple[int, ...] = (), drop_on: tuple[int, ...] = (),
                 hang_on: int | None = None) -> None:
        self.fail_on = fail_on
        self.drop_on = drop_on
        self.hang_on = hang_on
        self.received: list[Received] = []
        self.data_commands = 0
        self.hanging = threading.Event()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.data_commands += 1
            number = self.data_commands
        if number in self.fail_on:
            return "451 4.3.0 Temporary failure, try again later"
        if number in self.drop_on:
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        content = envelope.original_content or envelope.content
        message = email.message_from_bytes(content, policy=default)
        with self._lock:
            self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), message,
                                          session.ssl is not None, bool(session.authenticated)))
        if number == self.hang_on:
            self.hanging.set()
            await asyncio.sleep(3600)  # accepted, but the client never hears so
        return "250 2.0.0 OK"

    def keys(self) -> list[tuple[str, str]]:
        with self._lock:
            return [r.key for r in self.received]


class FreePortController(Controller):
    """Binds port 0 and learns the port the kernel gave it before checking the server is up."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextlib.contextmanager
def smtp_server(handler: Recorder, **kwargs) -> Iterator[FreePortController]:
    controller = FreePortController(handler, hostname="127.0.0.1", port=0, **kwargs)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def point_project_at(project: Path, port: int, *, host: str = "127.0.0.1", timeout: int = 10,
                     extra: str = "") -> None:
    """Rewrite ``spec.mail.smtp`` of the project's slmspec.yaml to use ``host:port``."""
    settings = project / "slmspec.yaml"
    text = settings.read_text(encoding="utf-8")
    block = f"    smtp:\n      host: {host}\n      port: {port}\n      timeout: {timeout}\n{extra}"
    new, count = re.subn(r"    smtp:\n(?:      .*\n)+", block, text)
    assert count == 1, "the example's slmspec.yaml has one spec.mail.smtp block"
    settings.write_text(new, encoding="utf-8")


def remind(run, project: Path, today: str, *args: str, env: dict[str, str | None] | None = None):
    """``slmspec remind`` in-process, with no SMTP credentials unless ``env`` gives them."""
    clean = {"SLMSPEC_SMTP_USER": None, "SLMSPEC_SMTP_PASSWORD": None, **(env or {})}
    return run("-C", str(project), "remind", "--today", today, *args, env=clean)


def ledger_lines(project: Path) -> list[str]:
    path = project / ".slmspec/ledger.jsonl"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []
