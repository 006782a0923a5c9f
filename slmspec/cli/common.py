"""What every command shares: finding the project, --today, exit codes, printing diagnostics."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from ..compiler import Compilation, compile_project
from ..diagnostics import has_errors
from ..durations import DurationError, Period
from ..project import ProjectNotFound, find_root

EXIT_OK = 0
EXIT_PROJECT_ERRORS = 1
EXIT_USAGE = 2


class IsoDateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not a date: write YYYY-MM-DD", param, ctx)


class PeriodParam(click.ParamType):
    name = "PERIOD"

    def convert(self, value, param, ctx):
        if isinstance(value, Period):
            return value
        try:
            return Period.parse(str(value))
        except DurationError as err:
            self.fail(f"{err}; write an ISO 8601 period such as P90D, P2W or P3M", param, ctx)


TODAY = click.option(
    "--today", type=IsoDateParam(), default=None,
    help="Evaluate as of this date (default: today in the settings' time zone).")


def project_root(ctx: click.Context) -> Path:
    """The project folder: --project, or slmspec.yaml found by walking up from here."""
    given = ctx.find_root().params.get("project")
    try:
        return find_root(Path(given) if given else Path.cwd())
    except ProjectNotFound as err:
        raise click.UsageError(str(err)) from None


def compile_here(ctx: click.Context, today: date | None) -> Compilation:
    return compile_project(project_root(ctx), today)


def use_color(stream=None) -> bool:
    """Colour only on a terminal, never with NO_COLOR (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def stop_on_errors(ctx: click.Context, compilation: Compilation, message: str) -> None:
    """Commands that act on a project act only on a valid one: print why not, exit 1."""
    if has_errors(compilation.diagnostics):
        report_and_exit_code(compilation, err=True)
        click.echo(message, err=True)
        ctx.exit(EXIT_PROJECT_ERRORS)


def report_and_exit_code(compilation: Compilation, fmt: str = "text", *,
                         strict: bool = False, quiet_ok: bool = False, err: bool = False) -> int:
    """Print the diagnostics in ``fmt`` (on stderr with ``err``) and return the exit code."""
    from ..report import REPORTERS

    reporter = REPORTERS[fmt]
    text = reporter(compilation.diagnostics, color=use_color(sys.stderr if err else None))
    if text and not (quiet_ok and not compilation.diagnostics):
        click.echo(text, nl=not text.endswith("\n"), err=err)
    failed = has_errors(compilation.diagnostics, strict=strict)
    return EXIT_PROJECT_ERRORS if failed else EXIT_OK
