"""``slmspec deadlines``: what needs action soon, soonest first, with days left."""

from __future__ import annotations

import json

import click

from ..deadlines import Due, upcoming
from ..diagnostics import did_you_mean
from ..durations import Period
from ..timeline import add_period
from .common import TODAY, PeriodParam, compile_here, stop_on_errors, use_color

COLUMNS = ("DATE", "DAYS", "EVENT", "CONTRACT", "OWNER", "DETAILS")


@click.command()
@click.option("--within", type=PeriodParam(), default="P90D", show_default=True,
              help="How far ahead of today to look (P90D, P6M, P1Y).")
@TODAY
@click.option("--type", "contract_type", type=click.Choice(["customer", "supplier"]),
              default=None, help="Only customer or only supplier contracts.")
@click.option("--owner", default=None, metavar="KEY", help="Only contracts this person owns.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people, json for tools.")
@click.pass_context
def deadlines(ctx: click.Context, within: Period, today, contract_type: str | None,
              owner: str | None, fmt: str) -> None:
    """List what needs action soon: notice deadlines without a decision, renewals, ends, reviews.

    Soonest first, with the days left; the window runs from today to today +
    --within, both included.  Draft contracts and notice deadlines that already
    have a decision are left out.  The project is validated first: if it has
    errors, they are printed instead (exit 1).  The table is plain aligned text
    when piped or with NO_COLOR.

    \b
    Example:
      slmspec deadlines
      slmspec deadlines --within P6M --type supplier --owner sara
      slmspec deadlines --format json --today 2026-12-04
    """
    compilation = compile_here(ctx, today)
    stop_on_errors(ctx, compilation, "The project has errors: fix them first (slmspec validate).")
    settings = compilation.settings
    if owner and settings is not None and owner not in settings.people:
        close = did_you_mean(owner, settings.people)
        hint = f"; {close}" if close else ""
        raise click.BadParameter(f"no person '{owner}' in settings.people{hint}",
                                 ctx=ctx, param_hint="'--owner'")
    found = upcoming(compilation, within, contract_type=contract_type, owner=owner)
    if fmt == "json":
        click.echo(json.dumps([d.as_dict() for d in found], indent=2, ensure_ascii=False))
        return
    until = add_period(compilation.today, within)
    if not found:
        click.echo(f"Nothing due from {compilation.today} to {until} ({within}).")
        return
    if use_color():
        _rich_table(found, f"Deadlines {compilation.today} to {until} ({within})")
    else:
        click.echo(plain_table(found))


def _row(due: Due) -> tuple[str, ...]:
    return (due.event.date.isoformat(), str(due.days_left), due.label, due.event.contract,
            due.contract.spec.owner, due.details)


def plain_table(found: list[Due]) -> str:
    """Columns aligned with spaces, numbers right-aligned: readable and easy to cut or grep."""
    rows = [COLUMNS, *(_row(d) for d in found)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i == 1 else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=False))]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _rich_table(found: list[Due], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for column in COLUMNS:
        table.add_column(column.capitalize(), justify="right" if column == "DAYS" else "left",
                         no_wrap=column in ("DATE", "DAYS", "CONTRACT"))
    for due in found:
        style = "bold red" if due.event.kind == "noticeDeadline" and due.days_left <= 7 else (
            "yellow" if due.event.kind == "noticeDeadline" else None)
        table.add_row(*_row(due), style=style)
    Console().print(table)
