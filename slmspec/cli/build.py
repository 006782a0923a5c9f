"""``slmspec build``: validate, then write the feeds, the reminder schedule and the catalog."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import build_once
from .common import (
    EXIT_OK,
    EXIT_PROJECT_ERRORS,
    EXIT_USAGE,
    TODAY,
    project_root,
    report_and_exit_code,
)


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/ in the project).")
@TODAY
@click.option("--strict", is_flag=True, help="Warnings fail the build too.")
@click.pass_context
def build(ctx: click.Context, out: Path | None, today, strict: bool) -> None:
    """Validate the project and write its outputs (feeds, reminders, catalog).

    Nothing is written when the project has errors.  Outputs are written to a
    temporary folder and swapped in whole, so an interrupted build leaves the
    previous output intact.  SOURCE_DATE_EPOCH fixes the build stamp.

    \b
    Example:
      slmspec build
      SOURCE_DATE_EPOCH=1764806400 slmspec build --today 2026-12-04 --out public
    """
    root = project_root(ctx)
    target = out if out is not None else root / "dist"
    result = build_once(root, target, today, strict=strict)
    code = EXIT_OK
    if result.compilation is not None:
        code = report_and_exit_code(result.compilation, "text", strict=strict)
    if result.error:
        click.echo(f"slmspec: {result.error}", err=True)
        ctx.exit(EXIT_USAGE)
    if not result.written:
        click.echo("Nothing written: fix the problems above first.", err=True)
        ctx.exit(EXIT_PROJECT_ERRORS)
    click.echo(f"Wrote {target}")
    ctx.exit(code)
