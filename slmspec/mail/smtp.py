"""SMTP delivery: one connection for a batch, a timeout on everything, failures as values.

The connection is opened on the first message and reused; a dropped
connection (or a 421) is closed and the next message opens a new one.  When
opening a connection fails, :class:`ConnectionFailed` tells the caller to stop
trying for this run instead of waiting out a timeout per message.
Credentials come only from ``SLMSPEC_SMTP_USER`` and ``SLMSPEC_SMTP_PASSWORD``
and are never sent over a connection that is not encrypted.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

USER_VARIABLE = "SLMSPEC_SMTP_USER"
PASSWORD_VARIABLE = "SLMSPEC_SMTP_PASSWORD"


class SetupProblem(Exception):
    """Settings or environment that make sending impossible (a usage error, exit 2)."""


class DeliveryFailed(Exception):
    """One message was not accepted; ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ConnectionFailed(DeliveryFailed):
    """No connection (or no login): nothing more can be sent in this run."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def credentials_from(environ: Mapping[str, str]) -> Credentials | None:
    """Both variables or neither; one without the other is a mistake worth stopping for."""
    user = environ.get(USER_VARIABLE, "")
    password = environ.get(PASSWORD_VARIABLE, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise SetupProblem(f"{missing} is not set: set both {USER_VARIABLE} and "
                           f"{PASSWORD_VARIABLE}, or neither")
    return Credentials(user, password)


class Mailer:
    """Sends messages over one reusable SMTP connection configured by ``settings.mail.smtp``."""

    def __init__(self, smtp: Any, credentials: Credentials | None = None) -> None:
        if credentials is not None and not (smtp.starttls or smtp.ssl):
            raise SetupProblem(f"{USER_VARIABLE} is set but the connection to {smtp.host} is not "
                               "encrypted: set starttls: true or ssl: true under spec.mail.smtp")
        self.smtp = smtp
        self.credentials = credentials
        self._connection: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.smtp.host}:{self.smtp.port}"

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, msg: EmailMessage, sender: str, recipient: str) -> None:
        """Deliver ``msg`` to ``recipient``; raises DeliveryFailed (or ConnectionFailed)."""
        connection = self._connection or self._connect()
        try:
            refused = connection.send_message(msg, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as err:
            code, text = next(iter(err.recipients.values()), (0, b""))
            self._drop_if_closed(connection)
            raise DeliveryFailed(f"recipient refused: {_reply(code, text)}") from None
        except smtplib.SMTPSenderRefused as err:
            self._drop_if_closed(connection)
            raise DeliveryFailed(f"sender refused: {_reply(err.smtp_code, err.smtp_error)}") \
                from None
        except smtplib.SMTPResponseException as err:
            self._drop_if_closed(connection)
            raise DeliveryFailed(f"not accepted: {_reply(err.smtp_code, err.smtp_error)}") \
                from None
        except (smtplib.SMTPException, OSError) as err:
            self._drop()
            raise DeliveryFailed(f"connection lost: {_describe(err)}") from None
        if refused:
            code, text = next(iter(refused.values()))
            raise DeliveryFailed(f"recipient refused: {_reply(code, text)}")

    def close(self) -> None:
        """QUIT politely when the connection is still up; never raises."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

    def _connect(self) -> smtplib.SMTP:
        smtp = self.smtp
        connection: smtplib.SMTP | None = None
        try:
            if smtp.ssl:
                connection = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                              context=ssl.create_default_context())
            else:
                connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
            connection.ehlo_or_helo_if_needed()
            if smtp.starttls and not smtp.ssl:
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if self.credentials is not None:
                self._login(connection, self.credentials)
        except ConnectionFailed:
            _close_quietly(connection)
            raise
        except smtplib.SMTPAuthenticationError as err:
            _close_quietly(connection)
            raise ConnectionFailed(f"login to {self.where} refused: "
                                   f"{_reply(err.smtp_code, err.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as err:
            _close_quietly(connection)
            raise ConnectionFailed(f"{self.where}: {_describe(err)}") from None
        except (smtplib.SMTPException, OSError) as err:
            _close_quietly(connection)
            raise ConnectionFailed(f"cannot connect to {self.where}: {_describe(err)}") from None
        self._connection = connection
        return connection

    def _login(self, connection: smtplib.SMTP, credentials: Credentials) -> None:
        """smtplib sends credentials as ASCII only; AUTH PLAIN (RFC 4616) carries UTF-8."""
        user, password = credentials.user, credentials.password
        if user.isascii() and password.isascii():
            connection.login(user, password)
            return
        offered = connection.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" not in offered:
            raise ConnectionFailed(f"{self.where}: a user name or password with non-ASCII "
                                   "characters needs AUTH PLAIN, which the server does not offer")
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode())
        code, text = connection.docmd("AUTH", "PLAIN " + token.decode("ascii"))
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, text)

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        _close_quietly(connection)

    def _drop_if_closed(self, connection: smtplib.SMTP) -> None:
        """smtplib closes the socket itself after a 421; forget such a connection."""
        if getattr(connection, "sock", None) is None:
            self._drop()


def _close_quietly(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.close()


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(f"{code} {text}".split())


def _describe(err: BaseException) -> str:
    if isinstance(err, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(err, ssl.SSLCertVerificationError):
        return f"certificate not trusted ({err.verify_message})"
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
