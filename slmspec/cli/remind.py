"""``slmspec remind``: list the reminder mails that are due, or send them with ``--send``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..mail.ledger import (
    DEFAULT_LEDGER,
    LedgerBusy,
    LedgerLock,
    LedgerUnusable,
    LedgerWriter,
    read_ledger,
)
from ..mail.run import Delivery, deliver, due
from ..mail.smtp import Mailer, SetupProblem, credentials_from
from ..mail.templates import TemplateProblem
from ..reminders import schedule
from .common import (
    EXIT_OK,
    EXIT_PROJECT_ERRORS,
    EXIT_USAGE,
    TODAY,
    compile_here,
    report_and_exit_code,
    stop_on_errors,
    use_color,
)


@click.command()
@TODAY
@click.option("--send", is_flag=True,
              help="Mail the due reminders over SMTP (default: only list them).")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help=f"Record of sent mail (default: {DEFAULT_LEDGER} in the project).")
@click.pass_context
def remind(ctx: click.Context, today, send: bool, ledger_path: Path | None) -> None:
    """Mail the reminders that are due and not yet sent; without --send, list them.

    A mail is due when its send date has come, its event has not passed and the
    ledger has no record of it; a reminder missed on an earlier day is sent
    now.  Each accepted mail is recorded in the ledger before the next one is
    sent.  SMTP comes from spec.mail in slmspec.yaml; a login only from
    SLMSPEC_SMTP_USER and SLMSPEC_SMTP_PASSWORD.  Exit 0 when all went out,
    1 for project errors or mail that failed (the next run retries it), 2 for
    usage errors (no mail settings, another run holds the ledger lock).

    \b
    Example:
      slmspec remind --today 2026-12-04
      SLMSPEC_SMTP_USER=avtal SLMSPEC_SMTP_PASSWORD=secret slmspec remind --send
    """
    compilation = compile_here(ctx, today)
    stop_on_errors(ctx, compilation, "Nothing sent: fix the errors above first.")
    report_and_exit_code(compilation, quiet_ok=True, err=True)
    root = compilation.project.root
    ledger = ledger_path.absolute() if ledger_path is not None else root / DEFAULT_LEDGER
    try:
        reminders = schedule(compilation)
    except TemplateProblem as err:
        _stop(ctx, f"mail template: {err}", EXIT_PROJECT_ERRORS)
    if not send:
        state = _read(ctx, ledger, root)
        pending = due(reminders, state.sent, compilation.today)
        _print_due(pending, compilation.today)
        ctx.exit(EXIT_OK)
    ctx.exit(_send(ctx, compilation, reminders, ledger, root))


def _send(ctx: click.Context, compilation, reminders, ledger: Path, root: Path) -> int:
    from ..mail.compose import sender_of

    settings = compilation.settings
    if settings is None or settings.mail is None:
        _stop(ctx, "slmspec.yaml has no spec.mail: add from and smtp to send reminders")
    sender = sender_of(compilation)
    if sender is None:
        _stop(ctx, f"spec.mail.from '{settings.mail.from_}' is not an address "
              "(write e.g. \"Avtal <avtal@example.se>\")")
    try:
        mailer = Mailer(settings.mail.smtp, credentials_from(os.environ))
    except SetupProblem as err:
        _stop(ctx, str(err))
    try:
        with LedgerLock(ledger):
            state = _read(ctx, ledger, root)
            pending = due(reminders, state.sent, compilation.today)
            if not pending:
                click.echo(f"Nothing to send on {compilation.today}.")
                return EXIT_OK
            with LedgerWriter(ledger) as writer, mailer:
                outcome = deliver(compilation, pending, mailer, writer, sender,
                                  on_sent=_print_sent, on_failed=_print_failed)
    except LedgerBusy as err:
        _stop(ctx, str(err))
    except LedgerUnusable as err:
        _stop(ctx, f"{err}; stopped so that nothing is sent twice", EXIT_PROJECT_ERRORS)
    sent, failed = len(outcome.sent), len(outcome.failed)
    if not failed:
        click.echo(f"Sent {_count(sent, 'message')}.")
        return EXIT_OK
    click.echo(f"Sent {sent} of {_count(sent + failed, 'message')}; {failed} failed "
               "and will be retried by the next run.", err=True)
    return EXIT_PROJECT_ERRORS


def _read(ctx: click.Context, ledger: Path, root: Path):
    try:
        state = read_ledger(ledger, _shown(ledger, root))
    except LedgerUnusable as err:
        _stop(ctx, str(err))
    for warning in state.warnings:
        click.echo(f"warning: {warning}", err=True)
    return state


def _stop(ctx: click.Context, message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"Error: {message}", err=True)
    ctx.exit(code)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _print_due(pending: list[Delivery], today) -> None:
    if not pending:
        click.echo(f"Nothing is due on {today}.")
        return
    header = ("SEND", "EVENT", "DAYS", "REMINDER", "TO")
    rows = [(d.reminder.send_date.isoformat(), d.reminder.event.date.isoformat(),
             str((d.reminder.event.date - today).days), d.reminder.id, d.recipient.email)
            for d in pending]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    color = use_color()
    for number, row in enumerate([header, *rows]):
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        line = line.rstrip()
        click.echo(click.style(line, bold=True) if color and number == 0 else line)
    reminders = len({d.reminder.id for d in pending})
    click.echo(f"{_count(len(pending), 'message')} ({_count(reminders, 'reminder')}) due on "
               f"{today}; run with --send to mail them.")


def _print_sent(delivery: Delivery) -> None:
    click.echo(f"sent    {delivery.reminder.id} -> {delivery.recipient.email}")


def _print_failed(delivery: Delivery, reason: str) -> None:
    click.echo(f"failed  {delivery.reminder.id} -> {delivery.recipient.email}: {reason}",
               err=True)
