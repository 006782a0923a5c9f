"""``slmspec build``: validate, then write the feeds, the reminder schedule and the catalog."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import OutputRefused, write_outputs
from ..diagnostics import has_errors
from .common import EXIT_PROJECT_ERRORS, EXIT_USAGE, TODAY, compile_here, report_and_exit_code


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
    compilation = compile_here(ctx, today)
    code = report_and_exit_code(compilation, "text", strict=strict)
    if has_errors(compilation.diagnostics, strict=strict):
        click.echo("Nothing written: fix the problems above first.", err=True)
        ctx.exit(EXIT_PROJECT_ERRORS)
    target = out if out is not None else compilation.project.root / "dist"
    try:
        write_outputs(compilation, target)
    except OSError as err:
        reason = err.strerror or str(err) if not isinstance(err, OutputRefused) else str(err)
        click.echo(f"slmspec: cannot write {target}: {reason}", err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(f"Wrote {target}")
    ctx.exit(code)
